package dev.lectern.app.answer;

import dev.lectern.app.answer.SentenceSplitter.Kind;
import dev.lectern.app.answer.SentenceSplitter.Sentence;
import dev.lectern.indexing.Passage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the sentences of the retrieved passages that answer a question, with enough surrounding
 * text to read them right (the sentence a "This" refers back to, a table row's header, a list
 * item's lead-in), within a token budget. Sentences score by the question's words they contain,
 * each weighted by how rare it is among the retrieved passages (a word every passage has tells them
 * apart less), plus the numbers the question names or asks for; with an embedding model
 * ({@link Meaning}) also by how close they are to the question in meaning, so a sentence that
 * answers in other words is found too; and by the retrieval rank of their passage ({@link Tuning}).
 *
 * <p>Returns {@link Source}s: exact ranges of document text, merged where they touch, numbered
 * 1..n in document-then-offset order (the order a prompt lists them in). Stateless and thread-safe.
 */
public final class EvidenceSelector {
    private static final Logger LOG = LoggerFactory.getLogger(EvidenceSelector.class);

    /** A sentence is kept only when it scores at least this share of the best sentence's score. */
    static final double RELATIVE_FLOOR = 0.3;
    /** A unit with fewer letters than this (a clause number such as "6.3." or "(c)") is never quoted alone. */
    static final int MIN_LETTERS = 4;
    /** Up to this many units between a row and its header (an item and its lead-in) are quoted with them. */
    static final int MAX_GAP_UNITS = 3;
    private static final Pattern QUANTITY_QUESTION = Pattern.compile(
            "\\b(how (much|many|long|often|old|large|big|far)|what (year|date|percentage|amount|rate|price|fee|cost|"
                    + "total|number)|when\\b|amount|total|revenue|income|cost|price|fee|rate|percent|ratio|figure|"
                    + "deadline|period|days?|months?|years?)\\b", Pattern.CASE_INSENSITIVE);
    private static final Set<String> REFERRING = Set.of(
            "it", "its", "this", "that", "these", "those", "they", "their", "them", "such", "however", "therefore",
            "thus", "hence", "accordingly", "also", "further", "furthermore", "moreover", "additionally", "otherwise",
            "then", "he", "she", "his", "her", "both", "which", "said", "provided", "except", "unless", "in", "but");

    /** How close in meaning each text is to a question (cosines in [-1, 1]); null when no model can tell. */
    @FunctionalInterface
    public interface Meaning {
        double[] similarities(String question, List<String> texts);

        /** No model: units are scored by shared words only. */
        Meaning NONE = (q, texts) -> null;

        /** The index's embedding model, the question embedded as a query, all texts in one batch. */
        static Meaning of(dev.lectern.indexing.WorkspaceIndex index) {
            Objects.requireNonNull(index, "index");
            return (q, texts) -> index.similarities(q, texts).orElse(null);
        }
    }

    /**
     * How units are scored. With a model, the lexical score and the meaning score (cosine to the
     * question) are each scaled to [0, 1] over the candidates and weighed by {@code lexical} and
     * {@code semantic}; every unit is a candidate. Without one, the lexical score counts as it is and
     * only units sharing a word with the question are candidates. {@code rankPrior} weighs
     * 1 / (1 + the passage's retrieval rank); a unit is kept only when it scores at least
     * {@code relativeFloor} of the best one.
     */
    public record Tuning(double lexical, double semantic, double rankPrior, double relativeFloor) {
        /** Shared words only (the selector before meaning scores; used when no model answers). */
        public static final Tuning LEXICAL = new Tuning(1, 0, 0.2, RELATIVE_FLOOR);
        /**
         * Words and meaning equally, a strong retrieval-rank prior, no floor (the budget decides):
         * the best of the sweep in BENCHMARKS.md ("Prompt size against a naive RAG prompt").
         */
        public static final Tuning DEFAULT = new Tuning(1, 1, 0.5, 0);
        private static final List<String> KEYS = List.of("lex", "sem", "rank", "floor");

        /** {@code base} with some values changed, e.g. {@code "sem=1,rank=0.5"} (keys lex, sem, rank, floor). */
        public static Tuning parse(String spec, Tuning base) {
            double[] v = {base.lexical, base.semantic, base.rankPrior, base.relativeFloor};
            for (String kv : spec.split(",")) {
                if (kv.isBlank()) {
                    continue;
                }
                String[] p = kv.split("=");
                int i = KEYS.indexOf(p[0].trim());
                if (i < 0 || p.length != 2) {
                    throw new IllegalArgumentException("'" + kv + "': use key=value with a key of " + KEYS);
                }
                v[i] = Double.parseDouble(p[1].trim());
            }
            return new Tuning(v[0], v[1], v[2], v[3]);
        }
    }

    private final ToIntFunction<String> tokens;
    private final int maxTokens;
    private final PageLocator pages;
    private final Meaning meaning;
    private final Tuning tuning;
    private final SentenceSplitter splitter = new SentenceSplitter();

    /**
     * @param tokens    counts the tokens of a text (the model's tokenizer, or {@link #estimateTokens})
     * @param maxTokens how many tokens of source text to select at most
     * @param pages     the page of a span; {@link PageLocator#PASSAGE_START} without better knowledge
     */
    public EvidenceSelector(ToIntFunction<String> tokens, int maxTokens, PageLocator pages) {
        this(tokens, maxTokens, pages, Meaning.NONE, Tuning.LEXICAL);
    }

    /** A selector that scores by meaning too, with {@code meaning} (e.g. {@link Meaning#of} the index). */
    public EvidenceSelector(ToIntFunction<String> tokens, int maxTokens, PageLocator pages, Meaning meaning) {
        this(tokens, maxTokens, pages, meaning, Tuning.DEFAULT);
    }

    public EvidenceSelector(ToIntFunction<String> tokens, int maxTokens, PageLocator pages, Meaning meaning, Tuning tuning) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.pages = Objects.requireNonNull(pages, "pages");
        this.meaning = Objects.requireNonNull(meaning, "meaning");
        this.tuning = Objects.requireNonNull(tuning, "tuning");
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1, got " + maxTokens
                    + ": give the space left for sources after the prompt and the answer");
        }
        this.maxTokens = maxTokens;
    }

    /** A selector with the same token counter and page locator and another budget. */
    public EvidenceSelector withMaxTokens(int max) {
        return new EvidenceSelector(tokens, max, pages, meaning, tuning);
    }

    /** A rough token count for when no tokenizer is at hand: about four characters a token in English. */
    public static int estimateTokens(String text) {
        return (text.length() + 3) / 4;
    }

    /** The evidence for {@code question} in {@code passages} (best first, as retrieved); may be empty. */
    public List<Source> select(String question, List<Passage> passages) {
        Objects.requireNonNull(question, "question");
        List<PassageUnits> parsed = new ArrayList<>();
        for (Passage p : passages) {
            if (p.text().length() != p.end() - p.start()) {
                LOG.warn("passage {} of {} has {} characters for range [{}, {}): skipped, its offsets cannot be cited",
                        p.chunkId(), p.docPath(), p.text().length(), p.start(), p.end());
                continue;
            }
            parsed.add(new PassageUnits(p, splitter.split(p.text())));
        }
        if (parsed.isEmpty()) {
            return List.of();
        }
        // the clause that only named the document ("Consider Fiverr's privacy policy;") says nothing
        // about which sentence answers
        String asked = dev.lectern.indexing.QuestionClauses.withoutNamingClause(question, namesDocument(passages));
        Set<String> qTerms = Terms.contentTerms(asked);
        List<Numbers.Mention> qNumbers = Numbers.find(question);
        boolean wantsNumber = QUANTITY_QUESTION.matcher(question).find();
        Map<String, Double> idf = idf(qTerms, parsed);

        List<Candidate> raw = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int pi = 0; pi < parsed.size(); pi++) {
            PassageUnits pu = parsed.get(pi);
            double headingScore = 0;
            Set<String> headingTerms = Terms.allTerms(String.join(" ", pu.passage.headingPath()));
            for (String t : qTerms) {
                if (headingTerms.contains(t)) {
                    headingScore += idf.get(t);
                }
            }
            for (int ui = 0; ui < pu.units.size(); ui++) {
                Sentence u = pu.units.get(ui);
                String text = u.text(pu.passage.text());
                if (u.kind() == Kind.HEADING || headingLike(text) || letters(text) < MIN_LETTERS
                        || (u.kind() == Kind.TABLE_ROW && tableHeader(pu.units, ui) == ui)) {
                    // a title, a bare clause number ("6.3.", "C.") or a table's header row ("| (in millions)
                    // | 2024 | 2023 |") answers nothing alone; it comes along as context of what it heads or
                    // of the row that matched, but alone it would cost a source tag for no text
                    continue;
                }
                Set<String> unitTerms = Terms.allTerms(text);
                double match = 0;
                for (String t : qTerms) {
                    if (unitTerms.contains(t)) {
                        match += idf.get(t);
                    }
                }
                if (u.kind() == Kind.TABLE_ROW) {
                    int h = tableHeader(pu.units, ui);
                    if (h >= 0 && h != ui) {
                        Set<String> header = Terms.allTerms(pu.units.get(h).text(pu.passage.text()));
                        for (String t : qTerms) {
                            if (header.contains(t) && !unitTerms.contains(t)) {
                                match += 0.5 * idf.get(t);
                            }
                        }
                    }
                }
                List<Numbers.Mention> nums = Numbers.find(text);
                for (Numbers.Mention q : qNumbers) {
                    if (Numbers.stated(q, nums)) {
                        match += 1.0;
                    }
                }
                if ((match > 0 || headingScore > 0) && wantsNumber && !nums.isEmpty()) {
                    match += 0.5;
                }
                double lexical = match + 0.3 * headingScore;
                raw.add(new Candidate(pi, ui, lexical));
                texts.add(text);
            }
        }
        if (raw.isEmpty()) {
            return List.of();
        }
        double[] sims = tuning.semantic > 0 ? meaning.similarities(asked, texts) : null;
        if (sims != null && sims.length != texts.size()) {
            LOG.warn("meaning scores for {} of {} sentences: scoring by words only", sims.length, texts.size());
            sims = null;
        }
        Tuning t = sims == null ? Tuning.LEXICAL : tuning;
        double maxLex = 0;
        for (Candidate c : raw) {
            maxLex = Math.max(maxLex, c.score);
        }
        double minSim = Double.MAX_VALUE;
        double maxSim = -Double.MAX_VALUE;
        if (sims != null) {
            for (double v : sims) {
                minSim = Math.min(minSim, v);
                maxSim = Math.max(maxSim, v);
            }
        }
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            Candidate c = raw.get(i);
            double sem = sims == null || maxSim <= minSim ? 0 : (sims[i] - minSim) / (maxSim - minSim);
            if (c.score <= 0 && sims == null && !qTerms.isEmpty()) {
                continue; // shares no word with the question, and no model can say it is close in meaning
            }
            // a question with nothing to match ("what does nda.md say?") gets the best passages' sentences in order
            // without meaning, lexical scores stay as they are (the rank prior weighs against raw scores)
            double lex = sims == null ? c.score : maxLex > 0 ? c.score / maxLex : 0;
            String text = texts.get(i);
            double score = (t.lexical * lex + t.semantic * sem + t.rankPrior / (1 + c.passage))
                    / (1 + Math.max(0, text.length() - 400) / 800.0);
            candidates.add(new Candidate(c.passage, c.unit, score));
        }
        candidates.sort(Comparator.comparingDouble(Candidate::score).reversed()
                .thenComparingInt(Candidate::passage).thenComparingInt(Candidate::unit));
        if (candidates.isEmpty()) {
            return List.of();
        }
        double floor = t.relativeFloor * candidates.get(0).score;

        Map<Integer, Map<Integer, Double>> chosen = new HashMap<>(); // passage -> unit -> score
        int used = 0;
        for (Candidate c : candidates) {
            if (c.score < floor) {
                break;
            }
            PassageUnits pu = parsed.get(c.passage);
            Map<Integer, Double> have = chosen.computeIfAbsent(c.passage, k -> new HashMap<>());
            if (have.containsKey(c.unit) && have.get(c.unit) > 0) {
                continue;
            }
            Set<Integer> group = new TreeSet<>(context(pu, c.unit));
            group.add(c.unit);
            int cost = cost(pu, group, have);
            if (used + cost > maxTokens) {
                group = Set.of(c.unit);
                cost = cost(pu, group, have);
                if (used + cost > maxTokens) {
                    continue;
                }
            }
            used += cost;
            for (int u : group) {
                have.merge(u, u == c.unit ? c.score : 0.0, Math::max);
            }
        }
        return spans(parsed, chosen);
    }

    /**
     * The words that name the passages' documents, by file name and title ("Fiverr", "kenway"), as
     * a test on a question's word, which may be quoted or possessive ("\"Fiverr\"'s").
     */
    static java.util.function.Predicate<String> namesDocument(List<Passage> passages) {
        Set<String> names = new HashSet<>();
        for (Passage p : passages) {
            String file = PromptBuilder.fileName(p.docPath()).replaceAll("\\.[A-Za-z0-9]{1,5}$", "");
            String both = file.replaceAll("(?<=\\p{Ll})(?=\\p{Lu})", " ") + " " + (p.title() == null ? "" : p.title());
            for (String w : both.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
                if (w.length() >= 3 && !Terms.STOP_WORDS.contains(w)) {
                    names.add(w);
                }
            }
        }
        return word -> names.contains(word.replaceAll("(?i)['’]s\\W*$", "").replaceAll("[^\\p{L}\\p{N}]", "")
                .toLowerCase(Locale.ROOT));
    }

    private static final java.util.regex.Pattern TITLE_WORD = java.util.regex.Pattern.compile(
            "[A-Z0-9][\\p{L}0-9'&/-]*|of|and|or|the|to|for|in|on|a|an|by|with");

    private static final java.util.regex.Pattern COMPANY_END = java.util.regex.Pattern.compile(
            "\\b(?:CORP|INC|LTD|LLC|CO|PLC|L\\.P|N\\.V|S\\.A|AG|SE)\\.$");
    private static final java.util.regex.Pattern SALUTATION = java.util.regex.Pattern.compile(
            "^(?:Dear|To)\\s[^.!?]{0,60},$");
    private static final java.util.regex.Pattern NUMBERED_TITLE = java.util.regex.Pattern.compile(
            "^(?:(?:section|article|item)\\s+)?[0-9IVX]+[A-Z]?(?:\\.[0-9]+)*\\.?\\s+(.+?)[.:]?$",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    /**
     * A line that titles what follows rather than saying anything: a Markdown heading, a title in
     * capitals, a salutation, or a numbered title such as "5.5 Notices." or "2.4 Notice of
     * Unauthorized Use" (a clause number followed by a few capitalised words, which the splitter can
     * take for a list item).
     */
    static boolean headingLike(String text) {
        String t = text.strip();
        if (t.startsWith("#") && t.indexOf('\n') < 0) {
            return true; // a Markdown heading
        }
        if (t.indexOf('\n') < 0 && t.split("\\s+").length <= 8 && t.chars().noneMatch(Character::isLowerCase)
                && letters(t) >= 4 && !t.startsWith("|")
                && (!t.endsWith(".") || COMPANY_END.matcher(t).find())) {
            // a title in capitals: "NORTHWIND INSTRUMENTS CORP.", "ARTICLE IV TERM AND TERMINATION"; a
            // sentence in capitals ("THE SOFTWARE IS PROVIDED AS IS.") ends with a full stop and stays
            return true;
        }
        if (SALUTATION.matcher(t).matches()) {
            return true; // "Dear fellow shareholders,"
        }
        java.util.regex.Matcher m = NUMBERED_TITLE.matcher(t);
        if (!m.matches()) {
            return false;
        }
        String[] words = m.group(1).trim().split("\\s+");
        if (words.length > 8) {
            return false;
        }
        for (String w : words) {
            if (!TITLE_WORD.matcher(w.replaceAll("[,;]$", "")).matches()) {
                return false;
            }
        }
        return true;
    }

    private static int letters(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            if (Character.isLetter(text.charAt(i))) {
                n++;
            }
        }
        return n;
    }

    private int cost(PassageUnits pu, Set<Integer> group, Map<Integer, Double> have) {
        int cost = 0;
        for (int u : group) {
            if (!have.containsKey(u)) {
                cost += tokens.applyAsInt(pu.units.get(u).text(pu.passage.text()));
            }
        }
        return cost;
    }

    /** The units a reader needs to read unit {@code ui} right. */
    private static Set<Integer> context(PassageUnits pu, int ui) {
        Set<Integer> out = new HashSet<>();
        List<Sentence> units = pu.units;
        Sentence u = units.get(ui);
        String text = u.text(pu.passage.text());
        switch (u.kind()) {
            case TABLE_ROW -> {
                int h = tableHeader(units, ui);
                if (h >= 0) {
                    addUpTo(out, h, ui);
                }
            }
            case LIST_ITEM -> {
                int lead = ui;
                while (lead >= 0 && units.get(lead).kind() == Kind.LIST_ITEM) {
                    lead--;
                }
                if (lead >= 0 && units.get(lead).text(pu.passage.text()).endsWith(":")) {
                    addUpTo(out, lead, ui);
                }
            }
            case HEADING -> {
                if (ui + 1 < units.size()) {
                    out.add(ui + 1);
                }
            }
            case SENTENCE -> {
                List<Terms.Word> words = Terms.words(text);
                boolean refers = !words.isEmpty() && REFERRING.contains(words.get(0).text().toLowerCase(Locale.ROOT));
                if ((refers || text.length() < 40) && ui > 0) {
                    out.add(ui - 1);
                }
            }
            default -> throw new IllegalStateException("unknown kind " + u.kind());
        }
        if (text.endsWith(":") && ui + 1 < units.size()) {
            out.add(ui + 1);
        }
        return out;
    }

    /**
     * Adds {@code from}, and the units up to {@code to} when they are few, so a row or item close to
     * its header or lead-in is quoted as one readable range rather than two pieces.
     */
    private static void addUpTo(Set<Integer> out, int from, int to) {
        out.add(from);
        if (to - from <= MAX_GAP_UNITS) {
            for (int i = from + 1; i < to; i++) {
                out.add(i);
            }
        }
    }

    /** The first row of the table that row {@code ui} belongs to; -1 when it is not a table row. */
    private static int tableHeader(List<Sentence> units, int ui) {
        if (units.get(ui).kind() != Kind.TABLE_ROW) {
            return -1;
        }
        int h = ui;
        while (h > 0 && units.get(h - 1).kind() == Kind.TABLE_ROW) {
            h--;
        }
        return h;
    }

    private static Map<String, Double> idf(Set<String> terms, List<PassageUnits> passages) {
        int n = passages.size();
        Map<String, Double> out = new HashMap<>();
        List<Set<String>> passageTerms = new ArrayList<>();
        for (PassageUnits pu : passages) {
            passageTerms.add(Terms.allTerms(pu.passage.text() + "\n" + String.join(" ", pu.passage.headingPath())));
        }
        for (String t : terms) {
            int df = 0;
            for (Set<String> s : passageTerms) {
                if (s.contains(t)) {
                    df++;
                }
            }
            out.put(t, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
        }
        return out;
    }

    private List<Source> spans(List<PassageUnits> parsed, Map<Integer, Map<Integer, Double>> chosen) {
        List<Source> raw = new ArrayList<>();
        for (Map.Entry<Integer, Map<Integer, Double>> e : chosen.entrySet()) {
            PassageUnits pu = parsed.get(e.getKey());
            List<Integer> idx = new ArrayList<>(new TreeSet<>(e.getValue().keySet()));
            int i = 0;
            while (i < idx.size()) {
                int j = i;
                while (j + 1 < idx.size() && idx.get(j + 1) == idx.get(j) + 1) {
                    j++;
                }
                int from = pu.units.get(idx.get(i)).start();
                int to = pu.units.get(idx.get(j)).end();
                double rel = 0;
                for (int k = i; k <= j; k++) {
                    rel = Math.max(rel, e.getValue().get(idx.get(k)));
                }
                Passage p = pu.passage;
                int docStart = p.start() + from;
                int first = pages.pageAt(p, docStart);
                int last = Math.max(first, pages.pageAt(p, p.start() + Math.max(from, to - 1)));
                raw.add(new Source(1, p.docId(), p.docPath(), first, first == 0 ? 0 : last, docStart, p.start() + to,
                        p.text().substring(from, to), rel));
                i = j + 1;
            }
        }
        raw.sort(PromptBuilder.DOCUMENT_ORDER);
        List<Source> merged = new ArrayList<>();
        for (Source s : raw) {
            Source last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && last.docId().equals(s.docId()) && s.start() < last.end()) {
                // overlapping chunks gave the same text twice: keep one range covering both
                String text = s.end() > last.end() ? last.text() + s.text().substring(last.end() - s.start()) : last.text();
                merged.set(merged.size() - 1, new Source(1, last.docId(), last.doc(), last.page(),
                        Math.max(last.lastPage(), s.lastPage()), last.start(), Math.max(last.end(), s.end()), text,
                        Math.max(last.relevance(), s.relevance())));
            } else {
                merged.add(s);
            }
        }
        List<Source> out = new ArrayList<>();
        for (Source s : merged) {
            out.add(s.withNumber(out.size() + 1));
        }
        return out;
    }

    private record PassageUnits(Passage passage, List<Sentence> units) {
    }

    private record Candidate(int passage, int unit, double score) {
    }
}
