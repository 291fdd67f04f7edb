package dev.lectern.inference.plan;

import dev.lectern.inference.gguf.GgmlType;
import dev.lectern.inference.gguf.GgufFile;
import dev.lectern.inference.gguf.ModelShape;
import dev.lectern.inference.gguf.SyntheticModels;
import dev.lectern.inference.llama.KvCacheType;
import dev.lectern.inference.llama.LlamaSettings;
import dev.lectern.inference.hardware.Hardware;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.lectern.inference.llama.MemoryEstimate.gb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The planner on GGUF headers at the real shapes of Qwen2.5 1.5B and 7B and Llama 3 70B (all Q4_0),
 * over the device sets the issue names: a CPU-only 8 GB laptop, one 6 GB GPU, two GPUs, and four
 * 3 GB RPC workers beside a laptop as in TPI-LLM.
 */
class MemoryPlannerTest {
    static final long GB = 1_000_000_000L;
    static final GgufFile QWEN_1_5B = SyntheticModels.header(ModelShape.QWEN_1_5B, GgmlType.Q4_0);
    static final GgufFile QWEN_7B = SyntheticModels.header(ModelShape.QWEN_7B, GgmlType.Q4_0);
    static final GgufFile LLAMA_70B = SyntheticModels.header(ModelShape.LLAMA_70B, GgmlType.Q4_0);

    /** An 8 GB laptop just after login: 6.5 GB available. */
    static final Device LAPTOP = Device.cpu(6_500_000_000L, 8 * GB);
    static final Device HOST_16 = Device.cpu(12 * GB, 16 * GB);
    static final Device RTX_3060 = Device.gpu("CUDA0", "NVIDIA GeForce RTX 3060 Laptop GPU", 5_800_000_000L, 6 * GB);
    static final Device RTX_4060 = Device.gpu("CUDA0", "RTX 4060", 8 * GB, 8 * GB);
    static final Device GTX_1650 = Device.gpu("CUDA1", "GTX 1650", 4 * GB, 4 * GB);
    static final List<Device> TPI_LLM = List.of(Device.rpc("192.168.1.11:50052", 3 * GB, 3 * GB),
            Device.rpc("192.168.1.12:50052", 3 * GB, 3 * GB), Device.rpc("192.168.1.13:50052", 3 * GB, 3 * GB),
            Device.rpc("192.168.1.14:50052", 3 * GB, 3 * GB), Device.cpu(8 * GB, 8 * GB));

    static OffloadPlan plan(GgufFile m, int ctx, List<Device> devices, PlanOptions o) throws PlanException {
        return MemoryPlanner.plan(new PlanRequest(m, ctx, KvCacheType.F16, devices, o));
    }

    static OffloadPlan plan(GgufFile m, int ctx, List<Device> devices) throws PlanException {
        return plan(m, ctx, devices, PlanOptions.defaults());
    }

    @Nested
    class CpuOnlyLaptop {
        @Test
        void smallModelRunsOnTheCpuWithRoomToSpare() throws Exception {
            OffloadPlan p = plan(QWEN_1_5B, 8192, List.of(LAPTOP));

            assertThat(p.gpuLayers()).isZero();
            assertThat(p.splitMode()).isEqualTo(SplitMode.NONE);
            assertThat(p.mmapStreaming()).isFalse();
            assertThat(p.cpu().layers()).isEqualTo(28);
            assertThat(p.cpu().output()).isTrue();
            assertThat(p.warnings()).isEmpty();
            assertThat(p.explain().get(0)).isEqualTo("All 28 layers on the CPU, KV cache f16, 8k context: 1.8 GB of 6.5 GB free RAM");
        }

        @Test
        void sevenBillionModelFitsButTheWarningSaysItIsTight() throws Exception {
            OffloadPlan p = plan(QWEN_7B, 8192, List.of(LAPTOP));

            assertThat(p.mmapStreaming()).isFalse();
            assertThat(p.cpuBytes()).isLessThanOrEqualTo(p.cpu().usableBytes());
            assertThat(p.explain().get(0)).isEqualTo("All 28 layers on the CPU, KV cache f16, 8k context: 5.7 GB of 6.5 GB free RAM");
            assertThat(p.warnings()).singleElement().asString()
                    .startsWith("Tight: the CPU's part takes 5.7 GB of the 6.1 GB of usable RAM");
        }

        @Test
        void sevenBillionModelOnABusyLaptopIsRefusedWithTheNumbersUnlessAutoMayQuantizeTheCache() throws Exception {
            List<Device> busy = List.of(Device.cpu(6 * GB, 8 * GB));
            assertThatThrownBy(() -> plan(QWEN_7B, 8192, busy))
                    .isInstanceOf(PlanException.class)
                    .hasMessageContaining("needs 5.7 GB of RAM, 0.1 GB more than the 5.6 GB usable")
                    .hasMessageContaining("a q8_0 KV cache (saves 0.2 GB)");

            OffloadPlan p = plan(QWEN_7B, 8192, busy, PlanOptions.defaults().withAutoKvCache(true));
            assertThat(p.kvCache()).isEqualTo(KvCacheType.Q8_0);
            assertThat(p.context()).isEqualTo(8192);
            assertThat(p.changes()).singleElement().asString()
                    .isEqualTo("Changed from the request: KV cache q8_0 instead of f16, because as asked the CPU's part"
                            + " needed 5.7 GB of RAM and 5.6 GB is usable.");
            assertThat(p.explain().get(0)).startsWith("All 28 layers on the CPU, KV cache q8_0, 8k context: 5.4 GB");
        }

        @Test
        void whenQ8IsNotEnoughAutoHalvesTheContextAndSaysBoth() throws Exception {
            OffloadPlan p = plan(QWEN_7B, 8192, List.of(Device.cpu(5_700_000_000L, 8 * GB)),
                    PlanOptions.defaults().withAutoKvCache(true));

            assertThat(p.kvCache()).isEqualTo(KvCacheType.Q8_0);
            assertThat(p.context()).isEqualTo(4096);
            assertThat(p.changes()).singleElement().asString()
                    .contains("KV cache q8_0 instead of f16, 4k context instead of 8k");
        }

        @Test
        void autoNeverShrinksTheContextBelowTwoK() {
            List<Device> tiny = List.of(Device.cpu(4_500_000_000L, 8 * GB));
            assertThatThrownBy(() -> plan(QWEN_7B, 8192, tiny, PlanOptions.defaults().withAutoKvCache(true)))
                    .isInstanceOf(PlanException.class)
                    .hasMessageContaining("Also tried: q8_0 KV cache at 8k")
                    .hasMessageContaining("q8_0 KV cache at 2k")
                    .hasMessageNotContaining("at 1k");
        }

        @Test
        void seventyBillionModelIsRefusedWithWhatItNeedsAndWhatTheLaptopHas() {
            assertThatThrownBy(() -> plan(LLAMA_70B, 8192, List.of(LAPTOP)))
                    .isInstanceOf(PlanException.class)
                    .hasMessageStartingWith("lectern-synthetic-70b (70.6B, Q4_0) does not fit with an 8k context and an f16"
                            + " KV cache: it needs 43.9 GB (weights 39.7 GB, KV cache 2.7 GB, compute buffers 1.5 GB)"
                            + " and the devices have 6.1 GB usable: CPU 6.5 GB free (6.1 GB usable).")
                    .hasMessageContaining("37.8 GB more than the 6.1 GB usable")
                    .hasMessageContaining("a smaller context (a 2k one saves 2.0 GB of KV cache)")
                    .hasMessageContaining("a q8_0 KV cache (saves 1.3 GB)")
                    .hasMessageContaining("a smaller quantization (the weights alone are 39.7 GB)")
                    .hasMessageContaining("memory-mapped streaming, which reads the missing 37.8 GB from disk")
                    .satisfies(e -> {
                        PlanException pe = (PlanException) e;
                        assertThat(pe.neededBytes()).isGreaterThan(LLAMA_70B.tensorBytes());
                        assertThat(pe.availableBytes()).isLessThan(6_500_000_000L);
                    });
        }

        @Test
        void seventyBillionModelStreamsFromDiskWhenAllowedAndSaysHowSlow() throws Exception {
            OffloadPlan p = plan(LLAMA_70B, 8192, List.of(LAPTOP), PlanOptions.defaults().withMmapStreaming(true));

            assertThat(p.mmapStreaming()).isTrue();
            assertThat(p.streamedBytes()).isEqualTo(p.cpuBytes() - p.cpu().usableBytes());
            assertThat(gb(p.streamedBytes())).isEqualTo("37.8 GB");
            assertThat(p.explain().get(0)).isEqualTo("All 80 layers on the CPU, KV cache f16, 8k context: 6.1 GB of 6.5 GB"
                    + " free RAM and 37.8 GB of weights streamed from disk");
            assertThat(p.warnings()).anySatisfy(w -> assertThat(w)
                    .startsWith("Memory-mapped streaming: 37.8 GB of weights do not fit in the 6.1 GB of usable RAM"));
            assertThat(p.tokensPerSecond()).isLessThan(1);
            LlamaSettings s = p.toSettings(LlamaSettings.forMachine(LLAMA_70B, new Hardware(4, 8 * GB, 6_500_000_000L)));
            assertThat(s.mmap()).isTrue();
            assertThat(s.allowOversize()).isTrue();
        }

        @Test
        void streamingCannotHelpWhenTheCacheAloneDoesNotFit() {
            List<Device> small = List.of(Device.cpu(2 * GB, 8 * GB));
            assertThatThrownBy(() -> plan(LLAMA_70B, 32768, small, PlanOptions.defaults().withMmapStreaming(true)))
                    .isInstanceOf(PlanException.class)
                    .hasMessageContaining("Streaming the weights from disk does not help: the KV cache and compute buffers"
                            + " left on the CPU need")
                    .hasMessageNotContaining("allowing memory-mapped streaming");
        }
    }

    @Nested
    class OneSixGigabyteGpu {
        @Test
        void sevenBillionModelAtEightKGoesWhollyOntoTheGpu() throws Exception {
            OffloadPlan p = plan(QWEN_7B, 8192, List.of(HOST_16, RTX_3060));

            assertThat(p.gpuLayers()).isEqualTo(29);
            assertThat(p.outputOffloaded()).isTrue();
            assertThat(p.splitMode()).isEqualTo(SplitMode.NONE);
            assertThat(p.cpu().layers()).isZero();
            assertThat(p.cpu().embeddings()).isTrue();
            assertThat(p.explain()).startsWith(
                    "All 28 layers and the output layer on CUDA0 (NVIDIA GeForce RTX 3060 Laptop GPU), KV cache f16,"
                            + " 8k context: 5.4 GB of 5.8 GB free VRAM",
                    "  CUDA0 (NVIDIA GeForce RTX 3060 Laptop GPU): layers 0-27 (28) and the output layer; 5.4 GB of 5.8 GB"
                            + " free (weights 4.0 GB, KV cache 0.5 GB, compute 0.9 GB)",
                    "  CPU (host RAM): token embeddings; 0.4 GB of 12.0 GB free (weights 0.3 GB, KV cache 0.0 GB, compute 0.1 GB)");
            assertThat(p.llamaArguments()).containsSequence("--n-gpu-layers", "29").containsSequence("--split-mode", "none");
            assertThat(p.warnings()).isEmpty();
        }

        @Test
        void sevenBillionModelAtThirtyTwoKLeavesLayersOnTheCpuAndSaysWhatWouldFitThemAll() throws Exception {
            OffloadPlan p = plan(QWEN_7B, 32768, List.of(HOST_16, RTX_3060));

            assertThat(p.gpuLayers()).isEqualTo(17);
            assertThat(p.outputOffloaded()).isFalse();
            assertThat(p.cpu().layers()).isEqualTo(11);
            DeviceAssignment gpu = p.offloadAssignments().get(0);
            assertThat(gpu.firstLayer()).isEqualTo(11);
            assertThat(gpu.lastLayer()).isEqualTo(27);
            assertThat(gpu.fits()).isTrue();
            assertThat(p.explain().get(0)).isEqualTo("17 of 28 layers on CUDA0 (NVIDIA GeForce RTX 3060 Laptop GPU),"
                    + " KV cache f16, 32k context: 5.4 GB of 5.8 GB free VRAM");
            assertThat(p.warnings()).singleElement().asString()
                    .startsWith("11 of 28 layers stay on the CPU: expect ~")
                    .endsWith("with all on the GPU); an 8k context would fit them all");
        }

        @Test
        void forcedGpuLayersAreHonouredAndTheWarningSaysItWasAsked() throws Exception {
            OffloadPlan p = plan(QWEN_7B, 8192, List.of(HOST_16, RTX_3060), PlanOptions.defaults().withGpuLayers(20));

            assertThat(p.gpuLayers()).isEqualTo(20);
            assertThat(p.cpu().layers()).isEqualTo(8);
            assertThat(p.offloadAssignments().get(0).firstLayer()).isEqualTo(8);
            assertThat(p.warnings()).singleElement().asString()
                    .startsWith("8 of 28 layers stay on the CPU, as --n-gpu-layers 20 asks: expect ~");
            assertThat(p.toSettings(LlamaSettings.forMachine(QWEN_7B, new Hardware(8, 16 * GB, 12 * GB))).gpuLayers())
                    .isEqualTo(20);
        }

        @Test
        void forcedGpuLayersThatDoNotFitAreRefusedWithTheMostThatDo() {
            assertThatThrownBy(() -> plan(QWEN_7B, 32768, List.of(HOST_16, RTX_3060), PlanOptions.defaults().withGpuLayers(29)))
                    .isInstanceOf(PlanException.class)
                    .hasMessageContaining("--n-gpu-layers 29 put 8.2 GB on CUDA0, which has 5.5 GB usable"
                            + " (5.8 GB free less 0.3 GB headroom); at most 17 GPU layers fit")
                    .hasMessageContaining("Options: --n-gpu-layers 17 or leave the choice to the planner");
        }

        @Test
        void forcedGpuLayersAboveTheModelMeanAllAsInLlamaCpp() throws Exception {
            OffloadPlan p = plan(QWEN_7B, 8192, List.of(HOST_16, RTX_3060), PlanOptions.defaults().withGpuLayers(999));

            assertThat(p.gpuLayers()).isEqualTo(29);
            assertThat(p.notes()).anySatisfy(n -> assertThat(n).startsWith("--n-gpu-layers 999 is more than the model's 28"));
        }

        @Test
        void forcedZeroKeepsEverythingOnTheCpuAndSaysTheGpuIsUnused() throws Exception {
            OffloadPlan p = plan(QWEN_7B, 8192, List.of(HOST_16, RTX_3060), PlanOptions.defaults().withGpuLayers(0));

            assertThat(p.gpuLayers()).isZero();
            assertThat(p.offloadAssignments()).allSatisfy(a -> assertThat(a.used()).isFalse());
            assertThat(p.notes()).containsExactly("--n-gpu-layers 0: everything runs on the CPU, as asked; CUDA0 unused.");
        }

        @Test
        void forcedGpuLayersWithoutAnyGpuAreRefused() {
            assertThatThrownBy(() -> plan(QWEN_7B, 8192, List.of(LAPTOP), PlanOptions.defaults().withGpuLayers(10)))
                    .isInstanceOf(PlanException.class)
                    .hasMessageContaining("no GPU or RPC device was given");
        }
    }

    @Nested
    class TwoGpus {
        @Test
        void layersAreSharedInProportionToEachGpusMemory() throws Exception {
            OffloadPlan p = plan(QWEN_7B, 8192, List.of(HOST_16, RTX_4060, GTX_1650));

            assertThat(p.splitMode()).isEqualTo(SplitMode.LAYER);
            assertThat(p.gpuLayers()).isEqualTo(29);
            assertThat(p.tensorSplitArg()).isEqualTo("20,9");
            assertThat(p.tensorSplit()).containsExactly(20 / 29.0, 9 / 29.0);
            assertThat(p.tensorSplit().get(0) / p.tensorSplit().get(1)).isBetween(1.8, 2.6);
            DeviceAssignment big = p.offloadAssignments().get(0);
            DeviceAssignment small = p.offloadAssignments().get(1);
            assertThat(small.output()).as("the output layer follows the last block").isTrue();
            assertThat(big.output()).isFalse();
            assertThat(p.explain()).contains(
                    "All 28 layers and the output layer on 2 devices, split by layer 20,9, KV cache f16, 8k context:"
                            + " 6.0 GB of 12.0 GB free VRAM",
                    "  CUDA0 (RTX 4060): layers 0-19 (20); 3.6 GB of 8.0 GB free (weights 2.6 GB, KV cache 0.3 GB,"
                            + " compute 0.6 GB)",
                    "  CUDA1 (GTX 1650): layers 20-27 (8) and the output layer; 2.4 GB of 4.0 GB free (weights 1.4 GB,"
                            + " KV cache 0.1 GB, compute 0.9 GB)");
            assertThat(p.llamaArguments()).containsSequence("--split-mode", "layer", "--tensor-split", "20,9");
        }

        @Test
        void rowSplitOnTwoCudaGpusSplitsEveryMatrixAndKeepsTheCacheOnTheMainGpu() throws Exception {
            OffloadPlan p = plan(QWEN_7B, 8192, List.of(HOST_16, GTX_1650, RTX_4060), PlanOptions.defaults().withRowSplit(true));

            assertThat(p.splitMode()).isEqualTo(SplitMode.ROW);
            assertThat(p.mainGpu()).as("the GPU with the most memory").isEqualTo(1);
            assertThat(p.gpuLayers()).isEqualTo(29);
            DeviceAssignment main = p.offloadAssignments().get(1);
            assertThat(main.kvBytes()).isEqualTo(QWEN_7B.kvCacheBytes(8192, GgmlType.F16, GgmlType.F16));
            assertThat(main.output()).isTrue();
            assertThat(p.offloadAssignments().get(0).kvBytes()).isZero();
            assertThat(p.tensorSplit().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-9));
            assertThat(p.notes()).anySatisfy(n -> assertThat(n).startsWith("Row split (tensor parallel) across CUDA1 and CUDA0:"
                    + " every weight matrix is split " + p.tensorSplitArg().replace(',', '/')));
            assertThat(p.llamaArguments()).containsSequence("--split-mode", "row").containsSequence("--main-gpu", "1");
        }

        @Test
        void rowSplitAcrossDifferentBackendsFallsBackToLayersAndSaysWhy() throws Exception {
            Device arc = Device.gpu("Vulkan0", "Intel Arc A370M", 4 * GB, 4 * GB);
            OffloadPlan p = plan(QWEN_7B, 8192, List.of(HOST_16, RTX_4060, arc), PlanOptions.defaults().withRowSplit(true));

            assertThat(p.splitMode()).isEqualTo(SplitMode.LAYER);
            assertThat(p.notes()).contains("Row split (tensor parallel) was asked for, but CUDA0 and Vulkan0 use different"
                    + " backends (CUDA, Vulkan) and llama.cpp splits rows only across GPUs of one backend: using layer split,"
                    + " each device holding whole layers.");
            assertThat(p.describe()).contains("Vulkan0 (Intel Arc A370M): layers 20-27 (8) and the output layer");
        }

        @Test
        void rowSplitWithAnRpcWorkerOrOnVulkanFallsBackToLayersAndSaysWhy() throws Exception {
            PlanOptions row = PlanOptions.defaults().withRowSplit(true);
            OffloadPlan withRpc = plan(QWEN_7B, 8192, List.of(HOST_16, RTX_4060, Device.rpc("10.0.0.2:50052", 4 * GB, 4 * GB)), row);
            assertThat(withRpc.splitMode()).isEqualTo(SplitMode.LAYER);
            assertThat(withRpc.notes()).anySatisfy(n -> assertThat(n)
                    .startsWith("Row split (tensor parallel) was asked for, but RPC[10.0.0.2:50052] is an RPC worker"));

            OffloadPlan vulkan = plan(QWEN_7B, 8192, List.of(HOST_16, Device.gpu("Vulkan0", "A", 8 * GB, 8 * GB),
                    Device.gpu("Vulkan1", "B", 8 * GB, 8 * GB)), row);
            assertThat(vulkan.splitMode()).isEqualTo(SplitMode.LAYER);
            assertThat(vulkan.notes()).anySatisfy(n -> assertThat(n)
                    .contains("llama.cpp's Vulkan backend cannot split rows (only CUDA and SYCL can)"));

            OffloadPlan one = plan(QWEN_7B, 8192, List.of(HOST_16, RTX_3060), row);
            assertThat(one.notes()).anySatisfy(n -> assertThat(n).contains("there is only one GPU (CUDA0)"));
        }

        @Test
        void rowSplitThatCannotHoldEveryLayerFallsBackWithTheNumbers() throws Exception {
            OffloadPlan p = plan(QWEN_7B, 32768, List.of(HOST_16, RTX_3060, Device.gpu("CUDA1", "MX550", 2 * GB, 2 * GB)),
                    PlanOptions.defaults().withRowSplit(true));

            assertThat(p.splitMode()).isNotEqualTo(SplitMode.ROW);
            assertThat(p.notes()).contains("Row split (tensor parallel) was asked for, but split by rows the model needs"
                    + " 8.3 GB on the GPUs (the whole KV cache and the output layer on the main GPU CUDA0) and they have"
                    + " 7.4 GB usable: using layer split, which can leave layers on the CPU.");
        }

        @Test
        void aGpuTooSmallForOneLayerIsLeftOutWithTheReason() throws Exception {
            Device tiny = Device.gpu("CUDA1", "GT 710", 500_000_000L, 1 * GB);
            OffloadPlan p = plan(QWEN_7B, 8192, List.of(HOST_16, RTX_4060, tiny));

            assertThat(p.splitMode()).isEqualTo(SplitMode.NONE);
            assertThat(p.mainGpu()).isZero();
            assertThat(p.offloadAssignments().get(1).used()).isFalse();
            assertThat(p.tensorSplitArg()).isEqualTo("29,0");
            assertThat(p.notes()).anySatisfy(n -> assertThat(n).startsWith("CUDA1 (GT 710) is left out: 0.5 GB usable"
                    + " (0.5 GB free less 0.1 GB headroom) is less than one layer with its compute buffer"));
        }
    }

    @Nested
    class FourRpcWorkers {
        @Test
        void sevenBillionModelIsSpreadOverTheWorkers() throws Exception {
            OffloadPlan p = plan(QWEN_7B, 8192, TPI_LLM);

            assertThat(p.gpuLayers()).isEqualTo(29);
            assertThat(p.splitMode()).isEqualTo(SplitMode.LAYER);
            assertThat(p.tensorSplitArg()).isEqualTo("8,7,7,7");
            assertThat(p.offloadAssignments()).hasSize(4).allSatisfy(a -> {
                assertThat(a.used()).isTrue();
                assertThat(a.fits()).isTrue();
            });
            assertThat(p.offloadAssignments().get(3).output()).isTrue();
            assertThat(p.describe()).contains("All 28 layers and the output layer on 4 devices, split by layer 8,7,7,7")
                    .contains("  RPC[192.168.1.11:50052] (RPC worker 192.168.1.11:50052): layers 0-7 (8); 1.8 GB of 3.0 GB free")
                    .contains("  RPC[192.168.1.14:50052] (RPC worker 192.168.1.14:50052): layers 22-27 (6) and the output layer");
            assertThat(p.llamaArguments()).containsSequence("--rpc",
                    "192.168.1.11:50052,192.168.1.12:50052,192.168.1.13:50052,192.168.1.14:50052");
        }

        @Test
        void seventyBillionModelIsRefusedWithWhatEachDeviceHas() {
            assertThatThrownBy(() -> plan(LLAMA_70B, 8192, TPI_LLM))
                    .isInstanceOf(PlanException.class)
                    .hasMessageContaining("it needs 49.0 GB (weights 39.7 GB, KV cache 2.7 GB, compute buffers 6.6 GB)"
                            + " and the devices have 19.0 GB usable: RPC[192.168.1.11:50052] 3.0 GB free (2.9 GB usable),")
                    .hasMessageContaining("RPC[192.168.1.14:50052] 3.0 GB free (2.9 GB usable), CPU 8.0 GB free (7.6 GB usable)")
                    .hasMessageContaining("the CPU's part needs 37.7 GB of RAM, 30.1 GB more than the 7.6 GB usable")
                    .satisfies(e -> {
                        PlanException pe = (PlanException) e;
                        assertThat(pe.neededBytes()).isGreaterThan(40 * GB);
                        assertThat(pe.availableBytes()).isLessThan(12 * GB + 8 * GB);
                    });
        }

        @Test
        void workersComeBeforeTheLocalGpuSoTheOutputStaysLocal() throws Exception {
            OffloadPlan p = plan(QWEN_7B, 8192, List.of(HOST_16, RTX_3060, Device.rpc("10.0.0.2:50052", 3 * GB, 3 * GB)));

            assertThat(p.offloadAssignments()).extracting(a -> a.device().id())
                    .containsExactly("RPC[10.0.0.2:50052]", "CUDA0");
            assertThat(p.offloadAssignments().get(1).output()).isTrue();
            assertThat(p.notes()).anySatisfy(n -> assertThat(n).startsWith("RPC workers come first in llama.cpp's device order"));
        }
    }

    @Test
    void quantizedCacheTheHeadsCannotHoldIsRefusedAndNeverChosen() throws Exception {
        GgufFile tiny = SyntheticModels.header(ModelShape.TINY, GgmlType.Q8_0); // 16-wide heads
        assertThatThrownBy(() -> MemoryPlanner.plan(new PlanRequest(tiny, 4096, KvCacheType.Q8_0, List.of(LAPTOP), null)))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("multiple of 32").hasMessageContaining("use an f16 KV cache");

        OffloadPlan p = MemoryPlanner.plan(new PlanRequest(tiny, 4096, KvCacheType.F16, List.of(Device.cpu(150_000_000L, GB)),
                PlanOptions.defaults().withAutoKvCache(true).withHeadroom(0)));
        assertThat(p.kvCache()).isEqualTo(KvCacheType.F16);
    }

    @Test
    void toSettingsCarriesLayersContextAndCacheAndArgumentsCarryTheRest() throws Exception {
        OffloadPlan p = plan(QWEN_7B, 8192, List.of(HOST_16, RTX_4060, GTX_1650));
        LlamaSettings s = p.toSettings(LlamaSettings.forMachine(QWEN_7B, new Hardware(8, 16 * GB, 12 * GB)).withContextSize(4096));

        assertThat(s.gpuLayers()).isEqualTo(29);
        assertThat(s.contextSize()).isEqualTo(8192);
        assertThat(s.kvCache()).isEqualTo(KvCacheType.F16);
        assertThat(s.allowOversize()).isFalse();
        assertThat(p.llamaArguments()).containsExactly("--ctx-size", "8192", "--cache-type-k", "f16", "--cache-type-v", "f16",
                "--n-gpu-layers", "29", "--split-mode", "layer", "--tensor-split", "20,9");
        assertThat(p.explain()).contains("llama.cpp: " + String.join(" ", p.llamaArguments()));
        assertThat(s.splitMode()).isEqualTo("layer");
        assertThat(s.tensorSplit()).isEqualTo("20,9");
        assertThat(s.mainGpu()).isZero();
    }

    @Test
    void toSettingsCarriesARowSplitWithItsMainGpuAndACpuPlanResetsTheSplit() throws Exception {
        OffloadPlan row = plan(QWEN_7B, 8192, List.of(HOST_16, GTX_1650, RTX_4060), PlanOptions.defaults().withRowSplit(true));
        LlamaSettings base = LlamaSettings.forMachine(QWEN_7B, new Hardware(8, 16 * GB, 12 * GB)).withSplit("row", "1,1", 1);
        LlamaSettings s = row.toSettings(base);
        assertThat(s.splitMode()).isEqualTo("row");
        assertThat(s.tensorSplit()).isEqualTo(row.tensorSplitArg());
        assertThat(s.mainGpu()).isEqualTo(1);

        OffloadPlan cpu = plan(QWEN_7B, 8192, List.of(HOST_16));
        LlamaSettings c = cpu.toSettings(base);
        assertThat(c.gpuLayers()).isZero();
        assertThat(c.splitMode()).isEqualTo("layer");
        assertThat(c.tensorSplit()).isEmpty();
    }

    /** Whatever the devices, a plan places each block once, consecutively, and every device fits. */
    @Test
    void randomDeviceSetsAlwaysGiveConsistentPlansOrRefusals() {
        Random rnd = new Random(42);
        List<GgufFile> models = List.of(QWEN_1_5B, QWEN_7B, LLAMA_70B);
        int plans = 0;
        for (int round = 0; round < 300; round++) {
            GgufFile m = models.get(rnd.nextInt(models.size()));
            List<Device> ds = new ArrayList<>();
            long ramTotal = (4 + rnd.nextInt(61)) * GB;
            ds.add(Device.cpu((long) (ramTotal * (0.3 + 0.7 * rnd.nextDouble())), ramTotal));
            int gpus = rnd.nextInt(4);
            for (int g = 0; g < gpus; g++) {
                long total = (1 + rnd.nextInt(24)) * GB;
                ds.add(rnd.nextInt(4) == 0 ? Device.rpc("10.0.0." + g + ":50052", total, total)
                        : Device.gpu("CUDA" + g, "gpu " + g, (long) (total * (0.5 + 0.5 * rnd.nextDouble())), total));
            }
            PlanOptions o = new PlanOptions(rnd.nextBoolean(), rnd.nextBoolean(), rnd.nextBoolean(), 0.05, 512,
                    rnd.nextBoolean(), java.util.OptionalInt.empty());
            int ctx = 2048 << rnd.nextInt(5);
            try {
                OffloadPlan p = MemoryPlanner.plan(new PlanRequest(m, ctx, KvCacheType.F16, ds, o));
                plans++;
                checkConsistent(m, p);
            } catch (PlanException e) {
                assertThat(e.getMessage()).contains("GB").contains("usable");
                assertThat(e.neededBytes()).isGreaterThan(0);
            }
        }
        assertThat(plans).as("most random device sets can run something").isGreaterThan(100);
    }

    private static void checkConsistent(GgufFile m, OffloadPlan p) {
        int blocks = m.blockCount();
        assertThat(p.explain()).isNotEmpty();
        assertThat(p.assignments()).filteredOn(a -> a.device().kind() != Device.Kind.CPU).allSatisfy(a ->
                assertThat(a.fits()).as("%s in %s", a.device().id(), p.describe()).isTrue());
        assertThat(p.cpu().fits() || p.mmapStreaming()).as(p.describe()).isTrue();
        assertThat(p.assignments()).filteredOn(DeviceAssignment::output).hasSize(1);
        if (p.splitMode() == SplitMode.ROW) {
            assertThat(p.gpuLayers()).isEqualTo(blocks + 1);
            return;
        }
        int next = 0;
        List<DeviceAssignment> order = new ArrayList<>();
        order.add(p.cpu());
        order.addAll(p.offloadAssignments());
        for (DeviceAssignment a : order) {
            if (a.layers() > 0) {
                assertThat(a.firstLayer()).as(p.describe()).isEqualTo(next);
                next += a.layers();
            }
        }
        assertThat(next).isEqualTo(blocks);
        assertThat(p.cpu().layers()).isEqualTo(blocks - p.offloadedLayers());
        assertThat(p.outputOffloaded()).isEqualTo(!p.cpu().output());
    }
}
