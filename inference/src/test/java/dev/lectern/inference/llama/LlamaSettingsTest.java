package dev.lectern.inference.llama;

import dev.lectern.inference.ModelLoader;
import dev.lectern.inference.gguf.GgmlType;
import dev.lectern.inference.gguf.GgufFile;
import dev.lectern.inference.gguf.ModelFileException;
import dev.lectern.inference.gguf.ModelShape;
import dev.lectern.inference.gguf.SyntheticModels;
import dev.lectern.inference.hardware.Hardware;
import org.junit.jupiter.api.Test;

import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LlamaSettingsTest {
    private static final long GB = 1_000_000_000L;
    private static final GgufFile QWEN_1_5B = SyntheticModels.header(ModelShape.QWEN_1_5B, GgmlType.Q4_0);
    private static final GgufFile QWEN_7B = SyntheticModels.header(ModelShape.QWEN_7B, GgmlType.Q4_0);

    @Test
    void roomyLaptopGetsAnEightKContextWithExactCache() {
        LlamaSettings s = LlamaSettings.forMachine(QWEN_1_5B, new Hardware(2, 8 * GB, 6 * GB));
        assertThat(s.threads()).isEqualTo(2);
        assertThat(s.contextSize()).isEqualTo(8192);
        assertThat(s.kvCache()).isEqualTo(KvCacheType.F16);
        assertThat(s.mmap()).isTrue();
    }

    @Test
    void tightMemoryQuantizesTheCacheBeforeShrinkingTheContext() {
        GgufFile m = QWEN_7B;
        long weights = m.tensorBytes();
        long f16Cache = m.kvCacheBytes(8192, GgmlType.F16, GgmlType.F16);
        // room for the weights and half the f16 cache: q8_0 (about half) fits at the full context
        long available = (long) ((weights + f16Cache * 0.6 + (200L << 20)) / 0.8);
        LlamaSettings s = LlamaSettings.forMachine(m, new Hardware(4, 16 * GB, available));
        assertThat(s.kvCache()).isEqualTo(KvCacheType.Q8_0);
        assertThat(s.contextSize()).isEqualTo(8192);
    }

    @Test
    void veryTightMemoryShrinksTheContextButNotBelowTwoK() {
        LlamaSettings s = LlamaSettings.forMachine(QWEN_7B, new Hardware(2, 8 * GB, (long) (QWEN_7B.tensorBytes() * 1.1)));
        assertThat(s.kvCache()).isEqualTo(KvCacheType.Q8_0);
        assertThat(s.contextSize()).isLessThan(8192).isGreaterThanOrEqualTo(2048);
    }

    @Test
    void modelTooLargeForMemoryIsRefusedWithTheNumbers() {
        Hardware laptop = new Hardware(2, 8 * GB, 3 * GB);
        assertThatThrownBy(() -> ModelLoader.plan(QWEN_7B, laptop, UnaryOperator.identity()))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("needs 4.").hasMessageContaining("only 3.0 GB")
                .hasMessageContaining("--allow-mmap")
                .satisfies(e -> assertThat(((ModelFileException) e).reason()).isEqualTo(ModelFileException.Reason.TOO_LARGE));
    }

    @Test
    void oversizeModelLoadsMemoryMappedWhenTheUserAllowsIt() throws Exception {
        Hardware laptop = new Hardware(2, 8 * GB, 3 * GB);
        LlamaSettings s = ModelLoader.plan(QWEN_7B, laptop, x -> x.withMmap(false).withAllowOversize(true));
        assertThat(s.mmap()).isTrue();
    }

    @Test
    void overridesWin() throws Exception {
        LlamaSettings s = ModelLoader.plan(QWEN_1_5B, new Hardware(8, 32 * GB, 30 * GB),
                x -> x.withThreads(3).withContextSize(4096).withKvCache(KvCacheType.Q4_0));
        assertThat(s.threads()).isEqualTo(3);
        assertThat(s.contextSize()).isEqualTo(4096);
        assertThat(s.kvCache()).isEqualTo(KvCacheType.Q4_0);
    }

    @Test
    void invalidSettingsSayWhatIsWrong() {
        assertThatThrownBy(() -> new LlamaSettings(2, 2, 100, 64, 64, KvCacheType.F16, true, 0, false, false))
                .hasMessageContaining("at least 256");
        assertThatThrownBy(() -> KvCacheType.parse("q3")).hasMessageContaining("use f16, q8_0 or q4_0");
    }

    @Test
    void quantizedCacheOnHeadsItsBlocksDoNotDivideIsRefusedBeforeLlamaCppAborts() {
        GgufFile tiny = SyntheticModels.header(ModelShape.TINY, GgmlType.Q8_0); // 16-dim heads
        assertThat(KvCacheType.Q8_0.fits(tiny)).isFalse();
        assertThat(KvCacheType.Q8_0.fits(QWEN_1_5B)).isTrue();
        assertThatThrownBy(() -> ModelLoader.plan(tiny, new Hardware(2, 8 * GB, 6 * GB), x -> x.withKvCache(KvCacheType.Q8_0)))
                .hasMessageContaining("multiple of 32").hasMessageContaining("--kv f16");
        // and the automatic choice never picks it
        assertThat(LlamaSettings.forMachine(tiny, new Hardware(2, 8 * GB, 1)).kvCache()).isEqualTo(KvCacheType.F16);
    }

    @Test
    void gpuAndDraftSettingsAreValidatedWithHowToFixThem() {
        LlamaSettings s = LlamaSettings.forMachine(QWEN_1_5B, new Hardware(2, 8 * GB, 6 * GB));
        assertThat(s.splitMode()).isEqualTo("layer");
        assertThat(s.tensorSplit()).isEmpty();
        assertThat(s.draftModel()).isNull();
        assertThat(s.withSplit("ROW", " 3,1 ", 1).tensorSplit()).isEqualTo("3,1");
        assertThatThrownBy(() -> s.withSplit("rows", "", 0)).hasMessageContaining("use none, layer or row");
        assertThatThrownBy(() -> s.withSplit("layer", "3;1", 0)).hasMessageContaining("comma-separated");
        assertThatThrownBy(() -> s.withDraft("d.gguf", 4, 8, -1)).hasMessageContaining("min <= max");
        LlamaSettings d = s.withGpuLayers(20).withSplit("layer", "2,1", 0).withDraft("/m/draft.gguf", 8, 2, 99);
        assertThat(d.describe()).contains("20 GPU layers split layer 2,1", "draft model draft.gguf");
        LlamaSettings cpu = d.cpuOnly();
        assertThat(cpu.gpuLayers()).isZero();
        assertThat(cpu.tensorSplit()).isEmpty();
        assertThat(cpu.draftGpuLayers()).isZero();
        assertThat(cpu.draftModel()).isEqualTo("/m/draft.gguf");
    }
}
