package dev.lectern.app.bench;

import dev.lectern.app.answer.Abstention;
import dev.lectern.app.answer.EvidenceSelector;
import dev.lectern.app.answer.PageLocator;
import dev.lectern.app.answer.PromptBuilder;
import dev.lectern.app.answer.Retrieval;
import dev.lectern.app.answer.Source;
import dev.lectern.app.eval.EvalDataset;
import dev.lectern.app.eval.SpanMetrics;
import dev.lectern.indexing.IndexedDocument;
import dev.lectern.indexing.Passage;
import dev.lectern.indexing.SearchMode;
import dev.lectern.indexing.SearchRequest;
import dev.lectern.indexing.WorkspaceIndex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * How many tokens the prompt of an answer costs, against a naive RAG prompt at equal evidence recall.
 *
 * <p>Lectern's prompt is built exactly as {@code Answerer} builds it: retrieve k passages, select
 * sentences with {@link EvidenceSelector} (by words, by meaning with the index's embedding model, by
 * retrieval rank) under the source budget, then {@link PromptBuilder#build}.
 * The naive prompt holds the top {@code naiveTop} passages of a second index of the same documents cut
 * into fixed-size character chunks (the usual "top 4 chunks of 1,000 characters"), retrieved by the
 * same search, wrapped by the same {@link PromptBuilder}. Both are counted with one token counter.
 *
 * <p>Evidence recall of a prompt: for span-labelled questions the share of evidence characters that
 * the prompt's sources cover (as {@link SpanMetrics} counts them, ranges mapped to the file's own
 * offsets); for page-labelled ones 1 when a source lies on an evidence page of an evidence document,
 * else 0. Both are averaged over questions.
 */
public final class PromptSizeBenchmark {
    /** The naive baseline's chunk size in characters, and how many of its chunks it sends. */
    public static final int NAIVE_CHUNK_CHARS = 1000;
    public static final int NAIVE_TOP = 4;

    /**
     * @param k             passages Lectern retrieves per question (as {@code Answerer.Options.k})
     * @param sourceTokens  Lectern's source budget (as {@code Answerer.Options.sourceTokens})
     * @param otherBudgets  further source budgets to measure Lectern at, for the size/recall tradeoff
     * @param contextSize   the model context the prompt builder fills at most
     * @param answerTokens  tokens kept for the answer
     * @param naiveTop      chunks in the naive prompt
     * @param mode          the search both prompts retrieve with (routing on, as the product searches)
     */
    public record Settings(int k, int sourceTokens, List<Integer> otherBudgets, int contextSize, int answerTokens,
                           int naiveTop, SearchMode mode) {
        public Settings {
            otherBudgets = List.copyOf(otherBudgets);
            Objects.requireNonNull(mode, "mode");
            if (k < 1 || naiveTop < 1 || sourceTokens < 1) {
                throw new IllegalArgumentException("k, naiveTop and sourceTokens must be at least 1");
            }
        }
    }

    /** What one prompt holds and how much of the evidence. */
    public record Measure(int promptTokens, int sourceTokens, int sources, double recall) {
    }

    /** One configuration over a set of questions. */
    public record Figures(String config, int questions, double meanPromptTokens, double medianPromptTokens,
                          double meanSourceTokens, double medianSourceTokens, double meanSources, double recall,
                          int emptyPrompts) {
    }

    /** The figures of every configuration for one group of questions ("all" first). */
    public record Group(String name, String recallKind, int questions, List<Figures> configs) {
        public Group {
            configs = List.copyOf(configs);
        }
    }

    /**
     * @param abstained      questions the answerer would not send to a model at all (abstention before
     *                       generation); their prompts are measured anyway
     * @param textMismatches sources whose text differs from the re-read document at their offsets (should be 0)
     */
    public record Result(String tokenCounter, Settings settings, List<String> configs, List<Group> groups, int abstained,
                         int textMismatches) {
    }

    /** Maps a document-text range of a source to the file's own offsets (identity for most formats). */
    @FunctionalInterface
    public interface SourceOffsets {
        /** {@code [start, end)} of the file's text; null when the text at the offsets is not {@code text}. */
        int[] toFile(String docPath, int start, int end, String text) throws IOException;

        SourceOffsets IDENTITY = (doc, start, end, text) -> new int[] {start, end};

        /**
         * Reads each document again with {@code parser} (once, cached) and maps through its source map,
         * after checking that the document's text at the offsets is the source's text.
         */
        static SourceOffsets reparse(dev.lectern.parsing.DocumentParser parser) {
            Map<String, dev.lectern.parsing.model.Document> cache = new java.util.HashMap<>();
            return (doc, start, end, text) -> {
                dev.lectern.parsing.model.Document d = cache.get(doc);
                if (d == null) {
                    try {
                        d = parser.extract(java.nio.file.Path.of(doc));
                    } catch (dev.lectern.parsing.ParseException e) {
                        throw new IOException(doc + " could not be read again to map offsets: " + e.getMessage(), e);
                    }
                    cache.put(doc, d);
                }
                if (end > d.text().length() || !d.text().substring(start, end).equals(text)) {
                    return null;
                }
                var map = d.sourceMapOpt().orElse(null);
                return map == null ? new int[] {start, end} : new int[] {map.toSource(start), map.toSource(end)};
            };
        }
    }

    /** The 1-based pages a source runs over, in one document. */
    public record SourcePages(String doc, int firstPage, int lastPage) {
    }

    private final Settings settings;
    private final ToIntFunction<String> tokens;
    private final String tokenCounter;

    public PromptSizeBenchmark(Settings settings, ToIntFunction<String> tokens, String tokenCounter) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.tokenCounter = Objects.requireNonNull(tokenCounter, "tokenCounter");
    }

    /** Config names, in the order the figures list them: Lectern at its budget, naive, then the other budgets. */
    public List<String> configNames() {
        List<String> out = new ArrayList<>();
        List<Variant> vs = variants();
        out.add(vs.get(0).name(lecternName(settings.sourceTokens())));
        out.add("naive: top " + settings.naiveTop() + " chunks of " + NAIVE_CHUNK_CHARS + " chars");
        for (int vi = 0; vi < vs.size(); vi++) {
            for (int b : allBudgets()) {
                if (vi == 0 && b == settings.sourceTokens()) {
                    continue;
                }
                out.add(vs.get(vi).name(lecternName(b)));
            }
        }
        out.add("lectern's " + settings.k() + " retrieved passages, whole (the selector's input)");
        return out;
    }

    /**
     * A selector tuning under a name. Experiments: the system property {@code lectern.bench.variants},
     * e.g. {@code "words:sem=0,rank=0.2,floor=0.3;rank1:rank=1"} (each {@code name:spec}, the spec as
     * {@link EvidenceSelector.Tuning#parse} reads it over the default tuning), measures each tuning at
     * every budget; without it, the product's tuning.
     */
    record Variant(String label, EvidenceSelector.Tuning tuning) {
        String name(String base) {
            return label.isEmpty() ? base : label + " @ " + base;
        }
    }

    private static List<Variant> variants() {
        String p = System.getProperty("lectern.bench.variants");
        List<Variant> out = new ArrayList<>();
        if (p == null || p.isBlank()) {
            out.add(new Variant("", EvidenceSelector.Tuning.DEFAULT));
            return out;
        }
        for (String v : p.split(";")) {
            int eq = v.indexOf(':');
            out.add(new Variant(v.substring(0, eq).trim(), EvidenceSelector.Tuning.parse(v.substring(eq + 1),
                    EvidenceSelector.Tuning.DEFAULT)));
        }
        return out;
    }

    private List<Integer> allBudgets() {
        List<Integer> b = new ArrayList<>();
        b.add(settings.sourceTokens());
        b.addAll(settings.otherBudgets());
        return b;
    }

    private static String lecternName(int budget) {
        return "lectern, " + budget + "-token source budget";
    }

    public Result run(EvalDataset ds, WorkspaceIndex lectern, WorkspaceIndex naive, SourceOffsets offsets,
                      Consumer<String> progress) throws IOException {
        PromptBuilder builder = new PromptBuilder(tokens, settings.contextSize(), settings.answerTokens());
        PageLocator lecternPages = PageLocator.of(lectern);
        PageLocator naivePages = PageLocator.of(naive);
        Abstention abstention = Abstention.forIndex(lectern);
        List<Integer> budgets = allBudgets();
        List<Variant> vs = variants();
        int configs = budgets.size() * vs.size() + 2;
        long[] meaningNanos = {0};
        int[] meaningCalls = {0};
        Map<String, List<List<Measure>>> byGroup = new TreeMap<>();
        Map<String, String> kinds = new TreeMap<>();
        List<List<Measure>> all = newLists(configs);
        int abstained = 0;
        int[] mismatches = {0};
        int done = 0;
        for (EvalDataset.Question q : ds.questions()) {
            String question = q.text().strip();
            List<Passage> passages = Retrieval.wholeChunks(lectern, new SearchRequest(question, settings.k(), settings.mode(), true));
            if (abstention.decide(question, passages).abstain()) {
                abstained++;
            }
            List<Measure> ms = new ArrayList<>();
            Map<String, Double> simCache = new java.util.HashMap<>();
            EvidenceSelector.Meaning meaning = (qq, texts) -> {
                List<String> missing = new ArrayList<>();
                for (String t : texts) {
                    if (!simCache.containsKey(t) && !missing.contains(t)) {
                        missing.add(t);
                    }
                }
                if (!missing.isEmpty()) {
                    long t0 = System.nanoTime();
                    double[] v = lectern.similarities(qq, missing).orElse(null);
                    meaningNanos[0] += System.nanoTime() - t0;
                    meaningCalls[0]++;
                    if (v == null) {
                        return null;
                    }
                    for (int i = 0; i < v.length; i++) {
                        simCache.put(missing.get(i), v[i]);
                    }
                }
                double[] out = new double[texts.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = simCache.get(texts.get(i));
                }
                return out;
            };
            List<Measure> rest = new ArrayList<>();
            for (int vi = 0; vi < vs.size(); vi++) {
              for (int bi = 0; bi < budgets.size(); bi++) {
                int budget = Math.min(budgets.get(bi), builder.sourceBudget(question));
                EvidenceSelector selector = new EvidenceSelector(tokens, budget, lecternPages, meaning, vs.get(vi).tuning());
                PromptBuilder.Prompt prompt = builder.build(question, selector.select(question, passages));
                Measure m = measure(prompt, q, lectern, offsets, mismatches);
                if (vi == 0 && bi == 0) {
                    ms.add(m);
                } else {
                    rest.add(m);
                }
                if (vi == 0 && bi == 0) {
                    List<Passage> hits = Retrieval.wholeChunks(naive,
                            new SearchRequest(question, settings.naiveTop(), settings.mode(), true));
                    PromptBuilder.Prompt np = builder.build(question, naiveSources(hits, naivePages));
                    ms.add(measure(np, q, naive, offsets, mismatches));
                }
              }
            }
            ms.addAll(rest);
            // the ceiling of what selection can reach: every retrieved passage, whole (no source budget)
            PromptBuilder unbounded = new PromptBuilder(tokens, 1 << 20, settings.answerTokens());
            ms.add(measure(unbounded.build(question, naiveSources(passages, lecternPages)), q, lectern, offsets, mismatches));
            List<List<Measure>> g = byGroup.computeIfAbsent(q.group(), x -> newLists(configs));
            kinds.put(q.group(), recallKind(q));
            for (int c = 0; c < configs; c++) {
                all.get(c).add(ms.get(c));
                g.get(c).add(ms.get(c));
            }
            if (++done % 100 == 0 || done == ds.questions().size()) {
                progress.accept(done + " of " + ds.questions().size() + " questions; meaning: " + meaningCalls[0]
                        + " batches, " + String.format(java.util.Locale.ROOT, "%.1f", meaningNanos[0] / 1e6 / done)
                        + " ms per question");
            }
        }
        List<String> names = configNames();
        List<Group> groups = new ArrayList<>();
        groups.add(group("all", String.join("+", new java.util.TreeSet<>(kinds.values())), all, names));
        if (byGroup.size() > 1) {
            for (Map.Entry<String, List<List<Measure>>> e : byGroup.entrySet()) {
                groups.add(group(e.getKey(), kinds.get(e.getKey()), e.getValue(), names));
            }
        }
        return new Result(tokenCounter, settings, names, groups, abstained, mismatches[0]);
    }

    private static List<List<Measure>> newLists(int n) {
        List<List<Measure>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new ArrayList<>());
        }
        return out;
    }

    private static String recallKind(EvalDataset.Question q) {
        return q.evidence().stream().anyMatch(EvalDataset.Evidence::hasSpan) ? "span" : "page";
    }

    private static Group group(String name, String kind, List<List<Measure>> measures, List<String> names) {
        List<Figures> figures = new ArrayList<>();
        for (int c = 0; c < measures.size(); c++) {
            figures.add(figures(names.get(c), measures.get(c)));
        }
        return new Group(name, kind, measures.get(0).size(), figures);
    }

    static Figures figures(String name, List<Measure> ms) {
        int n = ms.size();
        int[] prompt = new int[n];
        int[] source = new int[n];
        double sources = 0;
        double recall = 0;
        int empty = 0;
        for (int i = 0; i < n; i++) {
            Measure m = ms.get(i);
            prompt[i] = m.promptTokens();
            source[i] = m.sourceTokens();
            sources += m.sources();
            recall += m.recall();
            if (m.sources() == 0) {
                empty++;
            }
        }
        return new Figures(name, n, mean(prompt), median(prompt), mean(source), median(source),
                n == 0 ? 0 : sources / n, n == 0 ? 0 : recall / n, empty);
    }

    /** The naive prompt's sources: whole passages, best first (as relevance, so a full context drops the last). */
    static List<Source> naiveSources(List<Passage> hits, PageLocator pages) {
        List<Source> out = new ArrayList<>();
        for (int i = 0; i < hits.size(); i++) {
            Passage p = hits.get(i);
            if (p.text().length() != p.end() - p.start()) {
                continue; // offsets cannot be trusted; never seen with fixed-size chunks
            }
            out.add(new Source(i + 1, p.docId(), p.docPath(), pages.pageAt(p, p.start()), p.start(), p.end(), p.text(),
                    hits.size() - i));
        }
        out.sort(PromptBuilder.DOCUMENT_ORDER);
        List<Source> numbered = new ArrayList<>();
        for (Source s : out) {
            numbered.add(s.withNumber(numbered.size() + 1));
        }
        return numbered;
    }

    private Measure measure(PromptBuilder.Prompt prompt, EvalDataset.Question q, WorkspaceIndex index,
                            SourceOffsets offsets, int[] mismatches) throws IOException {
        int sourceTokens = 0;
        for (Source s : prompt.sources()) {
            sourceTokens += tokens.applyAsInt(s.text());
        }
        double recall;
        if (recallKind(q).equals("span")) {
            Set<String> evidenceDocs = new HashSet<>();
            List<SpanMetrics.Span> evidence = evidenceSpans(q);
            evidence.forEach(e -> evidenceDocs.add(e.doc()));
            List<SpanMetrics.Span> covered = new ArrayList<>();
            for (Source s : prompt.sources()) {
                if (!evidenceDocs.contains(s.doc())) {
                    continue; // adds nothing to recall
                }
                int[] r = offsets.toFile(s.doc(), s.start(), s.end(), s.text());
                if (r == null) {
                    mismatches[0]++;
                    continue;
                }
                covered.add(new SpanMetrics.Span(s.doc(), r[0], r[1]));
            }
            recall = spanRecall(covered, evidence);
        } else {
            List<SourcePages> pages = new ArrayList<>();
            for (Source s : prompt.sources()) {
                pages.add(pagesOf(s, index));
            }
            recall = onEvidencePage(pages, q.evidence()) ? 1 : 0;
        }
        return new Measure(prompt.tokens(), sourceTokens, prompt.sources().size(), recall);
    }

    static List<SpanMetrics.Span> evidenceSpans(EvalDataset.Question q) {
        List<SpanMetrics.Span> out = new ArrayList<>();
        for (EvalDataset.Evidence e : q.evidence()) {
            if (e.hasSpan()) {
                out.add(new SpanMetrics.Span(e.doc(), e.start(), e.end()));
            }
        }
        return out;
    }

    /** The pages a source runs over: exact where the index stores page starts, else the page it gives. */
    static SourcePages pagesOf(Source s, WorkspaceIndex index) {
        IndexedDocument d = index.document(s.docId()).orElse(null);
        int first = d == null ? 0 : d.pageAt(s.start());
        int last = d == null ? 0 : d.pageAt(Math.max(s.start(), s.end() - 1));
        if (first <= 0 || last <= 0) {
            first = s.page();
            last = s.page();
        }
        return new SourcePages(s.doc(), first, last);
    }

    /**
     * Share of the evidence characters that the covered ranges hold (each character once, however many
     * ranges hold it); ranges in other documents count for nothing. 0 when there is no evidence.
     */
    public static double spanRecall(List<SpanMetrics.Span> covered, List<SpanMetrics.Span> evidence) {
        return SpanMetrics.score(covered, evidence).recall();
    }

    /** Whether a source lies on (or runs over) a page-labelled evidence page of its document. */
    public static boolean onEvidencePage(List<SourcePages> sources, List<EvalDataset.Evidence> evidence) {
        for (SourcePages s : sources) {
            for (EvalDataset.Evidence e : evidence) {
                if (e.hasPage() && e.doc().equals(s.doc()) && s.firstPage() <= e.page() && e.page() <= s.lastPage()) {
                    return true;
                }
            }
        }
        return false;
    }

    static double mean(int[] values) {
        if (values.length == 0) {
            return 0;
        }
        long sum = 0;
        for (int v : values) {
            sum += v;
        }
        return (double) sum / values.length;
    }

    static double median(int[] values) {
        if (values.length == 0) {
            return 0;
        }
        int[] s = values.clone();
        Arrays.sort(s);
        int mid = s.length / 2;
        return s.length % 2 == 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2.0;
    }

    /** Figures as a map for JSON output. */
    public static Map<String, Object> toMap(Figures f, Figures naive) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("config", f.config());
        m.put("questions", f.questions());
        m.put("meanPromptTokens", round(f.meanPromptTokens()));
        m.put("medianPromptTokens", round(f.medianPromptTokens()));
        m.put("meanSourceTokens", round(f.meanSourceTokens()));
        m.put("medianSourceTokens", round(f.medianSourceTokens()));
        m.put("meanSources", round(f.meanSources()));
        m.put("evidenceRecall", round(f.recall()));
        m.put("emptyPrompts", f.emptyPrompts());
        m.put("promptTokensVsNaive", naive.meanPromptTokens() == 0 ? null : round(f.meanPromptTokens() / naive.meanPromptTokens()));
        m.put("sourceTokensVsNaive", naive.meanSourceTokens() == 0 ? null : round(f.meanSourceTokens() / naive.meanSourceTokens()));
        return m;
    }

    static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
