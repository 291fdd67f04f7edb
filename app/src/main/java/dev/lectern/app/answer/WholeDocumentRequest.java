package dev.lectern.app.answer;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request about a whole document rather than a fact in it: "summarise this contract", "list every
 * obligation", "what are all the deadlines?". Passage retrieval answers these badly (the answer is
 * spread over every page), so the pipeline handles them by reading the document section by section.
 * {@code subject} is what to summarise or list, as the user wrote it ("this contract", "obligations").
 */
public record WholeDocumentRequest(Kind kind, String subject) {
    /** Summarise a document, or gather every item of a kind from it. */
    public enum Kind { SUMMARY, LIST_ALL }

    public WholeDocumentRequest {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
    }

    private static final List<Pattern> SUMMARY = List.of(
            Pattern.compile("^(?:please\\s+|can you\\s+|could you\\s+)?(?:summari[sz]e|sum up|recap|outline|give (?:me )?"
                    + "(?:a |an )?(?:short |brief |quick )?(?:summary|overview|rundown|recap|tl;?dr) of)\\s+(?<s>.+)$"),
            Pattern.compile("^(?:what is|what's|what are)\\s+(?<s>.+?)\\s+(?:about|in a nutshell)$"),
            Pattern.compile("^(?:tl;?dr|summary|overview)(?:\\s*:\\s*|\\s+of\\s+|$)(?<s>.*)$"),
            Pattern.compile("^(?:give me |i need |i want )?(?:a |an )?(?:short |brief |quick )?(?:summary|overview) "
                    + "(?:of|for)\\s+(?<s>.+)$"));
    private static final List<Pattern> LIST_ALL = List.of(
            Pattern.compile("^(?:please\\s+|can you\\s+|could you\\s+)?(?:list|find|show|give me|name|enumerate|extract"
                    + "|identify)\\s+(?:me\\s+)?(?:every|all(?: of)?(?: the)?|each)\\s+(?<s>.+)$"),
            Pattern.compile("^(?:please\\s+)?(?:list|enumerate)\\s+(?:the\\s+)?(?<s>.+?)(?:\\s+(?:in|of|from)\\s+"
                    + "(?:this|the|these)\\s+\\w+)$"),
            Pattern.compile("^what are all\\s+(?:of\\s+)?(?:the\\s+)?(?<s>.+)$"),
            Pattern.compile("^(?:which|what)\\s+(?<s>.+?)\\s+(?:are there|are mentioned|are listed|does it mention|"
                    + "does (?:this|the) \\w+ (?:mention|list|contain))$"));

    /** The whole-document request that {@code question} makes, if it makes one. */
    public static Optional<WholeDocumentRequest> detect(String question) {
        String q = question.strip().toLowerCase(Locale.ROOT).replaceAll("[?.!]+$", "").replaceAll("\\s+", " ");
        for (Pattern p : SUMMARY) {
            Matcher m = p.matcher(q);
            if (m.matches()) {
                return Optional.of(new WholeDocumentRequest(Kind.SUMMARY, m.group("s").strip()));
            }
        }
        for (Pattern p : LIST_ALL) {
            Matcher m = p.matcher(q);
            if (m.matches()) {
                return Optional.of(new WholeDocumentRequest(Kind.LIST_ALL, m.group("s").strip()));
            }
        }
        return Optional.empty();
    }
}
