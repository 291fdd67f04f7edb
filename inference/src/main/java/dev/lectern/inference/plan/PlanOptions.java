package dev.lectern.inference.plan;

import java.util.OptionalInt;

/**
 * What the planner may do beyond the request as given.
 *
 * @param allowMmapStreaming when the CPU's part of the weights does not fit in free RAM, leave it
 *                           memory-mapped so the OS reads it from disk as needed (runs, very slowly);
 *                           otherwise such a plan is refused
 * @param autoKvCache        when the plan does not fit in memory, try a q8_0 KV cache and then halve the
 *                           context (never below {@value MemoryPlanner#MIN_AUTO_CONTEXT} tokens); every change is
 *                           reported in the plan. A partial offload that fits is a plan, not a failure: its warning
 *                           names the change that would put every layer on the GPUs, and the choice stays the user's
 * @param preferRowSplit     split each weight matrix across the GPUs by rows (tensor parallel,
 *                           llama.cpp's {@code --split-mode row}) instead of giving each GPU whole layers;
 *                           honoured only where llama.cpp can do it, and the plan says why not otherwise
 * @param headroomFraction   share of each device's total memory left alone for the OS, the driver and
 *                           other programs (0.05 = 5 %)
 * @param ubatchSize         llama.cpp's physical batch ({@code --ubatch-size}); sizes the compute buffers
 * @param flashAttention     whether flash attention is on: without it every device that runs layers keeps
 *                           the attention scores of a batch over the whole context
 * @param forcedGpuLayers    the user's {@code --n-gpu-layers}, honoured exactly (above the model's layers + 1
 *                           it means all, as in llama.cpp); empty lets the planner choose
 */
public record PlanOptions(boolean allowMmapStreaming, boolean autoKvCache, boolean preferRowSplit,
                          double headroomFraction, int ubatchSize, boolean flashAttention, OptionalInt forcedGpuLayers) {

    public static final double DEFAULT_HEADROOM = 0.05;
    public static final int DEFAULT_UBATCH = 512;

    public PlanOptions {
        if (!(headroomFraction >= 0 && headroomFraction < 0.5)) {
            throw new IllegalArgumentException("headroom must be a share of each device's memory from 0 to below 0.5"
                    + " (0.05 keeps 5 % free), got " + headroomFraction);
        }
        if (ubatchSize < 1 || ubatchSize > 65536) {
            throw new IllegalArgumentException("ubatch size must be 1 to 65536 tokens (llama.cpp's default is 512), got "
                    + ubatchSize);
        }
        if (forcedGpuLayers == null) {
            forcedGpuLayers = OptionalInt.empty();
        }
        if (forcedGpuLayers.isPresent() && forcedGpuLayers.getAsInt() < 0) {
            throw new IllegalArgumentException("GPU layers cannot be negative, got " + forcedGpuLayers.getAsInt()
                    + ": use 0 for CPU only, or leave it unset to let the planner choose");
        }
    }

    /** No streaming, no automatic changes, layer split, 5 % headroom, ubatch 512, flash attention off. */
    public static PlanOptions defaults() {
        return new PlanOptions(false, false, false, DEFAULT_HEADROOM, DEFAULT_UBATCH, false, OptionalInt.empty());
    }

    public PlanOptions withMmapStreaming(boolean on) {
        return new PlanOptions(on, autoKvCache, preferRowSplit, headroomFraction, ubatchSize, flashAttention, forcedGpuLayers);
    }

    public PlanOptions withAutoKvCache(boolean on) {
        return new PlanOptions(allowMmapStreaming, on, preferRowSplit, headroomFraction, ubatchSize, flashAttention,
                forcedGpuLayers);
    }

    public PlanOptions withRowSplit(boolean on) {
        return new PlanOptions(allowMmapStreaming, autoKvCache, on, headroomFraction, ubatchSize, flashAttention,
                forcedGpuLayers);
    }

    public PlanOptions withHeadroom(double fraction) {
        return new PlanOptions(allowMmapStreaming, autoKvCache, preferRowSplit, fraction, ubatchSize, flashAttention,
                forcedGpuLayers);
    }

    public PlanOptions withUbatchSize(int n) {
        return new PlanOptions(allowMmapStreaming, autoKvCache, preferRowSplit, headroomFraction, n, flashAttention,
                forcedGpuLayers);
    }

    public PlanOptions withFlashAttention(boolean on) {
        return new PlanOptions(allowMmapStreaming, autoKvCache, preferRowSplit, headroomFraction, ubatchSize, on,
                forcedGpuLayers);
    }

    public PlanOptions withGpuLayers(int n) {
        return new PlanOptions(allowMmapStreaming, autoKvCache, preferRowSplit, headroomFraction, ubatchSize,
                flashAttention, OptionalInt.of(n));
    }
}
