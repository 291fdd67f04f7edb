package dev.lectern.app.eval;

import dev.lectern.indexing.Passage;
import dev.lectern.indexing.SearchRequest;
import dev.lectern.indexing.WorkspaceIndex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Retrieval quality on a dataset, by the benchmarks' own definitions (see the datasets README):
 * page recall@k and MRR for page-labelled questions, span precision@k and recall@k for
 * span-labelled ones; overall and per group (the folder under docs/), with query latency.
 */
public final class Evaluation {
    public static final int[] PAGE_KS = {1, 3, 5, 10};
    public static final int[] SPAN_KS = {1, 2, 4, 8, 16, 32, 64};

    /** The figures of one configuration over one set of questions. */
    public record Figures(int questions, Map<String, Double> pageRecall, Double mrr, Map<String, Double> spanPrecision,
                          Map<String, Double> spanRecall, double docHit1, double routed) {
    }

    /** One configuration's run: overall figures, per-group figures, and latency. */
    public record Run(String name, Figures overall, Map<String, Figures> groups, double queryP50Ms, double queryP95Ms) {
    }

    private Evaluation() {
    }

    public static Run run(String name, EvalDataset ds, WorkspaceIndex index, SearchRequest template,
                          Consumer<String> progress) throws IOException {
        return run(name, ds, index, template, progress, (q, hits) -> { });
    }

    /** As {@link #run(String, EvalDataset, WorkspaceIndex, SearchRequest, Consumer)}, handing each question's hits to {@code trace}. */
    public static Run run(String name, EvalDataset ds, WorkspaceIndex index, SearchRequest template,
                          Consumer<String> progress, java.util.function.BiConsumer<EvalDataset.Question, List<Passage>> trace)
            throws IOException {
        int maxK = Math.max(PAGE_KS[PAGE_KS.length - 1], SPAN_KS[SPAN_KS.length - 1]);
        Map<String, Acc> groups = new TreeMap<>();
        Acc all = new Acc();
        double[] latencies = new double[ds.questions().size()];
        int i = 0;
        for (EvalDataset.Question q : ds.questions()) {
            long t0 = System.nanoTime();
            List<Passage> hits = index.retrieve(new SearchRequest(q.text(), maxK, template.mode(), template.routing()));
            latencies[i++] = (System.nanoTime() - t0) / 1e6;
            trace.accept(q, hits);
            Acc g = groups.computeIfAbsent(q.group(), k -> new Acc());
            all.add(q, hits);
            g.add(q, hits);
            if (i % 100 == 0) {
                progress.accept(name + ": " + i + " of " + ds.questions().size() + " questions");
            }
        }
        Map<String, Figures> byGroup = new LinkedHashMap<>();
        if (groups.size() > 1) {
            for (Map.Entry<String, Acc> e : groups.entrySet()) {
                byGroup.put(e.getKey(), e.getValue().figures());
            }
        }
        Arrays.sort(latencies);
        return new Run(name, all.figures(), byGroup, percentile(latencies, 0.50), percentile(latencies, 0.95));
    }

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int idx = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
    }

    /** 1-based rank of the first passage in an evidence document whose pages cover an evidence page; 0 when none. */
    public static int firstPageHit(EvalDataset.Question q, List<Passage> hits) {
        return Acc.firstPageHit(q, hits);
    }

    /** The question's evidence spans (empty for a page-labelled question). */
    public static List<SpanMetrics.Span> evidenceSpans(EvalDataset.Question q) {
        List<SpanMetrics.Span> out = new ArrayList<>();
        for (EvalDataset.Evidence e : q.evidence()) {
            if (e.hasSpan()) {
                out.add(new SpanMetrics.Span(e.doc(), e.start(), e.end()));
            }
        }
        return out;
    }

    /** Sums over questions. */
    private static final class Acc {
        int questions;
        int docHit1;
        int routed;
        int pageQuestions;
        int spanQuestions;
        final double[] pageHits = new double[PAGE_KS.length];
        double rr;
        final double[] precision = new double[SPAN_KS.length];
        final double[] recall = new double[SPAN_KS.length];

        void add(EvalDataset.Question q, List<Passage> hits) {
            questions++;
            if (!hits.isEmpty()) {
                Passage top = hits.get(0);
                if (q.evidence().stream().anyMatch(e -> e.doc().equals(top.docPath()))) {
                    docHit1++;
                }
                if (top.why().routing() > 0) {
                    routed++;
                }
            }
            boolean pages = q.evidence().stream().anyMatch(EvalDataset.Evidence::hasPage);
            boolean spans = q.evidence().stream().anyMatch(EvalDataset.Evidence::hasSpan);
            if (pages) {
                pageQuestions++;
                int first = firstPageHit(q, hits);
                for (int k = 0; k < PAGE_KS.length; k++) {
                    if (first > 0 && first <= PAGE_KS[k]) {
                        pageHits[k]++;
                    }
                }
                rr += first > 0 ? 1.0 / first : 0;
            }
            if (spans) {
                spanQuestions++;
                List<SpanMetrics.Span> evidence = evidenceSpans(q);
                for (int k = 0; k < SPAN_KS.length; k++) {
                    List<SpanMetrics.Span> got = new ArrayList<>();
                    for (Passage p : hits.subList(0, Math.min(SPAN_KS[k], hits.size()))) {
                        got.add(new SpanMetrics.Span(p.docPath(), p.sourceStart(), p.sourceEnd()));
                    }
                    SpanMetrics.PR pr = SpanMetrics.score(got, evidence);
                    precision[k] += pr.precision();
                    recall[k] += pr.recall();
                }
            }
        }

        /** 1-based rank of the first passage in an evidence document whose pages cover an evidence page. */
        static int firstPageHit(EvalDataset.Question q, List<Passage> hits) {
            for (int r = 0; r < hits.size(); r++) {
                Passage p = hits.get(r);
                for (EvalDataset.Evidence e : q.evidence()) {
                    if (e.hasPage() && e.doc().equals(p.docPath()) && p.pageStart() <= e.page() && e.page() <= p.pageEnd()) {
                        return r + 1;
                    }
                }
            }
            return 0;
        }

        Figures figures() {
            Map<String, Double> pr = new LinkedHashMap<>();
            Map<String, Double> sp = new LinkedHashMap<>();
            Map<String, Double> sr = new LinkedHashMap<>();
            if (pageQuestions > 0) {
                for (int k = 0; k < PAGE_KS.length; k++) {
                    pr.put(Integer.toString(PAGE_KS[k]), pageHits[k] / pageQuestions);
                }
            }
            if (spanQuestions > 0) {
                for (int k = 0; k < SPAN_KS.length; k++) {
                    sp.put(Integer.toString(SPAN_KS[k]), precision[k] / spanQuestions);
                    sr.put(Integer.toString(SPAN_KS[k]), recall[k] / spanQuestions);
                }
            }
            return new Figures(questions, pr,
                    pageQuestions > 0 ? rr / pageQuestions : null, sp, sr,
                    questions == 0 ? 0 : (double) docHit1 / questions, questions == 0 ? 0 : (double) routed / questions);
        }
    }
}
