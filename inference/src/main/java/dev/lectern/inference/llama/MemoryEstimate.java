package dev.lectern.inference.llama;

import dev.lectern.inference.gguf.GgufFile;

import java.util.Locale;

/**
 * Memory a model needs to run: its weights, the KV cache for the context, and llama.cpp's compute
 * buffers (logits for a batch over the vocabulary plus activations, sized from the batch).
 */
public record MemoryEstimate(long weightBytes, long kvCacheBytes, long computeBytes) {

    public static MemoryEstimate of(GgufFile model, int context, KvCacheType kv, int ubatch) {
        long weights = model.tensorBytes();
        long cache = model.kvCacheBytes(context, kv.ggml(), kv.ggml());
        // logits (f32, one row per batch token) plus activations of a ubatch; a fixed floor covers
        // graph metadata and the scheduler's own buffers
        long compute = 4L * ubatch * model.vocabularySize() / 4
                + 4L * ubatch * Math.max(model.embeddingLength(), 1) * 8 + (64L << 20);
        return new MemoryEstimate(weights, cache, compute);
    }

    public long totalBytes() {
        return weightBytes + kvCacheBytes + computeBytes;
    }

    public static String gb(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }

    public String describe() {
        return gb(totalBytes()) + " (weights " + gb(weightBytes) + ", KV cache " + gb(kvCacheBytes)
                + ", buffers " + gb(computeBytes) + ")";
    }
}
