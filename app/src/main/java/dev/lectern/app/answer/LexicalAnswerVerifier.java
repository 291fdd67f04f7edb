package dev.lectern.app.answer;

import dev.lectern.app.answer.CitationParser.ParsedSentence;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks each sentence against the sources it cites, without a model: every number it states
 * ("1,234.5", "$1.2 million", "12%") and every name (a capitalised word not opening the sentence, a
 * quoted term) must appear in those sources, and enough of its content words must too. A sentence
 * that cites nothing is unsupported unless it only talks about the answer itself ("The documents do
 * not say."). Stateless and thread-safe.
 */
public final class LexicalAnswerVerifier implements AnswerVerifier {
    /** The default share of a sentence's content words that its sources must contain. */
    public static final double DEFAULT_OVERLAP = 0.5;

    private static final Pattern QUOTED = Pattern.compile("[\"\u201C]([^\"\u201C\u201D]{2,80})[\"\u201D]");
    private static final Pattern META = Pattern.compile(
            "^(?:the |these |those )?(?:provided )?(?:documents?|sources?|passages?|texts?|excerpts?|contracts?|files?)"
                    + "(?: provided| given| above)? (?:do|does|did) not (?:say|state|mention|specify|contain|include|"
                    + "address|cover|describe|provide|indicate|discuss)\\b.{0,80}$"
                    + "|^(?:i )?(?:could|can|did) not find\\b.{0,80}$"
                    + "|^(?:there is |there's )?no (?:information|mention|details?)\\b.{0,80}$"
                    + "|^not (?:found|stated|specified|mentioned)\\b.{0,40}$"
                    + "|^(?:in summary|to summari[sz]e|in short|overall)[,:]?$"
                    + "|^(?:here (?:is|are)|the following)\\b.{0,60}:$",
            Pattern.CASE_INSENSITIVE);
    /** Capitalised words that name nothing: pronouns and the words that open a clause mid-sentence. */
    private static final Set<String> NOT_NAMES = Set.of(
            "I", "The", "A", "An", "This", "That", "These", "Those", "It", "In", "On", "Of", "And", "Or", "But", "However",
            "If", "As", "For", "To", "With", "By", "At", "Note", "Yes", "No", "Source", "Sources", "Section");

    private final double minOverlap;

    public LexicalAnswerVerifier() {
        this(DEFAULT_OVERLAP);
    }

    /** @param minOverlap share of content words (0 &lt; x &lt;= 1) the cited sources must contain */
    /**
     * A verifier that also accepts a paraphrase: a sentence whose words differ from its sources' but
     * whose meaning is close ({@code similarity} of sentence and a cited source at least
     * {@code minSimilarity}) passes the content-word check. Numbers, names and quotes must still
     * appear verbatim.
     */
    public LexicalAnswerVerifier(double minOverlap, java.util.function.ToDoubleBiFunction<String, String> similarity,
                                 double minSimilarity) {
        this(minOverlap);
        this.similarity = similarity;
        this.minSimilarity = minSimilarity;
    }

    private java.util.function.ToDoubleBiFunction<String, String> similarity;
    private double minSimilarity = 1.1;

    public LexicalAnswerVerifier(double minOverlap) {
        if (!(minOverlap > 0 && minOverlap <= 1)) {
            throw new IllegalArgumentException("minOverlap must be in (0, 1], got " + minOverlap
                    + ": 0.5 means half of a sentence's content words must appear in its sources");
        }
        this.minOverlap = minOverlap;
    }

    @Override
    public List<Verdict> verify(List<ParsedSentence> sentences, List<Source> sources) {
        List<Verdict> out = new ArrayList<>();
        for (ParsedSentence s : sentences) {
            out.add(check(s, sources));
        }
        return out;
    }

    /** Whether a sentence only talks about the answer or the documents, so it needs no citation. */
    public static boolean isMeta(String sentence) {
        String s = sentence.strip().replaceAll("[.!]+$", "").replace('\u2019', '\'');
        return META.matcher(s).matches();
    }

    private Verdict check(ParsedSentence s, List<Source> sources) {
        StringBuilder cited = new StringBuilder();
        for (Source src : sources) {
            if (s.citations().contains(src.n())) {
                cited.append(src.text()).append('\n');
            }
        }
        if (cited.length() == 0) {
            return isMeta(s.text()) ? Verdict.ok()
                    : new Verdict(false, List.of(s.citations().isEmpty() ? "cites no source" : "cites no known source"));
        }
        String evidence = cited.toString();
        String evidenceLower = evidence.toLowerCase(Locale.ROOT);
        Set<String> evidenceTerms = Terms.allTerms(evidence);
        List<String> problems = new ArrayList<>();

        List<Numbers.Mention> evidenceNumbers = Numbers.find(evidence);
        for (Numbers.Mention n : Numbers.find(s.text())) {
            if (isListMarker(s.text(), n)) {
                continue;
            }
            if (!Numbers.stated(n, evidenceNumbers)) {
                problems.add("number " + n.text().strip() + " is not in the cited sources");
            }
        }
        for (String name : names(s.text())) {
            if (!evidenceTerms.contains(Terms.stem(name.toLowerCase(Locale.ROOT)))) {
                problems.add("name " + name + " is not in the cited sources");
            }
        }
        Matcher q = QUOTED.matcher(s.text());
        while (q.find()) {
            String quoted = q.group(1).strip().toLowerCase(Locale.ROOT);
            if (!normaliseSpace(evidenceLower).contains(normaliseSpace(quoted))) {
                problems.add("quoted \"" + q.group(1).strip() + "\" is not in the cited sources");
            }
        }
        Set<String> content = Terms.contentTerms(s.text());
        if (!content.isEmpty()) {
            int found = 0;
            for (String t : content) {
                if (evidenceTerms.contains(t)) {
                    found++;
                }
            }
            double share = found / (double) content.size();
            if (share < minOverlap && !meaningClose(s, sources)) {
                problems.add(String.format(Locale.ROOT, "only %d of %d content words are in the cited sources", found,
                        content.size()));
            }
        }
        return new Verdict(problems.isEmpty(), problems);
    }

    private boolean meaningClose(ParsedSentence s, List<Source> sources) {
        if (similarity == null) {
            return false;
        }
        for (Source src : sources) {
            if (s.citations().contains(src.n()) && similarity.applyAsDouble(s.text(), src.text()) >= minSimilarity) {
                return true;
            }
        }
        return false;
    }

    /** "1." or "2)" opening a list item is numbering, not a claim. */
    private static boolean isListMarker(String sentence, Numbers.Mention n) {
        return sentence.substring(0, n.start()).isBlank() && n.end() < sentence.length()
                && ".)".indexOf(sentence.charAt(n.end())) >= 0;
    }

    /** Capitalised words that are not the sentence's first word: names, defined terms, acronyms. */
    static List<String> names(String sentence) {
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<Terms.Word> words = Terms.words(sentence);
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i).text();
            if (!Character.isUpperCase(w.charAt(0)) || NOT_NAMES.contains(w)) {
                continue;
            }
            if (i == 0 || opensClause(sentence, words.get(i).start())) {
                continue;
            }
            if (seen.add(w)) {
                out.add(w);
            }
        }
        return out;
    }

    /** Whether a word at {@code start} follows a colon, a list marker or an opening quote: it may be capitalised for that. */
    private static boolean opensClause(String s, int start) {
        int i = start - 1;
        while (i >= 0 && Character.isWhitespace(s.charAt(i))) {
            i--;
        }
        return i >= 0 && ":;\u2022-*(\"\u201C".indexOf(s.charAt(i)) >= 0;
    }

    private static String normaliseSpace(String s) {
        return s.replaceAll("\\s+", " ").replace('\u2019', '\'');
    }
}
