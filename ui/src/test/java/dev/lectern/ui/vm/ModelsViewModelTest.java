package dev.lectern.ui.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.inference.Generation;
import dev.lectern.inference.GenerationRequest;
import dev.lectern.inference.Generator;
import dev.lectern.inference.TokenSink;
import dev.lectern.inference.hardware.Hardware;
import dev.lectern.inference.models.ModelDownloader;
import dev.lectern.inference.models.ModelStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The models view-model on a scratch models folder; no network. */
class ModelsViewModelTest {
    @TempDir
    Path dir;

    private ModelsViewModel vm(ModelsViewModel.ModelStarter starter) {
        return new ModelsViewModel(new ModelStore(dir), new ModelDownloader(), starter,
                new Hardware(2, 8L << 30, 6L << 30), Tasks.DIRECT, Tasks.DIRECT, UiThread.DIRECT);
    }

    @Test
    void theCatalogueIsListedWithARecommendationAndPartialDownloadsOfferAResume() throws Exception {
        Files.write(dir.resolve("Qwen2.5-1.5B-Instruct-Q4_K_M.gguf.part"), new byte[1000]);
        ModelsViewModel vm = vm(f -> null);
        vm.refresh();
        assertThat(vm.rows.get()).extracting(ModelRow::ref).contains("qwen2.5-0.5b", "qwen2.5-1.5b", "qwen2.5-7b");
        assertThat(vm.rows.get()).filteredOn(ModelRow::recommended).hasSize(1);
        ModelRow partial = vm.rows.get().stream().filter(r -> r.ref().equals("qwen2.5-1.5b")).findFirst().orElseThrow();
        assertThat(partial.state()).isEqualTo(ModelRow.State.PARTIAL);
        assertThat(partial.detail()).contains("resume");

        vm.remove(partial);
        assertThat(vm.message.get()).contains("partial download");
        assertThat(Files.exists(dir.resolve("Qwen2.5-1.5B-Instruct-Q4_K_M.gguf.part"))).isFalse();
    }

    @Test
    void noModelMeansEvidenceModeAndALoadedModelIsNamed() {
        Generator fake = new Generator() {
            @Override
            public Generation generate(GenerationRequest r, TokenSink s, BooleanSupplier c) {
                throw new UnsupportedOperationException();
            }

            @Override
            public int countTokens(String text) {
                return text.length();
            }

            @Override
            public int contextSize() {
                return 2048;
            }

            @Override
            public String describe() {
                return "tiny.gguf (llama)";
            }

            @Override
            public void close() {
            }
        };
        ModelsViewModel vm = vm(f -> fake);
        assertThat(vm.loaded.get()).isEqualTo(ModelsViewModel.EVIDENCE_MODE);
        assertThat(vm.evidenceMode()).isTrue();
        vm.load(dir.resolve("tiny.gguf"));
        assertThat(vm.loaded.get()).isEqualTo("tiny.gguf (llama)");
        assertThat(vm.generator()).isSameAs(fake);
        vm.load(null);
        assertThat(vm.evidenceMode()).isTrue();
    }

    @Test
    void aModelThatWillNotStartLeavesEvidenceModeWithTheReason() {
        ModelsViewModel vm = vm(f -> {
            throw new IllegalStateException("not a chat model");
        });
        vm.load(dir.resolve("bad.gguf"));
        assertThat(vm.loaded.get()).isEqualTo(ModelsViewModel.EVIDENCE_MODE);
        assertThat(vm.message.get()).contains("bad.gguf could not be started: not a chat model");
    }

    @Test
    void aBadUrlIsRefusedWithTheParserReason() {
        ModelsViewModel vm = vm(f -> null);
        assertThat(vm.download("ftp://nowhere")).isFalse();
        assertThat(vm.message.get()).isNotBlank();
    }

    @Test
    void machineDescriptionNamesCoresMemoryAndGpus() {
        var none = new dev.lectern.inference.hardware.DeviceProbe.Report(List.of(), List.of());
        assertThat(ModelsViewModel.describeMachine(new Hardware(2, 8_000_000_000L, 5_000_000_000L), none))
                .isEqualTo("2 cores, 8.0 GB RAM (5.0 GB free); no GPU found: models run on the CPU");
        var one = new dev.lectern.inference.hardware.DeviceProbe.Report(List.of(new dev.lectern.inference.hardware.Gpu(
                0, "CUDA", "NVIDIA GeForce RTX 3060", 5_800L << 20, 6_144L << 20)), List.of());
        assertThat(ModelsViewModel.describeMachine(new Hardware(8, 32_000_000_000L, 30_000_000_000L), one))
                .contains("8 cores").contains("RTX 3060");
    }
}
