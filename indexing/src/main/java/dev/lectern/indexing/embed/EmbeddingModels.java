package dev.lectern.indexing.embed;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The embedding models bundled with Lectern: quantised ONNX exports that ship inside LangChain4j's
 * model jars ({@code langchain4j-embeddings-*-q}), each with its HuggingFace {@code tokenizer.json}
 * at the jar root. Nothing is downloaded.
 *
 * <p>{@link #maxTokens()} is the limit {@link OnnxEmbedder} tokenizes to, including {@code [CLS]} and
 * {@code [SEP]}. For all-MiniLM-L6-v2 the bundled {@code tokenizer.json} itself truncates at 128
 * tokens (what LangChain4j's own model class reads); OnnxEmbedder overrides that with 256, the
 * sequence length sentence-transformers uses for this model (its position table has 512 entries).
 */
public enum EmbeddingModels {

    /** BAAI bge-small-en-v1.5, int8: 33 M parameters, CLS pooling, queries carry an instruction. */
    BGE_SMALL_EN_V15_Q("bge-small-en-v1.5-q", "bge-small-en-v1.5-q.onnx", "bge-small-en-v1.5-q-tokenizer.json",
            Pooling.CLS, "Represent this sentence for searching relevant passages: ", 512, 384),

    /** sentence-transformers all-MiniLM-L6-v2, int8: 22 M parameters, mean pooling, no query instruction. */
    ALL_MINILM_L6_V2_Q("all-minilm-l6-v2-q", "all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json",
            Pooling.MEAN, "", 256, 384);

    /** How token vectors become one text vector. */
    public enum Pooling {
        /** The first ({@code [CLS]}) token's vector. */
        CLS,
        /** The mean of the vectors of all real (unpadded) tokens. */
        MEAN
    }

    /**
     * The model Lectern uses unless told otherwise. MiniLM, because on both dev sets it retrieves
     * as well as bge-small (LegalBench-RAG span precision and recall within 0.01 of each other) and
     * embeds about 3.5 times faster on two cores, which is what makes a 3,000-page ingest finish in
     * minutes (measurements in BENCHMARKS.md).
     */
    public static final EmbeddingModels DEFAULT = ALL_MINILM_L6_V2_Q;

    /** {@link #DEFAULT}'s id, as a constant for annotations and settings. */
    public static final String DEFAULT_ID = "all-minilm-l6-v2-q";

    private final String id;
    private final String modelResource;
    private final String tokenizerResource;
    private final Pooling pooling;
    private final String queryPrefix;
    private final int maxTokens;
    private final int dimension;

    EmbeddingModels(String id, String modelResource, String tokenizerResource, Pooling pooling,
                    String queryPrefix, int maxTokens, int dimension) {
        this.id = id;
        this.modelResource = modelResource;
        this.tokenizerResource = tokenizerResource;
        this.pooling = pooling;
        this.queryPrefix = queryPrefix;
        this.maxTokens = maxTokens;
        this.dimension = dimension;
    }

    public String id() {
        return id;
    }

    /** Classpath resource (at the root) holding the ONNX model. */
    public String modelResource() {
        return modelResource;
    }

    /** Classpath resource (at the root) holding the HuggingFace tokenizer JSON. */
    public String tokenizerResource() {
        return tokenizerResource;
    }

    public Pooling pooling() {
        return pooling;
    }

    /** Text put before every query; empty when the model wants none. */
    public String queryPrefix() {
        return queryPrefix;
    }

    /** Input limit in tokens, including the two special tokens. */
    public int maxTokens() {
        return maxTokens;
    }

    public int dimension() {
        return dimension;
    }

    /**
     * The model with this id (case-insensitive).
     *
     * @throws IllegalArgumentException naming the known ids when there is no such model
     */
    public static EmbeddingModels byId(String id) {
        if (id != null) {
            for (EmbeddingModels m : values()) {
                if (m.id.equals(id.trim().toLowerCase(Locale.ROOT))) {
                    return m;
                }
            }
        }
        throw new IllegalArgumentException("unknown embedding model '" + id + "': use one of "
                + Arrays.stream(values()).map(EmbeddingModels::id).collect(Collectors.joining(", ")));
    }

    /**
     * Loads a bundled model.
     *
     * @param id      a model id, see {@link #byId(String)}
     * @param workers how many texts are embedded at once, each worker with its own single-threaded
     *                ONNX session (about 60 MB each for bge-small); {@link OnnxEmbedder#defaultWorkers()}
     *                is one per core
     */
    public static OnnxEmbedder open(String id, int workers) {
        return new OnnxEmbedder(byId(id), workers);
    }

    /** Loads a bundled model with {@link OnnxEmbedder#defaultWorkers()} workers. */
    public static OnnxEmbedder open(String id) {
        return open(id, OnnxEmbedder.defaultWorkers());
    }
}
