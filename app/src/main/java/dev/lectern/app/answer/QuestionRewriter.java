package dev.lectern.app.answer;

import dev.lectern.inference.ChatMessage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Makes a follow-up question searchable on its own. "What about for convenience?" after "What is
 * the notice period for termination?" searches poorly alone; without a model the previous
 * question's content words go in front of it. With a model the pipeline asks the model instead,
 * with {@link #modelPrompt}. Stateless and thread-safe.
 */
public final class QuestionRewriter {
    private static final Pattern FOLLOW_UP_OPENING = Pattern.compile(
            "^\\s*(?:what about|how about|and|also|what if|same for|but|or|then|so|why|why not|really|and what|"
                    + "what else|anything else|more on|tell me more|elaborate|explain that|explain this)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Set<String> REFERRING = Set.of(
            "it", "its", "it's", "they", "them", "their", "theirs", "that", "this", "these", "those", "he", "him",
            "his", "she", "her", "there", "former", "latter", "same", "one", "ones");
    /** Short questions ("and Germany?") rarely stand alone; longer ones usually do. */
    private static final int SHORT_WORDS = 4;

    static final String MODEL_SYSTEM = """
            You rewrite a follow-up question so that it can be understood without the conversation. Replace pronouns \
            and references such as "it", "they", "that clause" or "what about" with what they refer to in the \
            conversation. Keep the user's wording otherwise. If the question already stands on its own, return it \
            unchanged. Reply with the rewritten question only, on one line, without quotes or explanations.""";

    /** Whether {@code question} leans on the conversation before it. */
    public boolean isFollowUp(String question) {
        Objects.requireNonNull(question, "question");
        var whole = WholeDocumentRequest.detect(question);
        if (whole.isPresent() && !Terms.contentTerms(whole.get().subject()).isEmpty()) {
            // "summarise the NDA" says what to read; only "summarise it" leans on what came before
            return false;
        }
        if (FOLLOW_UP_OPENING.matcher(question).find()) {
            return true;
        }
        List<Terms.Word> words = Terms.words(question);
        if (words.isEmpty()) {
            return false;
        }
        for (Terms.Word w : words) {
            if (REFERRING.contains(w.text().toLowerCase(Locale.ROOT).replace('\u2019', '\''))) {
                return true;
            }
        }
        return words.size() <= SHORT_WORDS && Terms.contentTerms(question).size() <= 2;
    }

    /**
     * The question to search with: a follow-up gets the previous question's content words in front
     * (those it does not already have); anything else, or a first question, is returned as is.
     */
    public String rewrite(String question, String previousQuestion) {
        Objects.requireNonNull(question, "question");
        if (previousQuestion == null || previousQuestion.isBlank() || !isFollowUp(question)) {
            return question;
        }
        Set<String> have = Terms.contentTerms(question);
        Set<String> add = new LinkedHashSet<>();
        // "R&D", "M&A", "P&L": the word splitter would leave two single letters of them
        List<int[]> joined = new ArrayList<>();
        java.util.regex.Matcher m = AMPERSAND_WORD.matcher(previousQuestion);
        while (m.find()) {
            joined.add(new int[] {m.start(), m.end()});
            if (!question.contains(m.group())) {
                add.add(m.group());
            }
        }
        for (Terms.Word w : Terms.words(previousQuestion)) {
            String lower = w.text().toLowerCase(Locale.ROOT);
            boolean partOfJoined = joined.stream().anyMatch(j -> w.start() >= j[0] && w.end() <= j[1]);
            if (Terms.isContent(lower) && !have.contains(Terms.stem(lower)) && !REQUEST_WORDS.contains(lower)
                    && !partOfJoined) {
                add.add(w.text());
            }
        }
        // the previous question may itself be a rewritten follow-up: keep its last words, those of the
        // question it asked, so that a long chat does not pile up every earlier topic
        List<String> carried = new ArrayList<>(add);
        if (carried.size() > MAX_CARRIED) {
            carried = carried.subList(carried.size() - MAX_CARRIED, carried.size());
        }
        return carried.isEmpty() ? question : String.join(" ", carried) + " " + question.strip();
    }

    /** At most this many words of the previous question go in front of a follow-up. */
    static final int MAX_CARRIED = 6;

    private static final Pattern AMPERSAND_WORD = Pattern.compile("\\b\\p{L}{1,4}&\\p{L}{1,4}\\b");

    /**
     * Words that say what to do with the documents, not what about: carried into a follow-up,
     * "summarise" turned "what does it say about notices?" into another summary of the whole file.
     */
    static final Set<String> REQUEST_WORDS = Set.of("summarise", "summarize", "summary", "summaries", "sum",
            "recap", "outline", "overview", "list", "enumerate", "give", "show", "tell", "find", "explain", "describe",
            "every", "all", "please", "briefly", "brief", "short", "quick", "tl", "dr");


    /**
     * The chat asking a model to rewrite {@code question} given the earlier turns ({@code history}:
     * user questions and assistant answers, oldest first, as they were said). Only the last few turns
     * are sent: a follow-up refers to what was just said.
     */
    public List<ChatMessage> modelPrompt(String question, List<ChatMessage> history) {
        Objects.requireNonNull(question, "question");
        List<ChatMessage> recent = history.subList(Math.max(0, history.size() - 4), history.size());
        StringBuilder sb = new StringBuilder("Conversation:\n");
        for (ChatMessage m : recent) {
            if (m.role() == ChatMessage.Role.SYSTEM) {
                continue;
            }
            String said = m.content().strip().replaceAll("\\s+", " ");
            if (said.length() > 600) {
                said = said.substring(0, 600) + "...";
            }
            sb.append(m.role() == ChatMessage.Role.USER ? "User: " : "Assistant: ")
                    .append(PromptBuilder.neutralise(said)).append('\n');
        }
        sb.append("\nFollow-up question: ").append(PromptBuilder.neutralise(question.strip()))
                .append("\n\nStandalone question:");
        List<ChatMessage> out = new ArrayList<>();
        out.add(ChatMessage.system(MODEL_SYSTEM));
        out.add(ChatMessage.user(sb.toString()));
        return out;
    }

    /** The model's rewrite, cleaned of quotes and labels; {@code original} when it gave nothing usable. */
    public String parseModelReply(String reply, String original) {
        if (reply == null) {
            return original;
        }
        String line = reply.strip().lines().findFirst().orElse("").strip()
                .replaceFirst("(?i)^(standalone question|rewritten question|question)\\s*:\\s*", "")
                .replaceAll("^[\"'\u201C]+|[\"'\u201D]+$", "").strip();
        if (line.isEmpty() || line.length() > 4 * Math.max(original.length(), 60)) {
            return original;
        }
        return line;
    }
}
