package dev.lectern.app.cli;

import dev.lectern.app.Counts;
import dev.lectern.app.bench.IngestBenchmark;
import dev.lectern.app.bench.PageMappingCheck;
import dev.lectern.app.bench.ParseBenchmark;
import dev.lectern.app.bench.SearchBenchmark;
import dev.lectern.app.workspace.FileOutcome;
import dev.lectern.indexing.bench.SyntheticCorpus;
import dev.lectern.parsing.DocumentParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure speed and accuracy (results belong in BENCHMARKS.md, with the command).",
        subcommands = {BenchCommand.Parse.class, BenchCommand.Pages.class, BenchCommand.Ingest.class,
                BenchCommand.Search.class, BenchCommand.Llm.class, BenchCommand.Prompt.class})
final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @picocli.CommandLine.ParentCommand
    LecternCommand root;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "parse", mixinStandardHelpOptions = true,
            description = "Pages per second for parsing alone, 1 thread and N threads, beside bare PDFBox text extraction.")
    static final class Parse implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "A folder of PDFs (searched recursively).")
        Path dir;

        @Option(names = "--threads", defaultValue = "2", description = "Threads for the multi-threaded pass (default: ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--no-warmup", description = "Skip the warm-up pass.")
        boolean noWarmup;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            List<Path> pdfs;
            try (Stream<Path> s = Files.walk(dir)) {
                // largest first, so the multi-threaded passes do not end waiting on one big file
                pdfs = s.filter(p -> p.toString().toLowerCase(Locale.ROOT).endsWith(".pdf"))
                        .sorted(java.util.Comparator.comparingLong(BenchCommand::size).reversed()).toList();
            }
            if (pdfs.isEmpty()) {
                err.println("lectern: no PDFs under " + dir);
                return ParseCommand.EXIT_BAD_INPUT;
            }
            List<ParseBenchmark.Pass> passes = new ParseBenchmark(new DocumentParser())
                    .run(pdfs, threads, !noWarmup, m -> err.println("bench: " + m));
            out.printf(Locale.ROOT, "%s, %s, %s%n", Counts.of(pdfs.size(), "PDF"), Counts.of(passes.get(0).pages(), "page"),
                    Counts.of(Runtime.getRuntime().availableProcessors(), "core"));
            out.println("| what | threads | pages | seconds | pages/s |");
            out.println("|---|---|---|---|---|");
            for (ParseBenchmark.Pass p : passes) {
                out.printf(Locale.ROOT, "| %s | %d | %d | %.1f | %.1f |%n", p.name(), p.threads(), p.pages(), p.seconds(),
                        p.pagesPerSecond());
            }
            for (int i = 0; i + 1 < passes.size(); i += 2) {
                out.printf(Locale.ROOT, "Lectern / PDFBox time ratio, %d thread(s): %.2fx%n", passes.get(i).threads(),
                        passes.get(i + 1).seconds() / passes.get(i).seconds());
            }
            out.flush();
            return 0;
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    @Command(name = "pages", mixinStandardHelpOptions = true,
            description = {"Page accuracy on a page-labelled dataset.",
                    "The share of evidence passages of which at least --word-share of the words appear in Lectern's text "
                            + "of the labelled page."})
    static final class Pages implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DATASET_DIR", description = "A dataset folder with questions.jsonl and docs/.")
        Path dir;

        @Option(names = "--word-share", defaultValue = "0.8", description = "Words of a passage that must be on its page (default: ${DEFAULT-VALUE}).")
        double wordShare;

        @Option(names = "--min", paramLabel = "FRACTION", description = "Exit with status 1 when the figure is below this.")
        Double min;

        @Option(names = "--verbose", description = "List every passage below the word share.")
        boolean verbose;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (!Files.isRegularFile(dir.resolve("questions.jsonl"))) {
                err.println("lectern: " + dir + " has no questions.jsonl: not a dataset folder");
                return ParseCommand.EXIT_BAD_INPUT;
            }
            PageMappingCheck.Result r = new PageMappingCheck(new DocumentParser()).run(dir, wordShare,
                    m -> err.println("bench: " + m));
            for (String e : r.errors()) {
                out.println("error: " + e);
            }
            int below = 0;
            for (PageMappingCheck.Item it : r.items()) {
                if (it.coverage() < wordShare) {
                    below++;
                    if (verbose) {
                        out.printf(Locale.ROOT, "  below: %s %s p.%d  %.2f of %d words%n", it.question(), it.doc(), it.page(),
                                it.coverage(), it.words());
                    }
                }
            }
            out.printf(Locale.ROOT, "page accuracy: %.4f of %d evidence passages have >= %.0f%% of their words on the labelled page (%d below)%n",
                    r.passing(), r.items().size(), wordShare * 100, below);
            out.flush();
            if (min != null && r.passing() < min) {
                err.printf(Locale.ROOT, "lectern: page accuracy %.4f is below the floor %.4f%n", r.passing(), min);
                return 1;
            }
            return 0;
        }
    }

    @Command(name = "ingest", mixinStandardHelpOptions = true,
            description = {"Ingest speed of the real pipeline: every file under DIR into a scratch workspace (deleted "
                    + "after). Reports seconds and pages/s until keyword search is ready and until vectors are done, "
                    + "chunks/s embedded and peak heap, for one cold pass.",
                    "A file without pages of its own (TXT, DOCX, ...) counts one page per "
                            + IngestBenchmark.CHARS_PER_PAGE + " characters."})
    static final class Ingest implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "A folder of documents (searched recursively).")
        Path dir;

        @Option(names = "--threads", defaultValue = "2", description = "Parse threads and embedding workers (default: ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--model", paramLabel = "ID", defaultValue = dev.lectern.indexing.embed.EmbeddingModels.DEFAULT_ID,
                completionCandidates = EmbeddingModelIds.class,
                description = {"Embedding model (default: ${DEFAULT-VALUE}); 'none' for keyword search only.",
                        "Bundled: ${COMPLETION-CANDIDATES}."})
        String model;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (!Files.isDirectory(dir)) {
                err.println("lectern: " + dir + " is not a folder");
                return ParseCommand.EXIT_BAD_INPUT;
            }
            if (threads < 1) {
                err.println("lectern: --threads must be at least 1, got " + threads);
                return ParseCommand.EXIT_BAD_INPUT;
            }
            String m = "none".equalsIgnoreCase(model) ? null : model;
            IngestBenchmark.Result r;
            try {
                r = new IngestBenchmark().run(dir, m, threads, msg -> err.println("bench: " + msg));
            } catch (IllegalArgumentException e) {
                err.println("lectern: " + e.getMessage());
                return ParseCommand.EXIT_BAD_INPUT;
            }
            for (FileOutcome f : r.failures()) {
                err.println("bench: failed: " + f.message());
            }
            out.printf(Locale.ROOT, "%s (%d ingested, %d failed), %s (%s + %s of "
                            + "%d characters for %s without pages), %s at %d tokens; %d thread(s), model %s, "
                            + "%s, max heap %d MB; one cold pass%n",
                    Counts.of(r.files(), "file"), r.added(), r.failures().size(), Counts.of(r.pages(), "page"),
                    Counts.of(r.paginatedPages(), "paginated page"), Counts.of(r.pageEquivalents(), "page-equivalent"),
                    IngestBenchmark.CHARS_PER_PAGE, Counts.of(r.unpaginatedFiles(), "file"), Counts.of(r.chunks(), "chunk"),
                    dev.lectern.app.workspace.Workspaces.INDEX_CHUNK_TOKENS, r.threads(),
                    r.model() == null ? "none" : r.model(), Counts.of(Runtime.getRuntime().availableProcessors(), "core"),
                    r.maxHeapBytes() >> 20);
            out.println("| what | seconds | figure | goal | met |");
            out.println("|---|---|---|---|---|");
            out.printf(Locale.ROOT, "| open scratch workspace (loads the model) | %.1f | | | |%n", r.modelSeconds());
            out.printf(Locale.ROOT, "| keyword search ready | %.1f | %.1f pages/s | >= %.0f pages/s | %s |%n", r.keywordSeconds(),
                    r.keywordPagesPerSecond(), IngestBenchmark.GOAL_KEYWORD_PAGES_PER_SECOND,
                    met(r.keywordPagesPerSecond() >= IngestBenchmark.GOAL_KEYWORD_PAGES_PER_SECOND));
            if (r.model() != null) {
                out.printf(Locale.ROOT, "| vectors done (keyword + vector stage) | %.1f | %.1f pages/s | >= %.0f pages/s | %s |%n",
                        r.keywordSeconds() + r.vectorSeconds(), r.vectorPagesPerSecond(),
                        IngestBenchmark.GOAL_VECTOR_PAGES_PER_SECOND,
                        met(r.vectorPagesPerSecond() >= IngestBenchmark.GOAL_VECTOR_PAGES_PER_SECOND));
                out.printf(Locale.ROOT, "| vector stage: %s embedded | %.1f | %.1f chunks/s | | |%n",
                        Counts.of(r.chunksEmbedded(), "chunk"), r.vectorSeconds(), r.chunksPerSecond());
            }
            out.printf(Locale.ROOT, "| peak heap used (sampled every 200 ms) | | %d MB | | |%n", r.peakHeapBytes() >> 20);
            out.flush();
            return r.failures().isEmpty() ? 0 : 1;
        }
    }

    @Command(name = "search", mixinStandardHelpOptions = true,
            description = {"Search latency at scale: parse and chunk the documents under DIR, embed a sample of the "
                    + "chunks, write a synthetic index of --chunks chunks copied from them (text varied, vectors with "
                    + "noise), and time BM25, vector and hybrid search (top 10, routing on) after a warm-up.",
                    "Queries are the questions of DIR/../questions.jsonl (a dataset's docs folder) if there is one, "
                            + "else sentences of the documents."})
    static final class Search implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "A folder of documents (searched recursively).")
        Path dir;

        @Option(names = "--chunks", defaultValue = "200000", description = "Chunks in the synthetic index (default: ${DEFAULT-VALUE}).")
        long chunks;

        @Option(names = "--queries", defaultValue = "200", description = "Timed queries per mode (default: ${DEFAULT-VALUE}).")
        int queries;

        @Option(names = "--warmup", defaultValue = "50", description = "Untimed queries per mode first (default: ${DEFAULT-VALUE}).")
        int warmup;

        @Option(names = "--sample", defaultValue = "2000", description = "Real chunks to embed (default: ${DEFAULT-VALUE}).")
        int sample;

        @Option(names = "--segments", defaultValue = "4", description = "Force-merge the index to at most this many segments (default: ${DEFAULT-VALUE}).")
        int segments;

        @Option(names = "--threads", defaultValue = "2", description = "Parse, embedding and writer threads (default: ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--model", paramLabel = "ID", defaultValue = dev.lectern.indexing.embed.EmbeddingModels.DEFAULT_ID,
                completionCandidates = EmbeddingModelIds.class,
                description = {"Embedding model (default: ${DEFAULT-VALUE}).", "Bundled: ${COMPLETION-CANDIDATES}."})
        String model;

        @Option(names = "--noise", defaultValue = "0.02", description = "Standard deviation of the noise added to each vector component (default: ${DEFAULT-VALUE}).")
        double noise;

        @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (!Files.isDirectory(dir)) {
                err.println("lectern: " + dir + " is not a folder");
                return ParseCommand.EXIT_BAD_INPUT;
            }
            SearchBenchmark.Result r;
            try {
                SearchBenchmark.Settings s = new SearchBenchmark.Settings(chunks, queries, warmup, sample, segments, threads,
                        model, noise, seed);
                r = new SearchBenchmark().run(dir, s, msg -> err.println("bench: " + msg));
            } catch (IllegalArgumentException e) {
                err.println("lectern: " + e.getMessage());
                return ParseCommand.EXIT_BAD_INPUT;
            }
            out.printf(Locale.ROOT, "corpus: %s (%d failed), %s, %s at %d tokens; %d of them embedded "
                            + "with %s in %.1f s%n", Counts.of(r.files(), "file"), r.failedFiles(), Counts.of(r.pages(), "page"),
                    Counts.of(r.realChunks(), "real chunk"), r.chunkTokens(),
                    r.embedded(), r.model(), r.embedSeconds());
            out.printf(Locale.ROOT, "index: %s in %s (copies of the real ones, text varied), vectors = "
                            + "a real vector + N(0, %.3f) per component, renormalised (cosine to it ~%.2f); built in %.1f s; "
                            + "%d segment(s) after a force-merge to at most %d; %.1f MB on disk, %.0f bytes per chunk%n",
                    Counts.of(r.chunks(), "synthetic chunk"), Counts.of(r.documents(), "document"), r.noise(),
                    SyntheticCorpus.expectedCosine(r.noise(), r.dimension()),
                    r.buildSeconds(), r.segments(), r.maxSegments(), r.indexBytes() / 1048576.0, r.bytesPerChunk());
            out.printf(Locale.ROOT, "queries: %d per mode, cycling %d distinct %s, after %d warm-up queries per mode; top 10, "
                            + "routing on; modes interleaved; %s%n", r.queries(), r.distinctQueries(), r.querySource(),
                    r.warmup(), Counts.of(Runtime.getRuntime().availableProcessors(), "core"));
            out.println("| mode | queries | p50 ms | p95 ms | max ms | mean ms | goal | met |");
            out.println("|---|---|---|---|---|---|---|---|");
            for (SearchBenchmark.Latency l : r.latencies()) {
                boolean hybrid = l.name().equals("hybrid");
                String name = l.name().equals("query embedding") ? "query embedding alone (part of vector and hybrid)" : l.name();
                out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %.1f | %s | %s |%n", name, l.count(), l.p50(), l.p95(),
                        l.max(), l.mean(), hybrid ? String.format(Locale.ROOT, "p95 <= %.0f ms", SearchBenchmark.GOAL_HYBRID_P95_MS) : "",
                        hybrid ? met(l.p95() <= SearchBenchmark.GOAL_HYBRID_P95_MS) : "");
            }
            out.flush();
            return 0;
        }
    }

    private static String met(boolean met) {
        return met ? "yes" : "**no**";
    }

    @Command(name = "llm", mixinStandardHelpOptions = true,
            description = {"llama.cpp speed on random-weight models at real shapes.",
                    "Prompt and decode tokens/s, time to first token for a RAG prompt cold and for a follow-up that reuses "
                            + "the cached prefix, and peak memory of the model process, beside the machine's memory bandwidth."})
    static final class Llm implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.ParentCommand
        BenchCommand bench;

        @Option(names = "--models", split = ",", defaultValue = "0.5b:q8_0,1.5b:q4_0",
                description = "SHAPE:QUANT pairs; shapes 0.5b, 1.5b, tiny; quantizations q8_0, q4_0, f16 (default: ${DEFAULT-VALUE}).")
        List<String> models;

        @Option(names = "--ctx", defaultValue = "4096", description = "Context size (default: ${DEFAULT-VALUE}).")
        int ctx;

        @Option(names = "--prompt-tokens", defaultValue = "2000", description = "RAG prompt length (default: ${DEFAULT-VALUE}).")
        int promptTokens;

        @Option(names = "--answer-tokens", defaultValue = "32", description = "Tokens generated per answer (default: ${DEFAULT-VALUE}).")
        int answerTokens;

        @Option(names = "--kv", split = ",", defaultValue = "f16", description = "KV-cache types to run, e.g. f16,q8_0 (default: ${DEFAULT-VALUE}).")
        List<String> kv;

        @Option(names = "--mmap", split = ",", defaultValue = "on", description = "Memory-mapping settings to run: on, off or on,off (default: ${DEFAULT-VALUE}).")
        List<String> mmap;

        @Option(names = "--threads", description = "Threads (default: all cores).")
        Integer threads;

        @Option(names = "--dir", description = "Folder for the generated models (default: a temporary folder, deleted after).")
        Path dir;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
            Path folder = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("lectern-bench-llm");
            try {
                err.println("bench: measuring memory bandwidth");
                err.flush();
                double bandwidth = dev.lectern.app.bench.MemoryBandwidth.measureGBps(512, t, 3);
                var bench = new dev.lectern.app.bench.LlmBenchmark(folder, t, m -> {
                    err.println("bench: " + m);
                    err.flush();
                });
                out.printf(Locale.ROOT, "%s, %s; memory bandwidth %.1f GB/s (Java, %s)%n",
                        Counts.of(Runtime.getRuntime().availableProcessors(), "core"), Counts.of(t, "thread"), bandwidth,
                        Counts.of(t, "thread"));
                out.println("| model | quant | file MB | ctx | KV | mmap | prompt tok | prompt tok/s | decode tok/s | decode ceiling tok/s | TTFT cold ms | TTFT follow-up ms | follow-up/cold | peak RSS MB |");
                out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
                out.flush();
                for (String m : models) {
                    String[] parts = m.split(":");
                    var shape = switch (parts[0].toLowerCase(Locale.ROOT)) {
                        case "0.5b" -> dev.lectern.inference.gguf.ModelShape.QWEN_0_5B;
                        case "1.5b" -> dev.lectern.inference.gguf.ModelShape.QWEN_1_5B;
                        case "tiny" -> dev.lectern.inference.gguf.ModelShape.TINY;
                        default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                                "unknown shape '" + parts[0] + "': use 0.5b, 1.5b or tiny");
                    };
                    var type = dev.lectern.inference.gguf.GgmlType.valueOf(
                            (parts.length > 1 ? parts[1] : "q8_0").toUpperCase(Locale.ROOT));
                    Path file = bench.model(shape, type);
                    for (String k : kv) {
                        for (String mm : mmap) {
                            var r = bench.run(file, ctx, dev.lectern.inference.llama.KvCacheType.parse(k),
                                    !mm.equalsIgnoreCase("off"), promptTokens, answerTokens);
                            out.printf(Locale.ROOT, "| %s | %s | %.0f | %d | %s | %s | %d | %.1f | %.1f | %.1f | %d | %d | %.3f | %s |%n",
                                    shape.name(), r.quantization(), r.fileBytes() / 1e6, r.context(), r.kvCache(),
                                    r.mmap() ? "on" : "off", r.coldPromptTokens(), r.promptTokensPerSecond(),
                                    r.decodeTokensPerSecond(), bandwidth * 1e9 / r.fileBytes(), r.coldFirstTokenMillis(),
                                    r.followUpFirstTokenMillis(), r.followUpRatio(),
                                    r.peakRssBytes() < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f", r.peakRssBytes() / 1e6));
                            out.flush();
                        }
                    }
                }
                return 0;
            } finally {
                if (dir == null) {
                    try (Stream<Path> s = Files.walk(folder)) {
                        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                }
            }
        }
    }

    @Command(name = "prompt", mixinStandardHelpOptions = true,
            description = {"Prompt size against a naive RAG prompt at equal evidence recall, on a dataset "
                    + "(questions.jsonl + docs/): Lectern's prompt as the answerer builds it (k passages, sentences "
                    + "selected under the source budget, the prompt builder) beside the top 4 chunks of a second index "
                    + "of the same documents in fixed 1,000-character chunks, same search, same prompt wrapper.",
                    "Evidence recall: the share of evidence characters the prompt's sources cover (span-labelled "
                            + "sets), or the share of questions with a source on an evidence page (page-labelled sets)."})
    static final class Prompt implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.ParentCommand
        BenchCommand bench;

        @Parameters(paramLabel = "DATASET_DIR", description = "The dataset folder.")
        Path dir;

        @Option(names = "--workspace", paramLabel = "NAME",
                description = "An existing workspace of the data folder holding the dataset's documents (else they are "
                        + "ingested into a scratch workspace, deleted after).")
        String workspace;

        @Option(names = "--naive-workspace", paramLabel = "NAME",
                description = "Keep the naive 1,000-character index as this workspace of the data folder and reuse it "
                        + "when it is there already (else a scratch one, deleted after).")
        String naiveWorkspace;

        @Option(names = "--budgets", split = ",", defaultValue = "500,1000",
                description = "Further source budgets to measure Lectern at (default: ${DEFAULT-VALUE}); 'none' for none.")
        List<String> budgets;

        @Option(names = "--context", defaultValue = "4096", description = "Model context in tokens (default: ${DEFAULT-VALUE}).")
        int context;

        @Option(names = "--counter", defaultValue = "chars",
                description = "Token counter for every prompt: 'chars' (characters / 4, EvidenceSelector.estimateTokens) "
                        + "or 'wordpiece' (TokenCounter.APPROXIMATE) (default: ${DEFAULT-VALUE}).")
        String counter;

        @Option(names = "--model", paramLabel = "ID", defaultValue = dev.lectern.indexing.embed.EmbeddingModels.DEFAULT_ID,
                completionCandidates = EmbeddingModelIds.class,
                description = {"Embedding model of both indexes (default: ${DEFAULT-VALUE}).", "Bundled: ${COMPLETION-CANDIDATES}."})
        String model;

        @Option(names = "--no-vectors", description = "Keyword search only, for both prompts.")
        boolean noVectors;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            dev.lectern.app.eval.EvalDataset ds;
            try {
                ds = dev.lectern.app.eval.EvalDataset.load(dir);
            } catch (IOException e) {
                err.println("lectern: " + e.getMessage());
                return ParseCommand.EXIT_BAD_INPUT;
            }
            java.util.function.ToIntFunction<String> tokens;
            String counterName;
            switch (counter.toLowerCase(Locale.ROOT)) {
                case "chars" -> {
                    tokens = dev.lectern.app.answer.EvidenceSelector::estimateTokens;
                    counterName = "characters / 4 (EvidenceSelector.estimateTokens)";
                }
                case "wordpiece" -> {
                    tokens = t -> dev.lectern.parsing.TokenCounter.APPROXIMATE.count(t);
                    counterName = "TokenCounter.APPROXIMATE (WordPiece-like estimate)";
                }
                default -> {
                    err.println("lectern: --counter must be 'chars' or 'wordpiece', got '" + counter + "'");
                    return ParseCommand.EXIT_BAD_INPUT;
                }
            }
            List<Integer> others = new java.util.ArrayList<>();
            for (String b : budgets) {
                if (b.equalsIgnoreCase("none") || b.isBlank()) {
                    continue;
                }
                try {
                    others.add(Integer.parseInt(b.trim()));
                } catch (NumberFormatException e) {
                    err.println("lectern: --budgets takes whole numbers of tokens, got '" + b + "'");
                    return ParseCommand.EXIT_BAD_INPUT;
                }
            }
            var defaults = dev.lectern.app.answer.Answerer.Options.DEFAULTS;
            others.remove(Integer.valueOf(defaults.sourceTokens()));
            var settings = new dev.lectern.app.bench.PromptSizeBenchmark.Settings(defaults.k(), defaults.sourceTokens(),
                    others, context, defaults.answerTokens(), dev.lectern.app.bench.PromptSizeBenchmark.NAIVE_TOP,
                    noVectors ? dev.lectern.indexing.SearchMode.BM25 : dev.lectern.indexing.SearchMode.HYBRID);
            var benchmark = new dev.lectern.app.bench.PromptSizeBenchmark(settings, tokens, counterName);
            var o = dev.lectern.app.workspace.Workspaces.Options.defaults().withModel(noVectors ? null : model);
            var workspaces = new dev.lectern.app.workspace.Workspaces(bench.root.dataDirectory());
            Path scratch = Files.createTempDirectory("lectern-bench-prompt-");
            dev.lectern.app.bench.PromptSizeBenchmark.Result r;
            try {
                if (workspace != null && !Files.isDirectory(workspaces.folder(workspace))) {
                    err.println("lectern: no workspace '" + workspace + "' in " + bench.root.dataDirectory());
                    return ParseCommand.EXIT_BAD_INPUT;
                }
                try (var main = workspace == null
                        ? dev.lectern.app.workspace.Workspaces.open("bench", scratch.resolve("main"), o)
                        : workspaces.open(workspace, o);
                     var naive = dev.lectern.app.workspace.Workspaces.open("naive", naiveWorkspace == null
                                     ? scratch.resolve("naive") : workspaces.folder(naiveWorkspace).resolve("index"), o,
                             new dev.lectern.parsing.chunk.FixedSizeChunker(
                                     dev.lectern.app.bench.PromptSizeBenchmark.NAIVE_CHUNK_CHARS))) {
                    if (workspace == null) {
                        err.println("bench: ingesting " + dir.resolve("docs") + " into a scratch workspace");
                        report(err, main.ingest(List.of(dir.resolve("docs")), new Progress(err), () -> false));
                    }
                    err.println("bench: indexing " + dir.resolve("docs") + " in fixed "
                            + dev.lectern.app.bench.PromptSizeBenchmark.NAIVE_CHUNK_CHARS + "-character chunks"
                            + (naiveWorkspace == null ? "" : " (workspace " + naiveWorkspace + "; files already there are kept)"));
                    report(err, naive.ingest(List.of(dir.resolve("docs")), new Progress(err), () -> false));
                    r = benchmark.run(ds, main.index(), naive.index(),
                            dev.lectern.app.bench.PromptSizeBenchmark.SourceOffsets.reparse(main.parser()),
                            m -> err.println("bench: " + m));
                }
            } finally {
                try (Stream<Path> s = Files.walk(scratch)) {
                    s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            if (r.textMismatches() > 0) {
                err.println("bench: warning: " + r.textMismatches() + " source(s) did not match the document text at their "
                        + "offsets and were left out of recall");
            }
            if (json) {
                java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("dataset", dir.toString());
                m.put("questions", ds.questions().size());
                m.put("tokenCounter", r.tokenCounter());
                m.put("k", settings.k());
                m.put("sourceTokens", settings.sourceTokens());
                m.put("contextSize", settings.contextSize());
                m.put("answerTokens", settings.answerTokens());
                m.put("naive", java.util.Map.of("chunkChars", dev.lectern.app.bench.PromptSizeBenchmark.NAIVE_CHUNK_CHARS,
                        "top", settings.naiveTop()));
                m.put("search", settings.mode().name().toLowerCase(Locale.ROOT) + ", routing on");
                m.put("abstained", r.abstained());
                m.put("textMismatches", r.textMismatches());
                List<Object> groups = new java.util.ArrayList<>();
                for (var g : r.groups()) {
                    java.util.Map<String, Object> gm = new java.util.LinkedHashMap<>();
                    gm.put("group", g.name());
                    gm.put("recall", g.recallKind());
                    gm.put("questions", g.questions());
                    List<Object> cs = new java.util.ArrayList<>();
                    for (var f : g.configs()) {
                        cs.add(dev.lectern.app.bench.PromptSizeBenchmark.toMap(f, g.configs().get(1)));
                    }
                    gm.put("configs", cs);
                    groups.add(gm);
                }
                m.put("groups", groups);
                out.println(new com.fasterxml.jackson.databind.ObjectMapper()
                        .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(m));
            } else {
                out.printf(Locale.ROOT, "%s: %s; tokens counted as %s; Lectern: k=%d passages, sentences selected "
                                + "under the source budget; naive: top %d chunks of %d characters; %s search, routing on; "
                                + "context %d, answer %d tokens; %d question(s) the answerer would abstain on (measured anyway)%n",
                        dir, Counts.of(ds.questions().size(), "question"), r.tokenCounter(), settings.k(), settings.naiveTop(),
                        dev.lectern.app.bench.PromptSizeBenchmark.NAIVE_CHUNK_CHARS,
                        settings.mode().name().toLowerCase(Locale.ROOT), settings.contextSize(), settings.answerTokens(),
                        r.abstained());
                out.println("| group | prompt | questions | prompt tokens mean | median | source tokens mean | median "
                        + "| sources | prompt vs naive | evidence recall |");
                out.println("|---|---|---|---|---|---|---|---|---|---|");
                for (var g : r.groups()) {
                    var naive = g.configs().get(1);
                    for (var f : g.configs()) {
                        out.printf(Locale.ROOT, "| %s | %s | %d | %.0f | %.0f | %.0f | %.0f | %.1f | %s | %.3f (%s) |%n",
                                g.name(), f.config(), f.questions(), f.meanPromptTokens(), f.medianPromptTokens(),
                                f.meanSourceTokens(), f.medianSourceTokens(), f.meanSources(),
                                f == naive ? "1" : String.format(Locale.ROOT, "%.2f", f.meanPromptTokens() / naive.meanPromptTokens()),
                                f.recall(), g.recallKind());
                    }
                }
            }
            out.flush();
            return 0;
        }

        private static void report(PrintWriter err, dev.lectern.app.workspace.IngestReport report) {
            for (FileOutcome f : report.files()) {
                if (f.status() == FileOutcome.Status.FAILED) {
                    err.println("bench: " + f.message());
                }
            }
        }
    }
}
