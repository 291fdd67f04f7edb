package dev.lectern.inference.hardware;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceProbeTest {
    private static final long MIB = 1024L * 1024;

    @Test
    void twoNvidiaGpusAreReadWithTheirFreeMemory() {
        List<String> notes = new ArrayList<>();
        List<Gpu> gpus = DeviceProbe.parseNvidiaSmi("""
                0, NVIDIA GeForce RTX 4060, 7785, 8188
                1, NVIDIA GeForce GTX 1650, 3900, 4096
                """, notes);
        assertThat(gpus).containsExactly(new Gpu(0, "CUDA", "NVIDIA GeForce RTX 4060", 7785 * MIB, 8188 * MIB),
                new Gpu(1, "CUDA", "NVIDIA GeForce GTX 1650", 3900 * MIB, 4096 * MIB));
        assertThat(gpus.get(1).id()).isEqualTo("CUDA1");
        assertThat(gpus.get(0).describe()).isEqualTo("CUDA0 NVIDIA GeForce RTX 4060: 8.2 of 8.6 GB free");
        assertThat(notes).isEmpty();
    }

    @Test
    void theOutputOfARealH100IsRead() {
        // recorded from nvidia-smi on an NVIDIA H100 machine with the exact query the probe runs
        List<String> notes = new ArrayList<>();
        assertThat(DeviceProbe.parseNvidiaSmi("0, NVIDIA H100 80GB HBM3, 81079, 81559\n", notes))
                .containsExactly(new Gpu(0, "CUDA", "NVIDIA H100 80GB HBM3", 81079 * MIB, 81559 * MIB));
        assertThat(notes).isEmpty();
    }

    @Test
    void aNameWithCommasAndAGpuWithoutFiguresAreHandled() {
        List<String> notes = new ArrayList<>();
        List<Gpu> gpus = DeviceProbe.parseNvidiaSmi("""
                0, NVIDIA H100 80GB HBM3, MIG 1g.10gb, 9800, 10240
                1, NVIDIA GeForce GT 710, [N/A], [N/A]
                garbage
                """, notes);
        assertThat(gpus).extracting(Gpu::name).containsExactly("NVIDIA H100 80GB HBM3, MIG 1g.10gb");
        assertThat(notes).hasSize(2);
        assertThat(notes.get(0)).contains("no memory figures", "GT 710");
    }

    @Test
    void noNvidiaSmiMeansNoGpusAndANoteWhereAnotherGpuMayBe() {
        DeviceProbe.Report linux = DeviceProbe.probe(cmd -> Optional.empty(), "Linux", true);
        assertThat(linux.gpus()).isEmpty();
        assertThat(linux.notes()).singleElement().asString().contains("Vulkan build");
        DeviceProbe.Report mac = DeviceProbe.probe(cmd -> Optional.empty(), "Mac OS X", false);
        assertThat(mac.notes()).singleElement().asString().contains("Metal");
        assertThat(DeviceProbe.probe(cmd -> Optional.empty(), "Linux", false).notes()).isEmpty();
    }

    @Test
    void theProbeAsksNvidiaSmiForIndexNameAndMemoryInMib() {
        List<List<String>> asked = new ArrayList<>();
        DeviceProbe.Report r = DeviceProbe.probe(cmd -> {
            asked.add(cmd);
            return Optional.of("0, Tesla T4, 15000, 15360\n");
        }, "Linux", true);
        assertThat(asked).containsExactly(List.of("nvidia-smi", "--query-gpu=index,name,memory.free,memory.total",
                "--format=csv,noheader,nounits"));
        assertThat(r.gpus()).extracting(Gpu::id).containsExactly("CUDA0");
        assertThat(r.notes()).isEmpty();
    }

    @Test
    void aMissingToolIsNoGpuNotAnError() {
        assertThat(DeviceProbe.run(List.of("/nonexistent/nvidia-smi"))).isEmpty();
        assertThat(DeviceProbe.run(List.of("sh", "-c", "echo '0, X, 1, 2'"))).contains("0, X, 1, 2\n");
        assertThat(DeviceProbe.run(List.of("sh", "-c", "exit 9"))).isEmpty();
    }

    @Test
    void llamaCppsOwnDeviceLineIsRead() {
        assertThat(DeviceProbe.parseLlamaDevice("llama_model_load_from_file_impl: using device CUDA0 (NVIDIA GeForce RTX"
                + " 3060 Laptop GPU) - 5731 MiB free")).contains(new Gpu(0, "CUDA", "NVIDIA GeForce RTX 3060 Laptop GPU",
                5731 * MIB, 5731 * MIB));
        assertThat(DeviceProbe.parseLlamaDevice("llama_model_load_from_file_impl: using device Vulkan1 (AMD Radeon RX"
                + " 6600 (RADV NAVI23)) - 7900 MiB free")).get().extracting(Gpu::id).isEqualTo("Vulkan1");
        assertThat(DeviceProbe.parseLlamaDevice("using device RPC[127.0.0.1:50052] (127.0.0.1:50052) - 1000 MiB free"))
                .isEmpty();
        assertThat(DeviceProbe.parseLlamaDevice("load_tensors: offloaded 29/29 layers to GPU")).isEmpty();
    }
}
