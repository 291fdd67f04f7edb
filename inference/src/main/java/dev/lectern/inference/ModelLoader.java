package dev.lectern.inference;

import dev.lectern.inference.gguf.GgufFile;
import dev.lectern.inference.gguf.ModelFileException;
import dev.lectern.inference.gguf.ModelValidator;
import dev.lectern.inference.hardware.Gpu;
import dev.lectern.inference.hardware.Hardware;
import dev.lectern.inference.llama.LlamaSettings;
import dev.lectern.inference.llama.MemoryEstimate;
import dev.lectern.inference.plan.Device;
import dev.lectern.inference.plan.MemoryPlanner;
import dev.lectern.inference.plan.OffloadPlan;
import dev.lectern.inference.plan.PlanException;
import dev.lectern.inference.plan.PlanOptions;
import dev.lectern.inference.plan.PlanRequest;
import dev.lectern.inference.worker.WorkerGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Opens a local GGUF model for answering: validates the file in Java, chooses settings from the
 * hardware (then applies the user's overrides), checks that it fits in memory, and starts it in a
 * worker process. With GPUs the {@link MemoryPlanner} decides the offload (layers, split, main GPU);
 * a GPU load that fails, or that llama.cpp quietly runs on the CPU, is reported and, where it failed,
 * retried on the CPU in a fresh worker.
 */
public final class ModelLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);

    private ModelLoader() {
    }

    /**
     * Where layers may go besides the CPU.
     *
     * @param gpus      the local GPUs to plan over (empty: CPU only, unless {@code gpuLayers} forces layers)
     * @param gpuLayers the user's {@code --gpu-layers}, honoured exactly; empty lets the planner choose
     * @param rowSplit  ask for llama.cpp's row split (tensor parallel) where it can do it
     */
    public record Offload(List<Gpu> gpus, OptionalInt gpuLayers, boolean rowSplit) {
        public Offload {
            gpus = List.copyOf(gpus);
            gpuLayers = gpuLayers == null ? OptionalInt.empty() : gpuLayers;
        }

        public static Offload cpuOnly() {
            return new Offload(List.of(), OptionalInt.empty(), false);
        }
    }

    /** Settings for {@code model} on {@code hw} with the user's overrides applied, after the memory check. */
    public static LlamaSettings plan(GgufFile model, Hardware hw, UnaryOperator<LlamaSettings> overrides)
            throws ModelFileException {
        LlamaSettings s = overrides.apply(LlamaSettings.forMachine(model, hw));
        checkKvCache(model, s);
        MemoryEstimate need = MemoryEstimate.of(model, s.contextSize(), s.kvCache(), s.ubatchSize());
        if (hw.availableRamBytes() > 0 && need.totalBytes() > hw.availableRamBytes()) {
            if (!s.allowOversize()) {
                throw new ModelFileException(model.path(), ModelFileException.Reason.TOO_LARGE, "needs "
                        + need.describe() + " but only " + MemoryEstimate.gb(hw.availableRamBytes())
                        + " of memory is available; close other programs, choose a smaller model or context, or allow"
                        + " memory-mapped loading (--allow-mmap) to stream the weights from disk, which is slow");
            }
            s = s.withMmap(true);
        }
        return s;
    }

    /**
     * The offload plan for {@code model} over the host and {@code offload}'s GPUs, starting from the
     * machine's settings with the user's overrides. Empty when there is nothing to offload to.
     */
    public static Optional<OffloadPlan> offloadPlan(GgufFile model, Hardware hw, Offload offload, LlamaSettings s)
            throws ModelFileException {
        if (offload.gpus().isEmpty()) {
            return Optional.empty();
        }
        List<Device> devices = new ArrayList<>();
        devices.add(Device.cpu(hw));
        for (Gpu g : offload.gpus()) {
            devices.add(Device.gpu(g.id(), g.name(), g.freeBytes(), g.totalBytes()));
        }
        PlanOptions o = PlanOptions.defaults().withAutoKvCache(true).withMmapStreaming(s.allowOversize())
                .withUbatchSize(s.ubatchSize()).withFlashAttention(s.flashAttention()).withRowSplit(offload.rowSplit());
        if (offload.gpuLayers().isPresent()) {
            o = o.withGpuLayers(offload.gpuLayers().getAsInt());
        }
        try {
            return Optional.of(MemoryPlanner.plan(new PlanRequest(model, s.contextSize(), s.kvCache(), devices, o)));
        } catch (PlanException e) {
            throw new ModelFileException(model.path(), ModelFileException.Reason.TOO_LARGE, e.getMessage());
        }
    }

    public static WorkerGenerator load(Path file, Hardware hw, UnaryOperator<LlamaSettings> overrides,
                                       Consumer<String> notices) throws ModelFileException, GenerationException {
        return load(file, hw, Offload.cpuOnly(), overrides, notices);
    }

    /**
     * Validates {@code file} (and a draft model, if the settings name one), plans where it runs and
     * starts it in a worker. {@code notices} hears what the user should know: the plan's changes and
     * warnings, a draft model left out, a GPU load that failed or ran on the CPU after all.
     */
    public static WorkerGenerator load(Path file, Hardware hw, Offload offload, UnaryOperator<LlamaSettings> overrides,
                                       Consumer<String> notices) throws ModelFileException, GenerationException {
        GgufFile model = ModelValidator.validateChatModel(file);
        LlamaSettings s;
        Optional<OffloadPlan> plan = Optional.empty();
        if (offload.gpus().isEmpty()) {
            s = plan(model, hw, overrides);
            if (offload.gpuLayers().isPresent()) {
                s = s.withGpuLayers(offload.gpuLayers().getAsInt());
            }
        } else {
            s = overrides.apply(LlamaSettings.forMachine(model, hw));
            checkKvCache(model, s);
            plan = offloadPlan(model, hw, offload, s);
            OffloadPlan p = plan.orElseThrow();
            LOG.info("offload plan for {}:\n{}", file.getFileName(), p.describe());
            s = p.toSettings(s);
            p.changes().forEach(notices);
            p.warnings().forEach(notices);
        }
        s = checkDraft(model, s, notices);
        if (s.gpuLayers() == 0) {
            return WorkerGenerator.start(model, s, notices);
        }
        WorkerGenerator g;
        try {
            g = WorkerGenerator.start(model, s, notices);
        } catch (GenerationException e) {
            LlamaSettings gpu = s;
            String why = "Loading " + file.getFileName() + " with " + s.gpuLayers() + " layers on the GPU failed ("
                    + e.getMessage() + ")";
            LlamaSettings cpu;
            try {
                cpu = plan(model, hw, x -> overrides.apply(x).withDraft(gpu.draftModel(), gpu.draftMax(), gpu.draftMin(),
                        -1)).cpuOnly();
            } catch (ModelFileException tooLarge) {
                notices.accept(why + "; it does not fit in RAM without the GPU either: " + tooLarge.getMessage());
                throw e;
            }
            notices.accept(why + ": running it on the CPU only, which is slower. `lectern doctor` shows the GPUs and"
                    + " the native library in use.");
            LOG.warn("GPU load failed, retrying on the CPU: {}", e.getMessage());
            return WorkerGenerator.start(model, cpu, notices);
        }
        String report = String.join("\n", g.loadReport());
        if (report.contains("no usable GPU")) {
            notices.accept("llama.cpp found no usable GPU, so all " + model.blockCount() + " layers run on the CPU"
                    + " (slower): the native library in use (" + EdgeConfig.fromEnvironment().describeNatives()
                    + ") has no GPU backend, or the GPU driver is missing. See README, \"GPUs and several devices\".");
        } else if (report.contains("Failed to load native")) {
            notices.accept("the configured llama.cpp library could not be loaded, so the bundled CPU build runs the"
                    + " model: " + g.loadReport().stream().filter(l -> l.contains("ailed")).findFirst().orElse(""));
        }
        return g;
    }

    private static void checkKvCache(GgufFile model, LlamaSettings s) throws ModelFileException {
        if (!s.kvCache().fits(model)) {
            throw new ModelFileException(model.path(), ModelFileException.Reason.UNSUPPORTED_TENSOR_TYPE,
                    "a " + s.kvCache().llamaName() + " KV cache needs attention heads whose size is a multiple of "
                            + s.kvCache().ggml().blockSize() + "; this model's are " + model.keyLength()
                            + ": use an f16 KV cache (--kv f16)");
        }
    }

    /**
     * {@code s} with its draft model kept only when it is a valid chat model that shares the target's
     * vocabulary: llama.cpp's embedded server goes on after a draft fails to load and then crashes, so a
     * bad draft is dropped here, with a notice, and the answer runs without speculative decoding.
     */
    static LlamaSettings checkDraft(GgufFile target, LlamaSettings s, Consumer<String> notices) {
        if (s.draftModel() == null) {
            return s;
        }
        Path draftFile = Path.of(s.draftModel());
        try {
            GgufFile draft = ModelValidator.validateChatModel(draftFile);
            Optional<String> problem = draftProblem(target, draft);
            if (problem.isPresent()) {
                notices.accept("the draft model " + draftFile.getFileName() + " cannot speed up "
                        + target.path().getFileName() + ": " + problem.get() + ". Answering without speculative decoding.");
                return s.withDraft(null, 0, 0, -1);
            }
            return s;
        } catch (ModelFileException e) {
            notices.accept("the draft model is not usable (" + e.getMessage() + "): answering without speculative decoding");
            return s.withDraft(null, 0, 0, -1);
        }
    }

    /**
     * Why {@code draft} cannot draft for {@code target}, as llama.cpp's own compatibility check sees it:
     * the same tokenizer, vocabularies within 128 tokens of each other, the same start and end tokens.
     */
    public static Optional<String> draftProblem(GgufFile target, GgufFile draft) {
        String tt = target.string("tokenizer.ggml.model").orElse("");
        String dt = draft.string("tokenizer.ggml.model").orElse("");
        if (!tt.equals(dt)) {
            return Optional.of("its tokenizer is '" + dt + "' and the model's is '" + tt
                    + "': use a smaller model of the same family");
        }
        if (Math.abs(target.vocabularySize() - draft.vocabularySize()) > 128) {
            return Optional.of("its vocabulary has " + draft.vocabularySize() + " tokens and the model's "
                    + target.vocabularySize() + ": use a smaller model of the same family");
        }
        for (String key : List.of("tokenizer.ggml.bos_token_id", "tokenizer.ggml.eos_token_id")) {
            if (!target.number(key).equals(draft.number(key))) {
                return Optional.of("its " + key.substring("tokenizer.ggml.".length()) + " differs ("
                        + draft.number(key).map(String::valueOf).orElse("none") + " vs "
                        + target.number(key).map(String::valueOf).orElse("none") + ")");
            }
        }
        return Optional.empty();
    }
}
