package dev.lectern.inference.plan;

import dev.lectern.inference.llama.KvCacheType;
import dev.lectern.inference.llama.LlamaSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

import static dev.lectern.inference.llama.MemoryEstimate.gb;

/**
 * Where a model's layers go and what that costs each device, with the settings llama.cpp needs to
 * do it and the reasons in words ({@link #explain()}).
 *
 * @param model           the model as users know it: "name (7.6B, Q4_0)"
 * @param blockCount      the model's transformer blocks
 * @param gpuLayers       llama.cpp's {@code n_gpu_layers}: blocks offloaded, counted from the last; one more
 *                        than {@code blockCount} offloads the output layer too
 * @param assignments     one per device: the offload devices in llama.cpp's order (RPC workers first), then the CPU
 * @param tensorSplit     each offload device's share, in the same order, summing to 1 (empty without offload)
 * @param tensorSplitArg  the same as llama.cpp's {@code --tensor-split} takes it: whole layers per device
 *                        ("19,10") in layer mode, percentages in row mode
 * @param mainGpu         index among the offload devices of the GPU that holds everything (split mode NONE) or
 *                        the KV cache and intermediate results (ROW); 0 where it does not matter
 * @param streamedBytes   weights beyond free RAM, left memory-mapped for the OS to read from disk as needed
 * @param changes         what the planner changed from the request (KV cache type, context), with why
 * @param notes           decisions worth knowing (a row split not taken, a device left out, the device order)
 * @param warnings        what the user will feel: layers left on the CPU, streaming, with expected speed
 * @param tokensPerSecond a rough decode-speed ceiling from memory bandwidth (see {@link Device.Kind})
 */
public record OffloadPlan(String model, int blockCount, int gpuLayers, SplitMode splitMode,
                          List<DeviceAssignment> assignments, List<Double> tensorSplit, String tensorSplitArg,
                          int mainGpu, KvCacheType kvCache, int context, boolean mmapStreaming, long streamedBytes,
                          List<String> changes, List<String> notes, List<String> warnings, double tokensPerSecond) {

    public OffloadPlan {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(splitMode, "splitMode");
        Objects.requireNonNull(kvCache, "kvCache");
        assignments = List.copyOf(assignments);
        tensorSplit = List.copyOf(tensorSplit);
        changes = List.copyOf(changes);
        notes = List.copyOf(notes);
        warnings = List.copyOf(warnings);
        if (gpuLayers < 0 || gpuLayers > blockCount + 1) {
            throw new IllegalArgumentException("gpu layers must be 0 to " + (blockCount + 1) + ", got " + gpuLayers);
        }
        if (assignments.stream().filter(a -> a.device().kind() == Device.Kind.CPU).count() != 1) {
            throw new IllegalArgumentException("a plan assigns the CPU exactly once");
        }
    }

    /** Blocks on offload devices. */
    public int offloadedLayers() {
        return Math.min(gpuLayers, blockCount);
    }

    /** Whether the output layer is on an offload device (only when every block is). */
    public boolean outputOffloaded() {
        return gpuLayers > blockCount;
    }

    public DeviceAssignment cpu() {
        return assignments.stream().filter(a -> a.device().kind() == Device.Kind.CPU).findFirst().orElseThrow();
    }

    /** Bytes the plan puts in host RAM, streamed weights included. */
    public long cpuBytes() {
        return cpu().totalBytes();
    }

    /** The GPU and RPC devices, in llama.cpp's order, used or not. */
    public List<DeviceAssignment> offloadAssignments() {
        return assignments.stream().filter(a -> a.device().kind() != Device.Kind.CPU).toList();
    }

    /** The plan as llama.cpp's command-line options (llama-server and llama-cli take them alike). */
    public List<String> llamaArguments() {
        List<String> args = new ArrayList<>(List.of("--ctx-size", Integer.toString(context),
                "--cache-type-k", kvCache.llamaName(), "--cache-type-v", kvCache.llamaName(),
                "--n-gpu-layers", Integer.toString(gpuLayers)));
        List<DeviceAssignment> off = offloadAssignments();
        if (!off.isEmpty() && gpuLayers > 0) {
            args.addAll(List.of("--split-mode", splitMode.llamaName()));
            if (splitMode != SplitMode.NONE) {
                args.addAll(List.of("--tensor-split", tensorSplitArg));
            }
            if (splitMode != SplitMode.LAYER) {
                args.addAll(List.of("--main-gpu", Integer.toString(mainGpu)));
            }
        }
        String rpc = off.stream().filter(a -> a.device().kind() == Device.Kind.RPC && a.used())
                .map(a -> a.device().id().substring(4, a.device().id().length() - 1)).collect(Collectors.joining(","));
        if (!rpc.isEmpty()) {
            args.addAll(List.of("--rpc", rpc));
        }
        return args;
    }

    /**
     * {@code base} with this plan's context, KV cache, GPU layers, split mode, tensor split and main GPU
     * and, when streaming, memory-mapping with oversize allowed. Without offload the split is reset to
     * llama.cpp's defaults.
     */
    public LlamaSettings toSettings(LlamaSettings base) {
        LlamaSettings s = base.withContextSize(context).withKvCache(kvCache).withGpuLayers(gpuLayers);
        boolean split = gpuLayers > 0 && !offloadAssignments().isEmpty();
        s = split ? s.withSplit(splitMode.llamaName(), splitMode == SplitMode.NONE ? "" : tensorSplitArg, mainGpu)
                : s.withSplit("layer", "", 0);
        return mmapStreaming ? s.withMmap(true).withAllowOversize(true) : s;
    }

    /**
     * The plan in words: a summary line like "24 of 28 layers on CUDA0 (RTX 3060), KV cache f16, 32k
     * context: 5.6 GB of 6.0 GB free VRAM", one line per device, what was changed and why, the llama.cpp
     * options, and the warnings.
     */
    public List<String> explain() {
        List<String> lines = new ArrayList<>();
        lines.add(summary());
        for (DeviceAssignment a : assignments) {
            if (a.used()) {
                lines.add(deviceLine(a));
            }
        }
        lines.addAll(changes);
        lines.addAll(notes);
        lines.add("llama.cpp: " + String.join(" ", llamaArguments()));
        warnings.forEach(w -> lines.add("Warning: " + w));
        return lines;
    }

    /** {@link #explain()} as one text, a line each. */
    public String describe() {
        return String.join("\n", explain());
    }

    private String summary() {
        List<DeviceAssignment> used = offloadAssignments().stream().filter(DeviceAssignment::used).toList();
        String tail = ", KV cache " + kvCache.llamaName() + ", " + contextLabel(context) + " context: ";
        if (used.isEmpty()) {
            DeviceAssignment c = cpu();
            return "All " + blockCount + " layers on the CPU" + tail + gb(c.totalBytes() - streamedBytes) + " of "
                    + gb(c.device().freeBytes()) + " free RAM" + (mmapStreaming ? " and " + gb(streamedBytes)
                    + " of weights streamed from disk" : "");
        }
        String what = offloadedLayers() == blockCount
                ? "All " + blockCount + " layers" + (outputOffloaded() ? " and the output layer" : "")
                : offloadedLayers() + " of " + blockCount + " layers";
        String where;
        if (used.size() == 1) {
            where = " on " + used.get(0).device().label();
        } else if (splitMode == SplitMode.ROW) {
            where = " on " + used.size() + " GPUs, split by rows " + tensorSplitArg + " (tensor parallel)";
        } else {
            where = " on " + used.size() + " devices, split by layer " + tensorSplitArg;
        }
        long need = used.stream().mapToLong(DeviceAssignment::totalBytes).sum();
        long free = used.stream().mapToLong(a -> a.device().freeBytes()).sum();
        boolean allGpu = used.stream().allMatch(a -> a.device().kind() == Device.Kind.GPU);
        return what + where + tail + gb(need) + " of " + gb(free) + (allGpu ? " free VRAM" : " free device memory");
    }

    private String deviceLine(DeviceAssignment a) {
        List<String> parts = new ArrayList<>();
        if (a.embeddings()) {
            parts.add("token embeddings");
        }
        if (a.rowShare() > 0) {
            parts.add(String.format(Locale.ROOT, "%.0f%% of every layer's weights", a.rowShare() * 100));
            if (a.kvBytes() > 0) {
                parts.add("the KV cache");
            }
        } else if (a.layers() == 1) {
            parts.add("layer " + a.firstLayer());
        } else if (a.layers() > 1) {
            parts.add("layers " + a.firstLayer() + "-" + a.lastLayer() + " (" + a.layers() + ")");
        }
        if (a.output()) {
            parts.add("the output layer");
        }
        String held = parts.size() == 1 ? parts.get(0)
                : String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
        String line = "  " + a.device().label() + ": " + held + "; " + gb(a.totalBytes()) + " of "
                + gb(a.device().freeBytes()) + " free (weights " + gb(a.weightBytes()) + ", KV cache " + gb(a.kvBytes())
                + ", compute " + gb(a.computeBytes()) + ")";
        if (a.device().kind() == Device.Kind.CPU && mmapStreaming) {
            line += "; " + gb(streamedBytes) + " of weights beyond the " + gb(a.usableBytes())
                    + " usable stay memory-mapped and are read from disk as needed";
        }
        return line;
    }

    /** "8k" for 8192 tokens, "3000-token" otherwise. */
    static String contextLabel(int tokens) {
        return tokens % 1024 == 0 ? tokens / 1024 + "k" : tokens + "-token";
    }
}
