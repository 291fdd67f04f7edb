package dev.lectern.inference.plan;

import dev.lectern.inference.gguf.GgmlType;
import dev.lectern.inference.gguf.GgufFile;
import dev.lectern.inference.gguf.ModelShape;
import dev.lectern.inference.gguf.SyntheticModels;
import dev.lectern.inference.llama.KvCacheType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlanInputsTest {
    static final long GB = 1_000_000_000L;
    static final GgufFile MODEL = SyntheticModels.header(ModelShape.QWEN_1_5B, GgmlType.Q4_0);

    @Test
    void devicesSayHowToFixWhatIsWrong() {
        assertThatThrownBy(() -> Device.gpu("CUDA0", "x", 9 * GB, 8 * GB))
                .hasMessageContaining("CUDA0 reports 9000000000 bytes free of 8000000000")
                .hasMessageContaining("pass the total first");
        assertThatThrownBy(() -> Device.gpu("CUDA0", "x", 0, 0)).hasMessageContaining("give the device's total memory in bytes");
        assertThatThrownBy(() -> new Device("worker", Device.Kind.RPC, "w", 1, 2)).hasMessageContaining("use Device.rpc");
        assertThatThrownBy(() -> new Device("RAM", Device.Kind.CPU, "ram", 1, 2)).hasMessageContaining("id CPU");
        assertThatThrownBy(() -> Device.gpu("RPC[a:1]", "x", 1, 2)).hasMessageContaining("use kind RPC");
        assertThatThrownBy(() -> Device.gpu(" ", "x", 1, 2)).hasMessageContaining("CUDA0, Vulkan0");
    }

    @Test
    void deviceIdsNameTheirBackend() {
        assertThat(Device.gpu("CUDA1", "", 1, 2).backend()).isEqualTo("CUDA");
        assertThat(Device.gpu("Vulkan0", null, 1, 2).label()).isEqualTo("Vulkan0");
        assertThat(Device.gpu("Metal", "Apple M2", 1, 2).backend()).isEqualTo("Metal");
        assertThat(Device.rpc("10.0.0.2:50052", 1, 2).backend()).isEqualTo("RPC");
        assertThat(Device.rpc("10.0.0.2:50052", 1, 2).id()).isEqualTo("RPC[10.0.0.2:50052]");
    }

    @Test
    void requestNeedsTheHostRamExactlyOnceAndDistinctDevices() {
        Device gpu = Device.gpu("CUDA0", "x", GB, 2 * GB);
        assertThatThrownBy(() -> PlanRequest.of(MODEL, 4096, KvCacheType.F16, List.of(gpu)))
                .hasMessageContaining("include the host's RAM exactly once");
        assertThatThrownBy(() -> PlanRequest.of(MODEL, 4096, KvCacheType.F16, List.of(Device.cpu(GB, 2 * GB), gpu, gpu)))
                .hasMessageContaining("CUDA0 is listed twice");
        assertThatThrownBy(() -> PlanRequest.of(MODEL, 100, KvCacheType.F16, List.of(Device.cpu(GB, 2 * GB))))
                .hasMessageContaining("at least 256 tokens");
    }

    @Test
    void optionsSayHowToFixWhatIsWrong() {
        assertThatThrownBy(() -> PlanOptions.defaults().withHeadroom(0.7)).hasMessageContaining("0.05 keeps 5 % free");
        assertThatThrownBy(() -> PlanOptions.defaults().withGpuLayers(-1)).hasMessageContaining("use 0 for CPU only");
        assertThatThrownBy(() -> PlanOptions.defaults().withUbatchSize(0)).hasMessageContaining("default is 512");
    }

    @Test
    void contextLabelsAndArticlesReadNaturally() {
        assertThat(OffloadPlan.contextLabel(8192)).isEqualTo("8k");
        assertThat(OffloadPlan.contextLabel(3000)).isEqualTo("3000-token");
        assertThat(MemoryPlanner.withArticle("8k")).isEqualTo("an 8k");
        assertThat(MemoryPlanner.withArticle("f16")).isEqualTo("an f16");
        assertThat(MemoryPlanner.withArticle("q8_0")).isEqualTo("a q8_0");
        assertThat(MemoryPlanner.withArticle("16k")).isEqualTo("a 16k");
    }
}
