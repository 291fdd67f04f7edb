package dev.lectern.indexing.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bundled ONNX embedding model run directly on ONNX Runtime, with the model's own HuggingFace
 * tokenizer (DJL's JNI binding of the Rust {@code tokenizers} library).
 *
 * <p>Why not LangChain4j's model classes, which wrap the same files: their session's thread pool
 * spans all cores and leaves a small machine partly idle, and for all-MiniLM they read only 128
 * tokens without saying so. Here each of {@code workers} threads owns an {@link OrtSession} with one
 * intra-op thread; {@link #embedPassages} tokenizes everything, sorts longest first (so the workers
 * finish together) and runs the texts in parallel. Each session holds its own copy of the model:
 * about 60 MB of memory per worker for bge-small.
 *
 * <p>Texts are run one per model call by default. The bundled models are int8 with dynamic
 * quantisation, which picks one scale for a whole input tensor: in a batch, a text's vector depends
 * on its batch-mates (cosine 0.996-0.998 to the text run alone for bge, 0.97-0.99 for MiniLM), so an
 * index would not be reproducible. And on two cores, one text per call was also twice as fast on
 * ~370-token filing chunks (31.6 against 15.8 chunks/s with batches of 32). The package-private
 * constructor still batches texts of similar length, padded to each batch's longest, for
 * measurements.
 *
 * <p>Text longer than {@link #maxTokens()} is truncated, and {@link #truncatedInputs()} keeps the running
 * total. Every call that truncates passages logs one WARN with the count (chunks should have been sized to
 * fit); a truncated query only logs at DEBUG, since a long question is no fault of the index.
 *
 * <p>Nothing here touches the network: the class forces DJL offline before any tokenizer exists (DJL
 * otherwise connects to the EC2 metadata address {@code 169.254.169.254} for telemetry whenever a
 * tokenizer is created, and on CUDA machines looks online for a CUDA build of its native library).
 * The native libraries of DJL and ONNX Runtime are extracted from their jars into local folders
 * ({@code ~/.djl.ai/tokenizers}, the temp folder).
 *
 * <p>Thread-safe. {@link #close()} waits for calls in progress, then frees the sessions.
 */
public final class OnnxEmbedder implements Embedder {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxEmbedder.class);

    /** Most texts in one model call: one, see the class comment. */
    static final int DEFAULT_MAX_BATCH = 1;
    /** Most tokens in one batch, padding included: bounds a session's working memory. */
    static final int DEFAULT_MAX_BATCH_TOKENS = 8192;
    /**
     * Text longer than this many characters per token of the limit is cut (at whitespace) before
     * tokenizing, so that a pathological giant input costs no more than a long one.
     */
    private static final int CHARS_PER_TOKEN_CAP = 64;

    private static final String INPUT_IDS = "input_ids";
    private static final String ATTENTION_MASK = "attention_mask";
    private static final String TOKEN_TYPE_IDS = "token_type_ids";
    private static final String LAST_HIDDEN_STATE = "last_hidden_state";

    private static final OrtEnvironment ENV;

    static {
        keepDjlOffline();
        ENV = OrtEnvironment.getEnvironment();
        try {
            ENV.setTelemetry(false); // only Windows builds collect any; off regardless
        } catch (OrtException e) {
            LOG.debug("cannot switch off ONNX Runtime telemetry: {}", e.getMessage());
        }
    }

    private final EmbeddingModels model;
    private final int workers;
    private final int maxBatch;
    private final int maxBatchTokens;
    private final List<OrtSession> sessions;
    private final BlockingQueue<OrtSession> idleSessions;
    private final boolean needsTokenTypeIds;
    private final String outputName;
    /** Truncates at maxTokens, adds [CLS]/[SEP], never pads. */
    private final HuggingFaceTokenizer encoder;
    /** No special tokens, no truncation: for {@link #countTokens}. */
    private final HuggingFaceTokenizer counter;
    private final ExecutorService executor;
    private final AtomicLong truncated = new AtomicLong();
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    OnnxEmbedder(EmbeddingModels model, int workers) {
        this(model, workers, DEFAULT_MAX_BATCH, DEFAULT_MAX_BATCH_TOKENS);
    }

    /**
     * @param maxBatch       most texts per batch (1 disables batching)
     * @param maxBatchTokens most padded tokens per batch; a batch always holds at least one text
     */
    OnnxEmbedder(EmbeddingModels model, int workers, int maxBatch, int maxBatchTokens) {
        this.model = Objects.requireNonNull(model, "model");
        if (workers < 1) {
            throw new IllegalArgumentException("illegal workers value: " + workers
                    + ", must be at least 1 (OnnxEmbedder.defaultWorkers() is one per core)");
        }
        if (maxBatch < 1 || maxBatchTokens < 1) {
            throw new IllegalArgumentException("illegal batch limits: " + maxBatch + " texts, " + maxBatchTokens
                    + " tokens; both must be at least 1");
        }
        this.workers = workers;
        this.maxBatch = maxBatch;
        this.maxBatchTokens = maxBatchTokens;

        long started = System.nanoTime();
        List<OrtSession> created = new ArrayList<>(workers);
        HuggingFaceTokenizer enc = null;
        HuggingFaceTokenizer cnt = null;
        try {
            byte[] onnx = readResource(model.modelResource());
            try (OrtSession.SessionOptions options = sessionOptions()) {
                for (int i = 0; i < workers; i++) {
                    created.add(ENV.createSession(onnx, options));
                }
            }
            byte[] tokenizerJson = readResource(model.tokenizerResource());
            String limit = Integer.toString(model.maxTokens());
            enc = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson), Map.of(
                    "addSpecialTokens", "true", "truncation", "true", "maxLength", limit,
                    "modelMaxLength", limit, "padding", "false"));
            cnt = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson), Map.of(
                    "addSpecialTokens", "false", "truncation", "false", "padding", "false"));
        } catch (OrtException | IOException | RuntimeException e) {
            created.forEach(OnnxEmbedder::closeQuietly);
            if (enc != null) {
                enc.close();
            }
            if (cnt != null) {
                cnt.close();
            }
            throw new IllegalStateException("cannot load embedding model " + model.id() + ": " + e.getMessage(), e);
        }
        this.sessions = List.copyOf(created);
        this.idleSessions = new ArrayBlockingQueue<>(workers, false, created);
        this.encoder = enc;
        this.counter = cnt;

        OrtSession first = sessions.get(0);
        Set<String> inputs;
        Set<String> outputs;
        try {
            inputs = first.getInputNames();
            outputs = first.getOutputNames();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        if (!inputs.contains(INPUT_IDS) || !inputs.contains(ATTENTION_MASK) || outputs.isEmpty()) {
            close();
            throw new IllegalStateException("embedding model " + model.id() + " is not a BERT-style encoder: inputs "
                    + inputs + ", outputs " + outputs + "; expected input_ids and attention_mask in, token vectors out");
        }
        this.needsTokenTypeIds = inputs.contains(TOKEN_TYPE_IDS);
        this.outputName = outputs.contains(LAST_HIDDEN_STATE) ? LAST_HIDDEN_STATE : outputs.iterator().next();
        this.executor = workers == 1 ? null : Executors.newFixedThreadPool(workers, daemonThreads(model.id()));
        LOG.info("embedding model {} loaded in {} ms: {} worker(s), {} pooling, {} tokens max",
                model.id(), (System.nanoTime() - started) / 1_000_000, workers, model.pooling(), model.maxTokens());
    }

    /** One worker per available core, at least one. */
    public static int defaultWorkers() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    @Override
    public String modelId() {
        return model.id();
    }

    @Override
    public int dimension() {
        return model.dimension();
    }

    @Override
    public int maxTokens() {
        return model.maxTokens();
    }

    public EmbeddingModels model() {
        return model;
    }

    public int workers() {
        return workers;
    }

    /** How many texts this embedder has truncated to {@link #maxTokens()} since it was opened. */
    public long truncatedInputs() {
        return truncated.get();
    }

    @Override
    public float[][] embedPassages(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        String[] array = new String[texts.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = Objects.requireNonNull(texts.get(i), () -> "passage text is null: pass \"\" for an empty passage");
        }
        return array.length == 0 ? new float[0][] : embed(array, false);
    }

    @Override
    public float[] embedQuery(String query) {
        Objects.requireNonNull(query, "query");
        return embed(new String[] {model.queryPrefix() + query}, true)[0];
    }

    @Override
    public int countTokens(String text) {
        Objects.requireNonNull(text, "text");
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            return counter.encode(text, false, false).getIds().length;
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Waits for calls in progress, then frees the ONNX sessions and tokenizers. Idempotent. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (executor != null) {
                executor.shutdownNow();
            }
            sessions.forEach(OnnxEmbedder::closeQuietly);
            if (encoder != null) {
                encoder.close();
            }
            if (counter != null) {
                counter.close();
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "OnnxEmbedder[" + model.id() + ", " + workers + " worker(s)]";
    }

    // ---- embedding ----

    private float[][] embed(String[] texts, boolean query) {
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            Encoding[] encodings = tokenize(texts);
            int[] lengths = new int[encodings.length];
            int cut = 0;
            for (int i = 0; i < encodings.length; i++) {
                lengths[i] = encodings[i].getIds().length;
                if (encodings[i].exceedMaxLength()) {
                    cut++;
                }
            }
            if (cut > 0 && query) {
                truncated.addAndGet(cut);
                // a long question is the user's to ask: it is searched by its opening, and that is no fault to report
                LOG.debug("a query exceeds the {} token limit of {}: its vector is of its opening only",
                        model.maxTokens(), model.id());
            } else if (cut > 0) {
                truncated.addAndGet(cut);
                LOG.warn("{} of {} text(s) exceed the {} token limit of {} and were truncated: text past the limit "
                        + "is not embedded; size chunks with Embedder.tokenCounter()", cut, texts.length,
                        model.maxTokens(), model.id());
            }
            float[][] vectors = new float[texts.length][];
            List<int[]> batches = plan(lengths, maxBatch, maxBatchTokens);
            if (executor == null || batches.size() == 1) {
                for (int[] batch : batches) {
                    runBatch(batch, encodings, vectors);
                }
            } else {
                runInParallel(batches, encodings, vectors);
            }
            return vectors;
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Tokenizes with truncation; giant texts are first cut at whitespace far past the limit. */
    private Encoding[] tokenize(String[] texts) {
        int capChars = model.maxTokens() * CHARS_PER_TOKEN_CAP;
        String[] clipped = texts.clone();
        boolean anyClipped = false;
        for (int i = 0; i < texts.length; i++) {
            if (texts[i].length() > capChars) {
                int cut = capChars;
                while (cut > capChars / 2 && !Character.isWhitespace(texts[i].charAt(cut))) {
                    cut--;
                }
                if (cut > capChars / 2) {
                    clipped[i] = texts[i].substring(0, cut);
                    anyClipped = true;
                }
            }
        }
        Encoding[] encodings = encoder.batchEncode(clipped, true, false);
        if (anyClipped) {
            // Cut at whitespace, a prefix tokenizes to a prefix of the full text's tokens. If the
            // prefix already reaches the limit, truncation gives the same tokens as the full text;
            // if not (pathological runs of blanks), tokenize the full text after all.
            for (int i = 0; i < texts.length; i++) {
                if (clipped[i] != texts[i] && !encodings[i].exceedMaxLength()) {
                    encodings[i] = encoder.encode(texts[i], true, false);
                }
            }
        }
        return encodings;
    }

    /**
     * Groups texts of similar token length: sorted longest first, each batch takes the next texts
     * while it has fewer than {@code maxBatch} and its padded size ({@code size x longest}) stays
     * within {@code maxBatchTokens}.
     *
     * @return batches of indexes into {@code lengths}
     */
    static List<int[]> plan(int[] lengths, int maxBatch, int maxBatchTokens) {
        Integer[] order = new Integer[lengths.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> lengths[i]).reversed());
        List<int[]> batches = new ArrayList<>();
        int start = 0;
        while (start < order.length) {
            int longest = Math.max(1, lengths[order[start]]);
            int size = Math.max(1, Math.min(maxBatch, maxBatchTokens / longest));
            int end = Math.min(order.length, start + size);
            int[] batch = new int[end - start];
            for (int i = start; i < end; i++) {
                batch[i - start] = order[i];
            }
            batches.add(batch);
            start = end;
        }
        return batches;
    }

    private void runInParallel(List<int[]> batches, Encoding[] encodings, float[][] vectors) {
        List<Future<?>> futures = new ArrayList<>(batches.size());
        for (int[] batch : batches) {
            futures.add(executor.submit(() -> runBatch(batch, encodings, vectors)));
        }
        RuntimeException failure = null;
        boolean interrupted = false;
        for (Future<?> future : futures) {
            while (true) {
                try {
                    future.get();
                    break;
                } catch (InterruptedException e) {
                    // stop what has not started, but wait for running batches: they use our sessions
                    interrupted = true;
                    futures.forEach(f -> f.cancel(false));
                    if (failure == null) {
                        failure = new IllegalStateException("embedding interrupted", e);
                    }
                } catch (CancellationException e) {
                    break;
                } catch (ExecutionException e) {
                    futures.forEach(f -> f.cancel(false));
                    if (failure == null) {
                        failure = e.getCause() instanceof RuntimeException re ? re
                                : new IllegalStateException("embedding failed: " + e.getCause(), e.getCause());
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void runBatch(int[] batch, Encoding[] encodings, float[][] vectors) {
        OrtSession session;
        try {
            session = idleSessions.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("embedding interrupted", e);
        }
        try {
            run(session, batch, encodings, vectors);
        } finally {
            idleSessions.add(session);
        }
    }

    private void run(OrtSession session, int[] batch, Encoding[] encodings, float[][] vectors) {
        int rows = batch.length;
        int width = 0;
        for (int index : batch) {
            width = Math.max(width, encodings[index].getIds().length);
        }
        long[] ids = new long[rows * width]; // padding id 0 is [PAD] in BERT vocabularies
        long[] mask = new long[rows * width];
        for (int r = 0; r < rows; r++) {
            long[] tokenIds = encodings[batch[r]].getIds();
            System.arraycopy(tokenIds, 0, ids, r * width, tokenIds.length);
            Arrays.fill(mask, r * width, r * width + tokenIds.length, 1L);
        }
        long[] shape = {rows, width};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put(INPUT_IDS, OnnxTensor.createTensor(ENV, LongBuffer.wrap(ids), shape));
            inputs.put(ATTENTION_MASK, OnnxTensor.createTensor(ENV, LongBuffer.wrap(mask), shape));
            if (needsTokenTypeIds) {
                inputs.put(TOKEN_TYPE_IDS, OnnxTensor.createTensor(ENV, LongBuffer.wrap(new long[rows * width]), shape));
            }
            try (OrtSession.Result result = session.run(inputs, Set.of(outputName))) {
                OnnxTensor hidden = (OnnxTensor) result.get(0);
                long[] outShape = hidden.getInfo().getShape();
                int dim = (int) outShape[outShape.length - 1];
                if (outShape.length != 3 || outShape[0] != rows || outShape[1] != width || dim != model.dimension()) {
                    throw new IllegalStateException("embedding model " + model.id() + " returned shape "
                            + Arrays.toString(outShape) + " for input [" + rows + ", " + width + "]; expected ["
                            + rows + ", " + width + ", " + model.dimension() + "]");
                }
                FloatBuffer states = hidden.getFloatBuffer();
                for (int r = 0; r < rows; r++) {
                    int tokens = encodings[batch[r]].getIds().length;
                    vectors[batch[r]] = normalise(pool(states, r * width, tokens, dim));
                }
            }
        } catch (OrtException e) {
            throw new IllegalStateException("embedding model " + model.id() + " failed on a batch of " + rows
                    + " text(s) of up to " + width + " tokens: " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** Pools the token vectors of one text, whose first token is row {@code firstRow} of {@code states}. */
    private float[] pool(FloatBuffer states, int firstRow, int tokens, int dim) {
        float[] vector = new float[dim];
        if (model.pooling() == EmbeddingModels.Pooling.CLS) {
            states.get(firstRow * dim, vector);
            return vector;
        }
        float[] row = new float[dim];
        for (int t = 0; t < tokens; t++) {
            states.get((firstRow + t) * dim, row);
            for (int k = 0; k < dim; k++) {
                vector[k] += row[k];
            }
        }
        for (int k = 0; k < dim; k++) {
            vector[k] /= tokens;
        }
        return vector;
    }

    static float[] normalise(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        if (sum > 0) {
            float scale = (float) (1 / Math.sqrt(sum));
            for (int k = 0; k < v.length; k++) {
                v[k] *= scale;
            }
        }
        return v;
    }

    // ---- set-up ----

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("embedder " + model.id() + " is closed");
        }
    }

    private static OrtSession.SessionOptions sessionOptions() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            return options;
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
        }
    }

    private static byte[] readResource(String name) {
        try (InputStream in = OnnxEmbedder.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + name + " is missing: the jar of the "
                        + "langchain4j-embeddings model that bundles it must be on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource " + name, e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String modelId) {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, "lectern-embed-" + modelId + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException | RuntimeException e) {
            LOG.warn("cannot close an ONNX session: {}", e.getMessage());
        }
    }

    /**
     * DJL reads {@code ai.djl.offline} (or the DJL_OFFLINE environment variable, which wins) before it
     * downloads a native library, and {@code OPT_OUT_TRACKING} before its once-a-day "call home" from
     * every new tokenizer, which asks the EC2 metadata service at {@code 169.254.169.254} whether this
     * is an AWS machine. Lectern never wants either.
     */
    private static void keepDjlOffline() {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        String env = System.getenv("DJL_OFFLINE");
        if (env != null && !Boolean.parseBoolean(env)) {
            LOG.warn("DJL_OFFLINE={} in the environment overrides ai.djl.offline=true: unset it to keep DJL off the network",
                    env);
        }
    }
}
