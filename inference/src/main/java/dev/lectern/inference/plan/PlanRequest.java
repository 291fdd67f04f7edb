package dev.lectern.inference.plan;

import dev.lectern.inference.gguf.GgufFile;
import dev.lectern.inference.llama.KvCacheType;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What to plan: a model (its GGUF header), the context and KV-cache type asked for, the devices with
 * their free memory (the host's RAM always among them) and the options.
 */
public record PlanRequest(GgufFile model, int context, KvCacheType kvCache, List<Device> devices, PlanOptions options) {

    public PlanRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(kvCache, "kvCache: give f16, q8_0 or q4_0");
        options = options == null ? PlanOptions.defaults() : options;
        devices = List.copyOf(Objects.requireNonNull(devices, "devices"));
        if (model.blockCount() <= 0) {
            throw new IllegalArgumentException(model.path().getFileName()
                    + " declares no transformer blocks (" + model.architecture() + ".block_count): not a model the planner can place");
        }
        if (context < 256) {
            throw new IllegalArgumentException("context must be at least 256 tokens, got " + context);
        }
        long cpus = devices.stream().filter(d -> d.kind() == Device.Kind.CPU).count();
        if (cpus != 1) {
            throw new IllegalArgumentException("the devices must include the host's RAM exactly once (Device.cpu(free, total)), found "
                    + cpus);
        }
        Set<String> ids = new HashSet<>();
        for (Device d : devices) {
            if (!ids.add(d.id())) {
                throw new IllegalArgumentException("device " + d.id() + " is listed twice: give each device once");
            }
        }
    }

    public static PlanRequest of(GgufFile model, int context, KvCacheType kvCache, List<Device> devices) {
        return new PlanRequest(model, context, kvCache, devices, PlanOptions.defaults());
    }

    public PlanRequest withOptions(PlanOptions o) {
        return new PlanRequest(model, context, kvCache, devices, o);
    }

    public Device cpu() {
        return devices.stream().filter(d -> d.kind() == Device.Kind.CPU).findFirst().orElseThrow();
    }

    /**
     * The devices layers can be offloaded to, in llama.cpp's order: RPC workers first, then local GPUs,
     * each group in the order given (llama.cpp puts RPC servers first so the last layers and the output
     * stay on the local GPU, sparing a network hop per token).
     */
    public List<Device> offloadDevices() {
        return devices.stream().filter(d -> d.kind() != Device.Kind.CPU)
                .sorted((a, b) -> Boolean.compare(a.kind() != Device.Kind.RPC, b.kind() != Device.Kind.RPC))
                .toList();
    }
}
