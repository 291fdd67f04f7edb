package dev.lectern.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lectern.app.workspace.Workspace;
import dev.lectern.app.workspace.Workspaces;
import dev.lectern.indexing.SearchMode;
import dev.lectern.indexing.SearchRequest;
import dev.lectern.indexing.bench.SyntheticCorpus;
import dev.lectern.indexing.embed.Embedder;
import dev.lectern.indexing.embed.EmbeddingModels;
import dev.lectern.indexing.lucene.LuceneIndex;
import dev.lectern.indexing.lucene.SyntheticIndexWriter;
import dev.lectern.indexing.lucene.SyntheticIndexWriter.DocRecord;
import dev.lectern.parsing.DocumentParser;
import dev.lectern.parsing.ParseException;
import dev.lectern.parsing.TokenCounter;
import dev.lectern.parsing.chunk.StructureChunker;
import dev.lectern.parsing.model.Chunk;
import dev.lectern.parsing.model.Document;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Search latency at a size no dev set reaches: parse the documents under a folder, chunk them as
 * the index does, embed a sample of the chunks with the real model, and write a synthetic index of
 * N chunks copied from them ({@link SyntheticCorpus}, {@link SyntheticIndexWriter}). Then open it as
 * a workspace index ({@link LuceneIndex#open}) and time {@code retrieve} for BM25, vector and hybrid
 * search, top 10 with routing on, after a warm-up; queries are the dataset's questions when the
 * folder is a dataset's {@code docs/}, else sentences of the documents.
 *
 * <p>Timed queries interleave the modes, in an order that rotates from query to query, so that
 * noise from other work on the machine falls on all of them alike. Query embedding is timed on its
 * own too: it is part of every vector and hybrid search.
 */
public final class SearchBenchmark {
    /** Goal: hybrid search answers within this many milliseconds at the 95th percentile, on 2 cores. */
    public static final double GOAL_HYBRID_P95_MS = 50;
    private static final int EMBED_BATCH = 64;
    private static final double RAM_BUFFER_MB = 256;

    /**
     * @param chunks   chunks in the synthetic index
     * @param queries  timed queries per mode
     * @param warmup   untimed queries per mode before timing
     * @param sample   real chunks to embed (their vectors, with noise, are every synthetic vector)
     * @param segments the synthetic index is force-merged to at most this many segments
     * @param threads  parse threads, embedding workers and index writer threads
     * @param model    embedding model id
     * @param noise    standard deviation of the noise added to each vector component
     * @param seed     seed of the sample, the text variants, the noise and the query order
     */
    public record Settings(long chunks, int queries, int warmup, int sample, int segments, int threads, String model,
                           double noise, long seed) {
        public Settings {
            if (chunks < 1 || queries < 1 || warmup < 0 || sample < 1 || segments < 1 || threads < 1) {
                throw new IllegalArgumentException("chunks, queries, sample, segments and threads must be at least 1, "
                        + "warmup at least 0");
            }
        }

        public static Settings defaults() {
            return new Settings(200_000, 200, 50, 2000, 4, Math.max(1, Runtime.getRuntime().availableProcessors()),
                    EmbeddingModels.DEFAULT_ID, 0.02, 42);
        }
    }

    /** Latency of one kind of call, in milliseconds; nearest-rank percentiles. */
    public record Latency(String name, int count, double p50, double p95, double max, double mean) {
        static Latency of(String name, double[] millis) {
            double[] s = millis.clone();
            Arrays.sort(s);
            return new Latency(name, s.length, percentile(s, 0.50), percentile(s, 0.95), s[s.length - 1],
                    Arrays.stream(s).average().orElse(0));
        }

        private static double percentile(double[] sorted, double p) {
            int rank = (int) Math.ceil(p * sorted.length);
            return sorted[Math.max(0, rank - 1)];
        }
    }

    /**
     * One run: the real corpus, the synthetic index ({@code segments} after a force-merge to at most
     * {@code maxSegments}), and the latencies (BM25, vector, hybrid, query embedding).
     */
    public record Result(int files, int failedFiles, int pages, int realChunks, int chunkTokens, int embedded,
                         double embedSeconds, String model, long chunks, int documents, int segments,
                         int maxSegments, double buildSeconds, long indexBytes, double noise, int dimension, String querySource,
                         int distinctQueries, int queries, int warmup, List<Latency> latencies) {
        public Result {
            latencies = List.copyOf(latencies);
        }

        public double bytesPerChunk() {
            return (double) indexBytes / chunks;
        }

        public Latency latency(String name) {
            return latencies.stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
        }
    }

    /** A parsed document reduced to what the synthetic corpus needs. */
    private record Parsed(DocRecord doc, List<Chunk> chunks, int pages) {
    }

    public Result run(Path dir, Settings s, Consumer<String> progress) throws IOException {
        List<Path> files = new ArrayList<>(Workspace.expand(List.of(dir)));
        files.removeIf(p -> p.getFileName().toString().equals("questions.jsonl"));
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no files under " + dir + ": give a folder of documents");
        }
        progress.accept("parsing and chunking " + files.size() + " files");
        List<Parsed> parsed = parse(files, s.threads());
        List<DocRecord> docs = new ArrayList<>();
        List<SyntheticCorpus.Source> sources = new ArrayList<>();
        int pages = 0;
        for (Parsed p : parsed) {
            if (p.chunks().isEmpty()) {
                continue;
            }
            pages += p.pages();
            int d = docs.size();
            docs.add(p.doc());
            for (Chunk c : p.chunks()) {
                sources.add(new SyntheticCorpus.Source(d, c.text(), c.headingPath(), c.pageStart(), c.pageEnd(), c.start()));
            }
        }
        int failed = files.size() - parsed.size();
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no text in the " + files.size() + " files under " + dir
                    + ": the benchmark copies real chunks, so it needs documents with text");
        }

        try (Embedder embedder = EmbeddingModels.open(s.model(), s.threads());
             Scratch scratch = Scratch.create("lectern-bench-search-")) {
            // the sample: real chunks embedded as the index embeds them (title and headings first)
            Random rnd = new Random(s.seed());
            List<Integer> order = new ArrayList<>();
            for (int j = 0; j < sources.size(); j++) {
                order.add(j);
            }
            Collections.shuffle(order, rnd);
            int[] sampled = order.subList(0, Math.min(s.sample(), order.size())).stream().mapToInt(Integer::intValue)
                    .sorted().toArray();
            progress.accept("embedding " + sampled.length + " of " + sources.size() + " real chunks with " + s.model());
            long t0 = System.nanoTime();
            float[][] vectors = new float[sampled.length][];
            for (int from = 0; from < sampled.length; from += EMBED_BATCH) {
                int to = Math.min(sampled.length, from + EMBED_BATCH);
                List<String> texts = new ArrayList<>(to - from);
                for (int k = from; k < to; k++) {
                    SyntheticCorpus.Source src = sources.get(sampled[k]);
                    texts.add(SyntheticIndexWriter.embeddedText(docs.get(src.doc()).title(), src.headingPath(), src.text()));
                }
                float[][] v = embedder.embedPassages(texts);
                System.arraycopy(v, 0, vectors, from, v.length);
                if ((from / EMBED_BATCH) % 5 == 4) {
                    progress.accept("embedded " + to + " of " + sampled.length);
                }
            }
            double embedSeconds = (System.nanoTime() - t0) / 1e9;

            SyntheticCorpus corpus = new SyntheticCorpus(docs, sources, vectors, sampled, s.noise(), s.seed());
            Path folder = scratch.dir().resolve("index");
            progress.accept("writing " + s.chunks() + " synthetic chunks and their vectors");
            long t1 = System.nanoTime();
            List<DocRecord> synthDocs = corpus.documents(s.chunks());
            int segments;
            try (SyntheticIndexWriter w = SyntheticIndexWriter.create(folder, embedder.modelId(), embedder.dimension(),
                    RAM_BUFFER_MB)) {
                for (DocRecord d : synthDocs) {
                    w.addDocument(d);
                }
                write(w, corpus, s, progress);
                progress.accept("force-merging to at most " + s.segments() + " segment(s)");
                segments = w.finish(s.segments());
            }
            double buildSeconds = (System.nanoTime() - t1) / 1e9;
            long bytes = Scratch.size(folder);

            Queries q = queries(dir, sources, s.seed());
            List<Latency> latencies;
            // the settings a workspace searches with (Workspaces opens its index the same way)
            try (LuceneIndex index = LuceneIndex.open(folder, embedder, dev.lectern.indexing.lucene.RetrievalTuning.fromSystemProperties(), false)) {
                if (index.chunkCount() != s.chunks()) {
                    throw new IllegalStateException("the synthetic index holds " + index.chunkCount() + " chunks, not "
                            + s.chunks() + ": it does not load as a workspace index");
                }
                latencies = time(index, embedder, q.texts(), s, progress);
            }
            return new Result(files.size(), failed, pages, sources.size(), Workspaces.INDEX_CHUNK_TOKENS, sampled.length,
                    embedSeconds, embedder.modelId(), s.chunks(), synthDocs.size(), segments, s.segments(), buildSeconds, bytes,
                    s.noise(), embedder.dimension(), q.source(), q.texts().size(), s.queries(), s.warmup(), latencies);
        }
    }

    private static List<Parsed> parse(List<Path> files, int threads) throws IOException {
        DocumentParser parser = new DocumentParser();
        StructureChunker chunker = new StructureChunker(TokenCounter.APPROXIMATE, Workspaces.INDEX_CHUNK_TOKENS);
        ExecutorService pool = Executors.newFixedThreadPool(threads, daemon("lectern-bench-parse"));
        try {
            List<Future<Parsed>> futures = new ArrayList<>();
            for (Path f : files) {
                futures.add(pool.submit(() -> {
                    try {
                        Document d = parser.extract(f);
                        return new Parsed(SyntheticIndexWriter.docOf(d), chunker.chunk(d), d.pages().size());
                    } catch (ParseException e) {
                        return null; // counted as failed
                    }
                }));
            }
            List<Parsed> out = new ArrayList<>();
            for (Future<Parsed> fu : futures) {
                Parsed p = get(fu);
                if (p != null) {
                    out.add(p);
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Adds every record, {@code threads} writer threads taking the next index in turn. */
    private static void write(SyntheticIndexWriter w, SyntheticCorpus corpus, Settings s, Consumer<String> progress)
            throws IOException {
        AtomicLong next = new AtomicLong();
        long step = Math.max(1, s.chunks() / 10);
        ExecutorService pool = Executors.newFixedThreadPool(s.threads(), daemon("lectern-bench-write"));
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int t = 0; t < s.threads(); t++) {
                futures.add(pool.submit(() -> {
                    for (long i = next.getAndIncrement(); i < s.chunks(); i = next.getAndIncrement()) {
                        w.addChunk(corpus.record(i));
                        if ((i + 1) % step == 0) {
                            progress.accept("written " + (i + 1) + " of " + s.chunks());
                        }
                    }
                    return null;
                }));
            }
            for (Future<Void> fu : futures) {
                get(fu);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> T get(Future<T> fu) throws IOException {
        try {
            return fu.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    // ---- queries and timing ----------------------------------------------------------------------

    /** Distinct query texts and where they came from. */
    record Queries(List<String> texts, String source) {
    }

    /**
     * The "question" of every line of {@code questions.jsonl} in {@code dir} or its parent (a
     * dataset's docs/ folder), else up to 500 sentences of 6 to 30 words from the sources.
     */
    static Queries queries(Path dir, List<SyntheticCorpus.Source> sources, long seed) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        for (Path candidate : new Path[] {abs.resolve("questions.jsonl"),
                abs.getParent() == null ? null : abs.getParent().resolve("questions.jsonl")}) {
            if (candidate != null && Files.isRegularFile(candidate)) {
                Set<String> questions = new LinkedHashSet<>();
                ObjectMapper json = new ObjectMapper();
                try (BufferedReader r = Files.newBufferedReader(candidate, StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        if (!line.isBlank()) {
                            JsonNode q = json.readTree(line).path("question");
                            if (q.isTextual() && !q.asText().isBlank()) {
                                questions.add(q.asText());
                            }
                        }
                    }
                }
                if (!questions.isEmpty()) {
                    return new Queries(new ArrayList<>(questions), "questions of " + candidate);
                }
            }
        }
        Set<String> sentences = new LinkedHashSet<>();
        for (SyntheticCorpus.Source src : sources) {
            for (String sentence : src.text().split("(?<=[.!?])\\s+|\\n+")) {
                int words = sentence.strip().split("\\s+").length;
                if (words >= 6 && words <= 30) {
                    sentences.add(sentence.strip());
                }
            }
        }
        if (sentences.isEmpty()) {
            for (SyntheticCorpus.Source src : sources) {
                if (!src.text().isBlank()) {
                    sentences.add(src.text().strip());
                }
            }
        }
        List<String> out = new ArrayList<>(sentences);
        Collections.shuffle(out, new Random(seed));
        return new Queries(out.subList(0, Math.min(500, out.size())), "sentences of the documents");
    }

    private static final SearchMode[] MODES = {SearchMode.BM25, SearchMode.VECTOR, SearchMode.HYBRID};

    private static List<Latency> time(LuceneIndex index, Embedder embedder, List<String> queries, Settings s,
                                      Consumer<String> progress) throws IOException {
        List<String> order = new ArrayList<>(queries);
        Collections.shuffle(order, new Random(s.seed() + 1));
        progress.accept("warm-up: " + s.warmup() + " queries per mode");
        for (int i = 0; i < s.warmup(); i++) {
            String q = order.get(i % order.size());
            for (SearchMode m : MODES) {
                index.retrieve(new SearchRequest(q, 10, m, true));
            }
            embedder.embedQuery(q);
        }
        progress.accept("timing " + s.queries() + " queries per mode");
        double[][] millis = new double[MODES.length + 1][s.queries()];
        for (int i = 0; i < s.queries(); i++) {
            String q = order.get((s.warmup() + i) % order.size());
            for (int k = 0; k < MODES.length; k++) {
                int m = (i + k) % MODES.length;
                long t0 = System.nanoTime();
                index.retrieve(new SearchRequest(q, 10, MODES[m], true));
                millis[m][i] = (System.nanoTime() - t0) / 1e6;
            }
            long t0 = System.nanoTime();
            embedder.embedQuery(q);
            millis[MODES.length][i] = (System.nanoTime() - t0) / 1e6;
        }
        return List.of(Latency.of("BM25", millis[0]), Latency.of("vector", millis[1]), Latency.of("hybrid", millis[2]),
                Latency.of("query embedding", millis[3]));
    }
}
