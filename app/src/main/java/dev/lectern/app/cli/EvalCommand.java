package dev.lectern.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lectern.app.answer.Abstention;
import dev.lectern.app.answer.Answerer;
import dev.lectern.app.answer.Retrieval;
import dev.lectern.app.eval.EvalDataset;
import dev.lectern.app.eval.Evaluation;
import dev.lectern.app.workspace.FileOutcome;
import dev.lectern.app.workspace.IngestReport;
import dev.lectern.app.workspace.Workspace;
import dev.lectern.app.workspace.Workspaces;
import dev.lectern.indexing.SearchMode;
import dev.lectern.indexing.SearchRequest;
import dev.lectern.parsing.DocumentParser;
import dev.lectern.parsing.chunk.FixedSizeChunker;
import dev.lectern.indexing.lucene.LuceneIndex;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Measure retrieval on a dataset (questions.jsonl + docs/, see the datasets README).",
                "Ingests docs/ into a fresh scratch workspace, asks every question against the whole store, and reports page "
                        + "recall@k and MRR, or span precision@k and recall@k, with ingest time and query latency."})
final class EvalCommand implements Callable<Integer> {
    private static final Pattern FLOOR = Pattern.compile(
            "(pageRecall|spanRecall|spanPrecision|mrr|answered|declined)(?:@(\\d+))?(?::([\\w.-]+))?=([0-9.]+)");

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DATASET_DIR", description = "The dataset folder.")
    Path dir;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Option(names = "--baselines", description = "Also run BM25 only, vectors only, and BM25 over fixed 500-character chunks.")
    boolean baselines;

    @Option(names = "--model", paramLabel = "ID", defaultValue = dev.lectern.indexing.embed.EmbeddingModels.DEFAULT_ID,
            completionCandidates = EmbeddingModelIds.class,
            description = {"Embedding model (default: ${DEFAULT-VALUE}).", "Bundled: ${COMPLETION-CANDIDATES}."})
    String model;

    @Option(names = "--no-vectors", description = "Keyword search only.")
    boolean noVectors;

    @Option(names = "--chunk-tokens", paramLabel = "N", defaultValue = "" + Workspaces.INDEX_CHUNK_TOKENS,
            description = "Chunk budget in tokens (default: ${DEFAULT-VALUE}).")
    int chunkTokens;

    @Option(names = "--workspace", paramLabel = "NAME",
            description = "Evaluate an existing workspace of the data folder (its documents already ingested) instead of a fresh scratch one.")
    String workspace;

    @Option(names = "--trace", paramLabel = "FILE",
            description = "Write each question of the main run, with the rank of its first hit and its top 30 passages, to FILE (JSON lines).")
    Path trace;

    @Option(names = "--unanswerable", paramLabel = "DIR",
            description = "Another dataset, whose questions this one's documents do not answer: report the share of them "
                    + "Lectern declines before answering (\"declined\"), beside the share of this dataset's own questions it "
                    + "goes on to answer (\"answered\").")
    Path unanswerable;

    @picocli.CommandLine.ParentCommand
    LecternCommand root;

    @Option(names = "--floor", paramLabel = "METRIC[@K][:GROUP]=MIN",
            description = "Fail (exit 1) when a figure of the main run is below MIN, e.g. spanRecall@64:privacy_qa=0.9.")
    List<String> floors = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EvalDataset ds;
        try {
            ds = EvalDataset.load(dir);
        } catch (IOException e) {
            err.println("lectern: " + e.getMessage());
            return ParseCommand.EXIT_BAD_INPUT;
        }
        EvalDataset others = null;
        if (unanswerable != null) {
            try {
                others = EvalDataset.load(unanswerable);
            } catch (IOException e) {
                err.println("lectern: --unanswerable: " + e.getMessage());
                return ParseCommand.EXIT_BAD_INPUT;
            }
        }
        for (String f : floors) {
            if (!FLOOR.matcher(f).matches()) {
                err.println("lectern: --floor '" + f + "' is not METRIC[@K][:GROUP]=MIN, e.g. spanRecall@64:privacy_qa=0.9");
                return ParseCommand.EXIT_BAD_INPUT;
            }
        }
        // a trace that cannot be written is said before an ingest that may take minutes, not after
        TraceWriter traceWriter;
        try {
            traceWriter = new TraceWriter(trace);
        } catch (IOException e) {
            err.println("lectern: cannot write the trace to " + trace + ": "
                    + (e instanceof java.nio.file.NoSuchFileException ? "its folder does not exist" : e.getMessage()));
            return ParseCommand.EXIT_BAD_INPUT;
        }
        Path scratch = Files.createTempDirectory("lectern-eval-");
        Map<String, Object> result = new LinkedHashMap<>();
        List<Evaluation.Run> runs = new ArrayList<>();
        try {
            Workspaces.Options o = Workspaces.Options.defaults().withModel(noVectors ? null : model).withChunkTokens(chunkTokens);
            if (workspace == null) {
                err.println("eval: ingesting " + dir.resolve("docs") + " into a scratch workspace");
            }
            IngestReport report;
            try (Workspace w = workspace == null ? Workspaces.open("eval", scratch.resolve("main"), o)
                    : new Workspaces(root.dataDirectory()).open(workspace, o)) {
                report = workspace == null ? w.ingest(List.of(dir.resolve("docs")), new Progress(err), () -> false)
                        : new IngestReport(List.of(), 0, 0, 0, false);
                for (FileOutcome f : report.files()) {
                    if (f.status() == FileOutcome.Status.FAILED) {
                        err.println("eval: " + f.message());
                    }
                }
                SearchRequest hybrid = new SearchRequest("q", 1, noVectors ? SearchMode.BM25 : SearchMode.HYBRID, true);
                try (TraceWriter tw = traceWriter) {
                    runs.add(Evaluation.run(noVectors ? "bm25" : "hybrid", ds, w.index(), hybrid, err::println, tw::write));
                }
                Abstention abstention = Abstention.forIndex(w.index());
                int answered = 0;
                for (EvalDataset.Question q : ds.questions()) {
                    answered += declines(abstention, w.index(), q.text()) ? 0 : 1;
                }
                result.put("answered", round(answered / (double) Math.max(1, ds.questions().size())));
                if (others != null) {
                    int declined = 0;
                    for (EvalDataset.Question q : others.questions()) {
                        declined += declines(abstention, w.index(), q.text()) ? 1 : 0;
                    }
                    result.put("unanswerableFrom", unanswerable.toString());
                    result.put("unanswerable", others.questions().size());
                    result.put("declined", round(declined / (double) Math.max(1, others.questions().size())));
                }
                if (baselines && !noVectors) {
                    runs.add(Evaluation.run("bm25 only", ds, w.index(), hybrid.withMode(SearchMode.BM25), err::println));
                    runs.add(Evaluation.run("vectors only", ds, w.index(), hybrid.withMode(SearchMode.VECTOR), err::println));
                    runs.add(Evaluation.run("hybrid, no routing", ds, w.index(), hybrid.withRouting(false), err::println));
                }
            }
            if (baselines) {
                try (LuceneIndex fixed = LuceneIndex.open(scratch.resolve("fixed500"), null);
                     Workspace w = new Workspace("fixed500", fixed, new DocumentParser(), new FixedSizeChunker(500), o.parseThreads())) {
                    w.ingest(List.of(dir.resolve("docs")), dev.lectern.app.workspace.IngestListener.NONE, () -> false);
                    runs.add(Evaluation.run("bm25, fixed 500-char chunks, no routing", ds, w.index(),
                            new SearchRequest("q", 1, SearchMode.BM25, false), err::println));
                }
            }
            Evaluation.Run main = runs.get(0);
            result.put("dataset", dir.toString());
            result.put("questions", ds.questions().size());
            result.put("model", noVectors ? null : model);
            result.put("chunkTokens", chunkTokens);
            putFigures(result, main.overall());
            result.put("ingestSeconds", round(report.keywordSeconds() + report.vectorSeconds()));
            result.put("keywordReadySeconds", round(report.keywordSeconds()));
            result.put("vectorSeconds", round(report.vectorSeconds()));
            result.put("pages", report.pages());
            result.put("queryP50Ms", round(main.queryP50Ms()));
            result.put("queryP95Ms", round(main.queryP95Ms()));
            Map<String, Object> groups = new LinkedHashMap<>();
            for (Map.Entry<String, Evaluation.Figures> g : main.groups().entrySet()) {
                Map<String, Object> m = new LinkedHashMap<>();
                putFigures(m, g.getValue());
                groups.put(g.getKey(), m);
            }
            result.put("groups", groups);
            List<Object> base = new ArrayList<>();
            for (Evaluation.Run r : runs.subList(1, runs.size())) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", r.name());
                putFigures(m, r.overall());
                Map<String, Object> bg = new LinkedHashMap<>();
                for (Map.Entry<String, Evaluation.Figures> g : r.groups().entrySet()) {
                    Map<String, Object> gm = new LinkedHashMap<>();
                    putFigures(gm, g.getValue());
                    bg.put(g.getKey(), gm);
                }
                m.put("groups", bg);
                m.put("queryP50Ms", round(r.queryP50Ms()));
                m.put("queryP95Ms", round(r.queryP95Ms()));
                base.add(m);
            }
            result.put("baselines", base);
        } finally {
            traceWriter.close(); // closed already after the main run, unless it failed before
            deleteTree(scratch);
        }
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
        } else {
            printTable(out, result, runs);
        }
        out.flush();
        int failed = 0;
        for (String f : floors) {
            Double v = lookup(runs.get(0), result, f);
            Matcher m = FLOOR.matcher(f);
            m.matches();
            double min = Double.parseDouble(m.group(4));
            if (v == null) {
                err.println("lectern: floor " + f + ": no such figure in this dataset's results");
                failed++;
            } else if (v < min) {
                err.printf(Locale.ROOT, "lectern: floor %s: measured %.4f is below %.4f%n", f, v, min);
                failed++;
            } else {
                err.printf(Locale.ROOT, "eval: floor %s: %.4f ok%n", f, v);
            }
        }
        return failed > 0 ? 1 : 0;
    }

    /** Whether the answerer would say "not found" before answering, from the passages it would retrieve. */
    private static boolean declines(Abstention abstention, dev.lectern.indexing.WorkspaceIndex index, String question)
            throws IOException {
        return abstention.decide(question, Retrieval.wholeChunks(index,
                SearchRequest.of(question, Answerer.Options.DEFAULTS.k()))).abstain();
    }

    private static Double lookup(Evaluation.Run run, Map<String, Object> result, String floor) {
        Matcher m = FLOOR.matcher(floor);
        m.matches();
        if (m.group(1).equals("answered") || m.group(1).equals("declined")) {
            Object v = result.get(m.group(1));
            return v == null ? null : ((Number) v).doubleValue();
        }
        Evaluation.Figures f = m.group(3) == null ? run.overall() : run.groups().get(m.group(3));
        if (f == null) {
            return null;
        }
        String k = m.group(2);
        return switch (m.group(1)) {
            case "mrr" -> f.mrr();
            case "pageRecall" -> f.pageRecall().get(k);
            case "spanRecall" -> f.spanRecall().get(k);
            default -> f.spanPrecision().get(k);
        };
    }

    private static void putFigures(Map<String, Object> m, Evaluation.Figures f) {
        m.put("questionsScored", f.questions());
        m.put("topPassageInEvidenceDocument", round(f.docHit1()));
        m.put("routed", round(f.routed()));
        if (!f.pageRecall().isEmpty()) {
            m.put("pageRecall", rounded(f.pageRecall()));
            m.put("mrr", round(f.mrr()));
        }
        if (!f.spanRecall().isEmpty()) {
            m.put("spanPrecision", rounded(f.spanPrecision()));
            m.put("spanRecall", rounded(f.spanRecall()));
        }
    }

    private static Map<String, Double> rounded(Map<String, Double> in) {
        Map<String, Double> out = new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(k, round(v)));
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    private static void printTable(PrintWriter out, Map<String, Object> result, List<Evaluation.Run> runs) {
        out.printf(Locale.ROOT, "%s: %s questions; ingest %.1f s (keyword search ready after %.1f s, vectors %.1f s); "
                        + "query p50 %.1f ms, p95 %.1f ms%n", result.get("dataset"), result.get("questions"),
                result.get("ingestSeconds"), result.get("keywordReadySeconds"), result.get("vectorSeconds"),
                result.get("queryP50Ms"), result.get("queryP95Ms"));
        for (Evaluation.Run r : runs) {
            row(out, r.name(), "all", r.overall());
            for (Map.Entry<String, Evaluation.Figures> g : r.groups().entrySet()) {
                row(out, r.name(), g.getKey(), g.getValue());
            }
        }
        out.printf(Locale.ROOT, "not found before answering: answered %.3f of this dataset's questions", result.get("answered"));
        if (result.containsKey("declined")) {
            out.printf(Locale.ROOT, "; declined %.3f of the %s questions of %s (their answers are not in these documents)",
                    result.get("declined"), result.get("unanswerable"), result.get("unanswerableFrom"));
        }
        out.println();
    }

    private static void row(PrintWriter out, String run, String group, Evaluation.Figures f) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-40s %-12s n=%-4d doc@1 %.2f routed %.2f", run, group,
                f.questions(), f.docHit1(), f.routed()));
        if (!f.pageRecall().isEmpty()) {
            f.pageRecall().forEach((k, v) -> sb.append(String.format(Locale.ROOT, " R@%s %.3f", k, v)));
            sb.append(String.format(Locale.ROOT, " MRR %.3f", f.mrr()));
        }
        if (!f.spanRecall().isEmpty()) {
            for (String k : List.of("1", "4", "16", "64")) {
                sb.append(String.format(Locale.ROOT, " P@%s %.3f R@%s %.3f", k, f.spanPrecision().get(k), k, f.spanRecall().get(k)));
            }
        }
        out.println(sb);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** One JSON line per question, for reading where retrieval went wrong; writes nothing without a file. */
    private static final class TraceWriter implements AutoCloseable {
        private final java.io.BufferedWriter w;
        private final ObjectMapper json = new ObjectMapper();

        TraceWriter(Path file) throws IOException {
            this.w = file == null ? null : Files.newBufferedWriter(file);
        }

        void write(EvalDataset.Question q, List<dev.lectern.indexing.Passage> hits) {
            if (w == null) {
                return;
            }
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("id", q.id());
            line.put("question", q.text());
            line.put("evidence", q.evidence());
            line.put("firstPageHit", Evaluation.firstPageHit(q, hits));
            List<dev.lectern.app.eval.SpanMetrics.Span> evidence = Evaluation.evidenceSpans(q);
            if (!evidence.isEmpty() && !hits.isEmpty()) {
                dev.lectern.indexing.Passage p = hits.get(0);
                dev.lectern.app.eval.SpanMetrics.PR pr = dev.lectern.app.eval.SpanMetrics.score(
                        List.of(new dev.lectern.app.eval.SpanMetrics.Span(p.docPath(), p.sourceStart(), p.sourceEnd())), evidence);
                line.put("spanPrecision1", pr.precision());
                line.put("spanRecall1", pr.recall());
            }
            List<Map<String, Object>> top = new ArrayList<>();
            for (dev.lectern.indexing.Passage p : hits.subList(0, Math.min(30, hits.size()))) {
                Map<String, Object> h = new LinkedHashMap<>();
                h.put("doc", p.docPath());
                h.put("pages", p.pageStart() + "-" + p.pageEnd());
                h.put("source", p.sourceStart() + "-" + p.sourceEnd());
                h.put("score", p.score());
                h.put("bm25Rank", p.why().bm25Rank());
                h.put("vectorRank", p.why().vectorRank());
                h.put("routing", p.why().routing());
                h.put("text", p.text().length() > 200 ? p.text().substring(0, 200) : p.text());
                top.add(h);
            }
            line.put("top", top);
            try {
                w.write(json.writeValueAsString(line));
                w.newLine();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            if (w != null) {
                w.close();
            }
        }
    }
}
