package dev.lectern.inference.llama;

import dev.lectern.inference.gguf.GgufFile;
import dev.lectern.inference.hardware.Hardware;

import java.util.Locale;

/**
 * How llama.cpp runs a model: threads for decoding and for reading the prompt, context size,
 * batch sizes, KV-cache type, memory-mapping and GPU layers. {@link #forMachine} chooses them from
 * the model and the hardware; every field can be overridden by the user.
 *
 * @param allowOversize load a model larger than the available memory anyway, memory-mapped so the
 *                      operating system streams weights from disk (slow, but it runs)
 */
public record LlamaSettings(int threads, int batchThreads, int contextSize, int batchSize, int ubatchSize,
                            KvCacheType kvCache, boolean mmap, int gpuLayers, boolean flashAttention,
                            boolean allowOversize) {
    static final int MIN_CONTEXT = 2048;
    static final int DEFAULT_CONTEXT = 8192;

    public LlamaSettings {
        if (threads < 1 || batchThreads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        if (contextSize < 256) {
            throw new IllegalArgumentException("context size must be at least 256 tokens, got " + contextSize);
        }
        if (batchSize < 1 || ubatchSize < 1 || ubatchSize > batchSize) {
            throw new IllegalArgumentException("batch sizes must be positive with ubatch <= batch, got "
                    + batchSize + "/" + ubatchSize);
        }
        if (kvCache == null) {
            throw new IllegalArgumentException("kvCache must be given (f16, q8_0 or q4_0)");
        }
        if (gpuLayers < 0) {
            throw new IllegalArgumentException("gpu layers cannot be negative");
        }
    }

    /**
     * Settings for {@code model} on {@code hw}: all cores (decoding is memory-bound, more threads than
     * cores only contend), an 8k context or the model's own if smaller, f16 KV cache unless memory is
     * tight, in which case q8_0 and then a smaller context (never below 2k) make it fit.
     */
    public static LlamaSettings forMachine(GgufFile model, Hardware hw) {
        int threads = Math.max(1, Math.min(hw.cores(), 16));
        int ctx = Math.min(DEFAULT_CONTEXT, Math.max(256, model.contextLength()));
        KvCacheType kv = KvCacheType.F16;
        long budget = (long) (hw.availableRamBytes() * 0.8);
        if (hw.availableRamBytes() > 0) {
            while (MemoryEstimate.of(model, ctx, kv, 512).totalBytes() > budget) {
                if (kv == KvCacheType.F16 && KvCacheType.Q8_0.fits(model)) {
                    kv = KvCacheType.Q8_0;
                } else if (ctx > MIN_CONTEXT) {
                    ctx = Math.max(MIN_CONTEXT, ctx / 2);
                } else {
                    break;
                }
            }
        }
        int batch = Math.min(512, ctx);
        return new LlamaSettings(threads, threads, ctx, batch, batch, kv, true, 0, false, false);
    }

    public LlamaSettings withContextSize(int n) {
        return new LlamaSettings(threads, batchThreads, n, Math.min(batchSize, n), Math.min(ubatchSize, n), kvCache, mmap,
                gpuLayers, flashAttention, allowOversize);
    }

    public LlamaSettings withThreads(int n) {
        return new LlamaSettings(n, n, contextSize, batchSize, ubatchSize, kvCache, mmap, gpuLayers, flashAttention,
                allowOversize);
    }

    public LlamaSettings withKvCache(KvCacheType t) {
        return new LlamaSettings(threads, batchThreads, contextSize, batchSize, ubatchSize, t, mmap, gpuLayers,
                flashAttention, allowOversize);
    }

    public LlamaSettings withMmap(boolean on) {
        return new LlamaSettings(threads, batchThreads, contextSize, batchSize, ubatchSize, kvCache, on, gpuLayers,
                flashAttention, allowOversize);
    }

    public LlamaSettings withAllowOversize(boolean on) {
        return new LlamaSettings(threads, batchThreads, contextSize, batchSize, ubatchSize, kvCache, mmap, gpuLayers,
                flashAttention, on);
    }

    public LlamaSettings withGpuLayers(int n) {
        return new LlamaSettings(threads, batchThreads, contextSize, batchSize, ubatchSize, kvCache, mmap, n,
                flashAttention, allowOversize);
    }

    public String describe() {
        return String.format(Locale.ROOT, "%d threads, %d-token context, batch %d/%d, KV cache %s, mmap %s%s",
                threads, contextSize, batchSize, ubatchSize, kvCache.llamaName(), mmap ? "on" : "off",
                gpuLayers > 0 ? ", " + gpuLayers + " GPU layers" : "");
    }
}
