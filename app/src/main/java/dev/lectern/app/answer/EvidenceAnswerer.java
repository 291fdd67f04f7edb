package dev.lectern.app.answer;

import dev.lectern.indexing.Passage;
import dev.lectern.indexing.Retriever;
import dev.lectern.indexing.SearchRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers without a model: the answer is the best sentences of the documents, quoted and cited,
 * best first, followed by a note that a model would write a full answer. Every quoted sentence is
 * supported by construction. Questions the documents do not answer get {@link Answer.Mode#NOT_FOUND}
 * with the closest passages instead.
 */
public final class EvidenceAnswerer {
    private static final Logger LOG = LoggerFactory.getLogger(EvidenceAnswerer.class);

    /** The closing sentence of every evidence answer. */
    public static final String MODEL_NOTE =
            "These are the most relevant passages; with a language model installed (lectern models pull) Lectern "
                    + "writes a full answer from them.";
    public static final String NOT_FOUND_TEXT = "The documents do not seem to answer this question.";
    /** How a not-found answer that knows why begins; the reason and a period follow ({@link Answer#notFoundReason()}). */
    static final String NOT_FOUND_BECAUSE = NOT_FOUND_TEXT.substring(0, NOT_FOUND_TEXT.length() - 1) + ": ";
    /** How many passages are retrieved, and how many closest ones a NOT_FOUND answer lists. */
    public static final int DEFAULT_K = 8;
    static final int CLOSEST = 3;
    /** Quotes are short: a few sentences are an answer, a page of them is a search result. */
    public static final int DEFAULT_MAX_TOKENS = 220;
    static final int MAX_QUOTES = 4;

    private static final Pattern LIST_ITEM = Pattern.compile("^(?:[-*\u2022]|\\d{1,3}[.)])\\s");

    private final Retriever retriever;
    private final EvidenceSelector selector;
    private final Abstention abstention;
    private final int k;

    public EvidenceAnswerer(Retriever retriever, EvidenceSelector selector, Abstention abstention, int k) {
        this.retriever = Objects.requireNonNull(retriever, "retriever");
        this.selector = Objects.requireNonNull(selector, "selector");
        this.abstention = Objects.requireNonNull(abstention, "abstention");
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k + ": the number of passages to read");
        }
        this.k = k;
    }

    /** An answerer with the default budget, abstention and k, placing pages with {@code pages}. */
    public static EvidenceAnswerer withDefaults(Retriever retriever, PageLocator pages) {
        return withDefaults(retriever, pages, EvidenceSelector.Meaning.NONE);
    }

    /**
     * As {@link #withDefaults(Retriever, PageLocator)}, choosing sentences by meaning too
     * ({@code meaning}, e.g. the workspace's embedding model), with the words-only selector's floor:
     * quotes shown as an answer must each earn their place.
     */
    public static EvidenceAnswerer withDefaults(Retriever retriever, PageLocator pages, EvidenceSelector.Meaning meaning) {
        EvidenceSelector.Tuning tuning = new EvidenceSelector.Tuning(EvidenceSelector.Tuning.DEFAULT.lexical(),
                EvidenceSelector.Tuning.DEFAULT.semantic(), EvidenceSelector.Tuning.DEFAULT.rankPrior(),
                EvidenceSelector.Tuning.LEXICAL.relativeFloor());
        return new EvidenceAnswerer(retriever,
                new EvidenceSelector(EvidenceSelector::estimateTokens, DEFAULT_MAX_TOKENS, pages, meaning, tuning),
                new Abstention(), DEFAULT_K);
    }

    public Answer answer(String question) throws IOException {
        List<Passage> passages = retriever.retrieve(SearchRequest.of(question, k));
        int pagesRead = pagesRead(passages);
        Abstention.Decision decision = abstention.decide(question, passages);
        if (decision.abstain()) {
            LOG.debug("not found: {}", decision.reason());
            return notFound(passages, pagesRead, decision.forReader());
        }
        List<Source> sources = new ArrayList<>(selector.select(question, passages));
        if (sources.isEmpty()) {
            LOG.debug("not found: no sentence of {} passages matched the question", passages.size());
            return notFound(passages, pagesRead);
        }
        sources.sort(Comparator.comparingDouble(Source::relevance).reversed().thenComparingInt(Source::n));
        // the same passage in two files (a contract as PDF and as DOCX) is one quote citing both, also
        // when one copy was cut a sentence shorter than the other: the longer one is quoted
        List<String> keys = new ArrayList<>();
        List<List<Source>> groups = new ArrayList<>();
        for (Source s : sources) {
            String key = s.text().strip().replaceAll("\\s+", " ").toLowerCase(java.util.Locale.ROOT);
            int same = -1;
            for (int i = 0; i < keys.size() && same < 0; i++) {
                if (keys.get(i).contains(key) || key.contains(keys.get(i))) {
                    same = i;
                }
            }
            if (same >= 0) {
                groups.get(same).add(s);
                if (key.length() > keys.get(same).length()) {
                    keys.set(same, key);
                    groups.get(same).add(0, groups.get(same).remove(groups.get(same).size() - 1));
                }
            } else if (groups.size() < MAX_QUOTES) {
                keys.add(key);
                groups.add(new ArrayList<>(List.of(s)));
            }
        }
        java.util.Map<String, List<Source>> byText = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            byText.put(keys.get(i), groups.get(i));
        }
        StringBuilder text = new StringBuilder();
        List<AnswerSentence> sentences = new ArrayList<>();
        List<Citation> citations = new ArrayList<>();
        int n = 0;
        for (List<Source> same : byText.values()) {
            String quote = readable(same.get(0).text());
            List<Integer> numbers = new ArrayList<>();
            text.append(quote).append(' ');
            for (Source s : same) {
                Source numbered = s.withNumber(++n);
                numbers.add(n);
                citations.add(Citation.of(numbered));
                text.append('[').append(n).append(']');
            }
            text.append("\n\n");
            sentences.add(new AnswerSentence(quote, numbers, true));
        }
        text.append(MODEL_NOTE);
        sentences.add(new AnswerSentence(MODEL_NOTE, List.of(), true));
        return new Answer(Answer.Mode.EVIDENCE, text.toString(), sentences, citations, List.of(), pagesRead);
    }

    /**
     * A quote as answer text: soft line wraps become spaces, but table rows and list items keep their
     * own lines so a quoted table still reads as one.
     */
    static String readable(String quote) {
        StringBuilder sb = new StringBuilder();
        String previous = null;
        for (String raw : quote.strip().split("\n")) {
            String line = raw.strip().replaceAll("[ \t\u00A0]+", " ");
            if (line.isEmpty()) {
                continue;
            }
            if (previous != null) {
                sb.append(keepsOwnLine(previous) || keepsOwnLine(line) ? "\n" : " ");
            }
            sb.append(line);
            previous = line;
        }
        return sb.toString();
    }

    private static boolean keepsOwnLine(String line) {
        return line.startsWith("|") || LIST_ITEM.matcher(line).find();
    }

    /** The calm not-found answer: no citation, the closest passages to look at instead. */
    static Answer notFound(List<Passage> passages, int pagesRead) {
        return notFound(passages, pagesRead, null);
    }

    /** Not found, saying why when the reader should know ({@link Abstention.Decision#forReader()}). */
    static Answer notFound(List<Passage> passages, int pagesRead, String why) {
        List<Passage> closest = passages.subList(0, Math.min(CLOSEST, passages.size()));
        String text = why == null ? NOT_FOUND_TEXT : NOT_FOUND_BECAUSE + why + ".";
        return new Answer(Answer.Mode.NOT_FOUND, text, List.of(new AnswerSentence(text, List.of(), true)),
                List.of(), closest, pagesRead);
    }

    /** Distinct pages the retrieved passages cover: what "read N pages" reports. */
    static int pagesRead(List<Passage> passages) {
        Set<String> pages = new HashSet<>();
        for (Passage p : passages) {
            for (int page = p.pageStart(); page <= Math.max(p.pageStart(), p.pageEnd()); page++) {
                pages.add(p.docId() + "#" + page);
            }
        }
        return pages.size();
    }
}
