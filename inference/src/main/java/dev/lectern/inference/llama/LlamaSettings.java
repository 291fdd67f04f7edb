package dev.lectern.inference.llama;

import dev.lectern.inference.gguf.GgufFile;
import dev.lectern.inference.hardware.Hardware;

import java.util.Locale;

/**
 * How llama.cpp runs a model: threads for decoding and for reading the prompt, context size,
 * batch sizes, KV-cache type, memory-mapping, GPU offload (layers, split across GPUs, main GPU,
 * flash attention) and speculative decoding with a draft model. {@link #forMachine} chooses them
 * from the model and the hardware; the GPU fields come from the memory planner
 * ({@code OffloadPlan.toSettings}); every field can be overridden by the user.
 *
 * @param allowOversize  load a model larger than the available memory anyway, memory-mapped so the
 *                       operating system streams weights from disk (slow, but it runs)
 * @param splitMode      llama.cpp's {@code --split-mode} across several GPUs: {@code none}, {@code layer}
 *                       (its default) or {@code row}
 * @param tensorSplit    llama.cpp's {@code --tensor-split} ("19,10"), or empty to let llama.cpp split by
 *                       each device's free memory
 * @param mainGpu        llama.cpp's {@code --main-gpu}: the GPU that holds everything in split mode none,
 *                       the KV cache in row mode
 * @param draftModel     a small model of the same family for speculative decoding (a GGUF file path), or null
 * @param draftMax       tokens drafted per step, 0 for llama.cpp's default (16)
 * @param draftMin       fewest drafted tokens worth checking, 0 for llama.cpp's default
 * @param draftGpuLayers the draft model's layers on the GPU, -1 for llama.cpp's default
 */
public record LlamaSettings(int threads, int batchThreads, int contextSize, int batchSize, int ubatchSize,
                            KvCacheType kvCache, boolean mmap, int gpuLayers, boolean flashAttention,
                            boolean allowOversize, String splitMode, String tensorSplit, int mainGpu,
                            String draftModel, int draftMax, int draftMin, int draftGpuLayers) {
    static final int MIN_CONTEXT = 2048;
    static final int DEFAULT_CONTEXT = 8192;
    /** llama.cpp's split modes, as its {@code --split-mode} takes them. */
    public static final java.util.List<String> SPLIT_MODES = java.util.List.of("none", "layer", "row");

    /** CPU settings without a draft model: layer split, no tensor split, main GPU 0. */
    public LlamaSettings(int threads, int batchThreads, int contextSize, int batchSize, int ubatchSize,
                         KvCacheType kvCache, boolean mmap, int gpuLayers, boolean flashAttention, boolean allowOversize) {
        this(threads, batchThreads, contextSize, batchSize, ubatchSize, kvCache, mmap, gpuLayers, flashAttention,
                allowOversize, "layer", "", 0, null, 0, 0, -1);
    }

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
        splitMode = splitMode == null || splitMode.isBlank() ? "layer" : splitMode.strip().toLowerCase(Locale.ROOT);
        if (!SPLIT_MODES.contains(splitMode)) {
            throw new IllegalArgumentException("unknown split mode '" + splitMode + "': use none, layer or row");
        }
        tensorSplit = tensorSplit == null ? "" : tensorSplit.strip();
        if (!tensorSplit.isEmpty() && !tensorSplit.matches("\\d+(\\.\\d+)?(,\\d+(\\.\\d+)?)*")) {
            throw new IllegalArgumentException("tensor split '" + tensorSplit
                    + "' is not a comma-separated list of proportions such as 3,1 or 60,40");
        }
        if (mainGpu < 0) {
            throw new IllegalArgumentException("main GPU is a device index from 0, got " + mainGpu);
        }
        draftModel = draftModel == null || draftModel.isBlank() ? null : draftModel;
        if (draftMax < 0 || draftMin < 0 || (draftMax > 0 && draftMin > draftMax)) {
            throw new IllegalArgumentException("draft token counts must be 0 (llama.cpp's default) or positive with"
                    + " min <= max, got min " + draftMin + ", max " + draftMax);
        }
        if (draftGpuLayers < -1) {
            throw new IllegalArgumentException("draft GPU layers must be -1 (llama.cpp's default) or more, got "
                    + draftGpuLayers);
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
                gpuLayers, flashAttention, allowOversize, splitMode, tensorSplit, mainGpu, draftModel, draftMax, draftMin,
                draftGpuLayers);
    }

    public LlamaSettings withThreads(int n) {
        return new LlamaSettings(n, n, contextSize, batchSize, ubatchSize, kvCache, mmap, gpuLayers, flashAttention,
                allowOversize, splitMode, tensorSplit, mainGpu, draftModel, draftMax, draftMin, draftGpuLayers);
    }

    public LlamaSettings withKvCache(KvCacheType t) {
        return new LlamaSettings(threads, batchThreads, contextSize, batchSize, ubatchSize, t, mmap, gpuLayers,
                flashAttention, allowOversize, splitMode, tensorSplit, mainGpu, draftModel, draftMax, draftMin,
                draftGpuLayers);
    }

    public LlamaSettings withMmap(boolean on) {
        return new LlamaSettings(threads, batchThreads, contextSize, batchSize, ubatchSize, kvCache, on, gpuLayers,
                flashAttention, allowOversize, splitMode, tensorSplit, mainGpu, draftModel, draftMax, draftMin,
                draftGpuLayers);
    }

    public LlamaSettings withAllowOversize(boolean on) {
        return new LlamaSettings(threads, batchThreads, contextSize, batchSize, ubatchSize, kvCache, mmap, gpuLayers,
                flashAttention, on, splitMode, tensorSplit, mainGpu, draftModel, draftMax, draftMin, draftGpuLayers);
    }

    public LlamaSettings withGpuLayers(int n) {
        return new LlamaSettings(threads, batchThreads, contextSize, batchSize, ubatchSize, kvCache, mmap, n,
                flashAttention, allowOversize, splitMode, tensorSplit, mainGpu, draftModel, draftMax, draftMin,
                draftGpuLayers);
    }

    public LlamaSettings withFlashAttention(boolean on) {
        return new LlamaSettings(threads, batchThreads, contextSize, batchSize, ubatchSize, kvCache, mmap, gpuLayers,
                on, allowOversize, splitMode, tensorSplit, mainGpu, draftModel, draftMax, draftMin, draftGpuLayers);
    }

    /** How offloaded layers spread over several GPUs: llama.cpp's split mode, tensor split and main GPU. */
    public LlamaSettings withSplit(String mode, String split, int main) {
        return new LlamaSettings(threads, batchThreads, contextSize, batchSize, ubatchSize, kvCache, mmap, gpuLayers,
                flashAttention, allowOversize, mode, split, main, draftModel, draftMax, draftMin, draftGpuLayers);
    }

    /** Speculative decoding with {@code file} as the draft model (null for none); 0 and -1 keep llama.cpp's defaults. */
    public LlamaSettings withDraft(String file, int max, int min, int gpuLayersOfDraft) {
        return new LlamaSettings(threads, batchThreads, contextSize, batchSize, ubatchSize, kvCache, mmap, gpuLayers,
                flashAttention, allowOversize, splitMode, tensorSplit, mainGpu, file, max, min, gpuLayersOfDraft);
    }

    /** These settings without GPU offload or split, for a CPU-only retry. */
    public LlamaSettings cpuOnly() {
        return withGpuLayers(0).withSplit("layer", "", 0)
                .withDraft(draftModel, draftMax, draftMin, draftModel == null ? -1 : 0);
    }

    public String describe() {
        return String.format(Locale.ROOT, "%d threads, %d-token context, batch %d/%d, KV cache %s, mmap %s%s",
                threads, contextSize, batchSize, ubatchSize, kvCache.llamaName(), mmap ? "on" : "off",
                gpuLayers > 0 ? ", " + gpuLayers + " GPU layers" + (tensorSplit.isEmpty() ? "" : " split " + splitMode
                        + " " + tensorSplit) : "")
                + (draftModel == null ? "" : ", draft model " + java.nio.file.Path.of(draftModel).getFileName());
    }
}
