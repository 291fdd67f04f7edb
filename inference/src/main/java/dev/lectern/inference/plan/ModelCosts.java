package dev.lectern.inference.plan;

import dev.lectern.inference.gguf.GgufFile;
import dev.lectern.inference.gguf.TensorInfo;
import dev.lectern.inference.llama.KvCacheType;

/**
 * The bytes a model's parts take for one context length and KV-cache type, in the units llama.cpp
 * places: the token embeddings (always host RAM), each block with its slice of the KV cache, and the
 * output layer (output norm and head).
 *
 * <p>Compute buffers are an estimate, kept simple on purpose; per device that runs anything:
 * <ul>
 *   <li>activations: ubatch &times; hidden size &times; 8 f32 values (residual stream, norms, Q/K/V and
 *       feed-forward intermediates), plus a 64 MiB floor for the graph and the scheduler;</li>
 *   <li>attention scores, on devices that run blocks and only without flash attention:
 *       ubatch &times; context &times; heads &times; 4 bytes (one f32 score per query, key and head);</li>
 *   <li>logits, on the device with the output layer: ubatch &times; vocabulary &times; 4 bytes.</li>
 * </ul>
 * The ubatch is capped by the context. These match llama.cpp's reported CUDA and CPU compute buffers
 * to within some tens of percent for llama-style models, which the headroom absorbs.
 */
final class ModelCosts {
    static final long GRAPH_FLOOR = 64L << 20;

    final KvCacheType kv;
    final int context;
    final int blocks;
    final long inputBytes;
    /** Output layer on an offload device: with tied embeddings the head is a second copy of the embeddings. */
    final long outputBytes;
    /** Output layer on the CPU: a tied head reads the embeddings already in host RAM. */
    final long outputBytesOnCpu;
    final long kvPerLayer;
    final long activationBytes;
    final long attentionBytes;
    final long logitsBytes;
    private final long[] layerPrefix;

    private ModelCosts(GgufFile m, int context, KvCacheType kv, PlanOptions o) {
        this.kv = kv;
        this.context = context;
        this.blocks = m.blockCount();
        long embd = m.tensors().stream().filter(t -> t.name().equals("token_embd.weight")).mapToLong(TensorInfo::bytes)
                .findFirst().orElse(0);
        boolean tied = m.tensors().stream().noneMatch(t -> t.name().equals("output.weight"));
        this.inputBytes = embd;
        this.outputBytesOnCpu = m.nonLayerBytes() - embd;
        this.outputBytes = outputBytesOnCpu + (tied ? m.outputBytes() : 0);
        this.kvPerLayer = m.kvCacheBytes(context, kv.ggml(), kv.ggml()) / blocks;
        long ubatch = Math.min(o.ubatchSize(), context);
        this.activationBytes = ubatch * Math.max(1, m.embeddingLength()) * 4L * 8 + GRAPH_FLOOR;
        this.attentionBytes = o.flashAttention() ? 0 : ubatch * context * Math.max(1, m.headCount()) * 4L;
        this.logitsBytes = ubatch * m.vocabularySize() * 4L;
        this.layerPrefix = new long[blocks + 1];
        for (int i = 0; i < blocks; i++) {
            layerPrefix[i + 1] = layerPrefix[i] + m.layerBytes(i);
        }
    }

    static ModelCosts of(GgufFile m, int context, KvCacheType kv, PlanOptions o) {
        return new ModelCosts(m, context, kv, o);
    }

    /** Weights of blocks {@code from} (inclusive) to {@code to} (exclusive). */
    long layerWeights(int from, int to) {
        return layerPrefix[to] - layerPrefix[from];
    }

    long blockWeights() {
        return layerPrefix[blocks];
    }

    long totalWeights() {
        return inputBytes + blockWeights() + outputBytesOnCpu;
    }

    long totalKv() {
        return kvPerLayer * blocks;
    }

    /** The largest block with its KV slice: what moving one layer between devices moves. */
    long largestBlock() {
        long max = 0;
        for (int i = 0; i < blocks; i++) {
            max = Math.max(max, layerPrefix[i + 1] - layerPrefix[i]);
        }
        return max + kvPerLayer;
    }

    /** Compute buffer of a device that runs blocks and/or the output layer (see the class comment). */
    long compute(boolean runsBlocks, boolean runsOutput) {
        return activationBytes + (runsBlocks ? attentionBytes : 0) + (runsOutput ? logitsBytes : 0);
    }
}
