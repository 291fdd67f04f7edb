package dev.lectern.inference;

import dev.lectern.inference.gguf.GgmlType;
import dev.lectern.inference.gguf.GgufFile;
import dev.lectern.inference.gguf.GgufReader;
import dev.lectern.inference.gguf.ModelShape;
import dev.lectern.inference.gguf.SyntheticModels;
import dev.lectern.inference.hardware.Gpu;
import dev.lectern.inference.hardware.Hardware;
import dev.lectern.inference.llama.LlamaSettings;
import dev.lectern.inference.worker.WorkerGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GPU offload and draft models through the real llama.cpp path. The bundled natives are a CPU build,
 * so a GPU load fails or runs on the CPU: these tests check that neither happens silently.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ModelLoaderTest {
    private static final long GB = 1_000_000_000L;
    @TempDir
    static Path dir;
    static Path tiny;
    static Path tinyDraft;
    static final Hardware HW = new Hardware(1, 8 * GB, 4 * GB);
    static final UnaryOperator<LlamaSettings> SMALL = s -> s.withThreads(1).withContextSize(1024);

    @BeforeAll
    static void models() throws Exception {
        tiny = SyntheticModels.write(dir.resolve("tiny.gguf"), ModelShape.TINY, GgmlType.Q8_0, 7);
        tinyDraft = SyntheticModels.write(dir.resolve("tiny-draft.gguf"), ModelShape.TINY, GgmlType.Q8_0, 8);
    }

    private static String ask(WorkerGenerator g) throws Exception {
        return g.generate(GenerationRequest.of(List.of(ChatMessage.user("Hello?")), 8), TokenSink.IGNORE, () -> false)
                .text();
    }

    @Test
    void aGpuLoadThatFailsIsRetriedOnTheCpuWithANoticeSayingWhy() throws Exception {
        List<String> notices = new CopyOnWriteArrayList<>();
        Gpu fake = new Gpu(0, "CUDA", "NVIDIA GeForce RTX 4060", 8 * GB, 8 * GB);
        // one GPU: the planner puts everything on it with split mode none, which a CPU build cannot load
        try (WorkerGenerator g = ModelLoader.load(tiny, HW, new ModelLoader.Offload(List.of(fake), OptionalInt.empty(),
                false), SMALL, notices::add)) {
            assertThat(g.settings().gpuLayers()).isZero();
            assertThat(ask(g)).isNotNull();
        }
        assertThat(notices).anySatisfy(n -> assertThat(n).startsWith("Loading tiny.gguf with 3 layers on the GPU failed (")
                .contains("running it on the CPU only"));
    }

    @Test
    void layersThatLlamaCppQuietlyKeepsOnTheCpuAreReported() throws Exception {
        List<String> notices = new CopyOnWriteArrayList<>();
        try (WorkerGenerator g = ModelLoader.load(tiny, HW, new ModelLoader.Offload(List.of(), OptionalInt.of(2), false),
                SMALL, notices::add)) {
            assertThat(g.settings().gpuLayers()).isEqualTo(2);
            assertThat(ask(g)).isNotNull();
        }
        assertThat(notices).anySatisfy(n -> assertThat(n).contains("llama.cpp found no usable GPU", "all 2 layers run on the CPU",
                "bundled CPU build"));
    }

    @Test
    void aDraftModelOfTheSameFamilyRunsSpeculativeDecoding() throws Exception {
        List<String> notices = new CopyOnWriteArrayList<>();
        try (WorkerGenerator g = ModelLoader.load(tiny, HW, ModelLoader.Offload.cpuOnly(),
                s -> SMALL.apply(s).withDraft(tinyDraft.toString(), 4, 1, -1), notices::add)) {
            assertThat(g.settings().draftModel()).isEqualTo(tinyDraft.toString());
            assertThat(g.loadReport()).anyMatch(l -> l.contains("draft model"));
            assertThat(ask(g)).isNotNull();
        }
        assertThat(notices).isEmpty();
    }

    @Test
    void aDraftModelOfAnotherFamilyIsLeftOutWithTheReason() throws Exception {
        Path other = SyntheticModels.write(dir.resolve("other.gguf"), ModelShape.QWEN_0_5B, GgmlType.Q4_0, 1);
        GgufFile target = GgufReader.read(tiny);
        assertThat(ModelLoader.draftProblem(target, GgufReader.read(tinyDraft))).isEmpty();
        assertThat(ModelLoader.draftProblem(target, GgufReader.read(other))).get().asString()
                .contains("vocabulary", "same family");
        List<String> notices = new CopyOnWriteArrayList<>();
        LlamaSettings s = ModelLoader.checkDraft(target, LlamaSettings.forMachine(target, HW)
                .withDraft(other.toString(), 0, 0, -1), notices::add);
        assertThat(s.draftModel()).isNull();
        assertThat(notices).singleElement().asString().contains("other.gguf cannot speed up tiny.gguf",
                "without speculative decoding");
        LlamaSettings missing = ModelLoader.checkDraft(target, LlamaSettings.forMachine(target, HW)
                .withDraft(dir.resolve("absent.gguf").toString(), 0, 0, -1), notices::add);
        assertThat(missing.draftModel()).isNull();
    }
}
