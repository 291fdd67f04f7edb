package dev.lectern.app.cli;

import dev.lectern.app.Counts;
import dev.lectern.app.models.LocalModels;
import dev.lectern.inference.EdgeConfig;
import dev.lectern.inference.ModelLoader;
import dev.lectern.inference.gguf.GgufFile;
import dev.lectern.inference.gguf.GgufReader;
import dev.lectern.inference.hardware.DeviceProbe;
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
import dev.lectern.inference.server.ServerGenerator;
import dev.lectern.inference.server.ServerSupervisor;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"What this machine offers a model, and where the default model's layers would go.",
                "Cores, memory, GPUs with free VRAM, the llama.cpp natives in use, the configured llama-server and RPC workers."})
final class DoctorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    LecternCommand root;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Hardware hw = Hardware.probe();
        EdgeConfig config = EdgeConfig.fromEnvironment();
        out.println("CPU: " + Counts.of(hw.cores(), "core"));
        out.println("RAM: " + MemoryEstimate.gb(hw.totalRamBytes()) + " total, " + MemoryEstimate.gb(hw.availableRamBytes())
                + " available");
        DeviceProbe.Report probe = DeviceProbe.probe();
        if (probe.gpus().isEmpty()) {
            out.println("GPUs: none found by nvidia-smi");
        } else {
            out.println("GPUs:");
            probe.gpus().forEach(g -> out.println("  " + g.describe()));
        }
        probe.notes().forEach(n -> out.println("  note: " + n));
        out.println("llama.cpp natives: " + config.describeNatives());
        if (!probe.gpus().isEmpty() && !config.hasGpuLibrary()) {
            out.println("  the GPUs are not used: the bundled llama.cpp is a CPU build. Build java-llama.cpp with a GPU"
                    + " backend and set " + EdgeConfig.LLAMA_LIB + " (README, \"GPUs and several devices\").");
        }
        out.println("llama-server: " + binary(config.llamaServer(), EdgeConfig.LLAMA_SERVER));
        out.println("rpc-server: " + binary(config.rpcServer(), EdgeConfig.RPC_SERVER));
        if (config.serverUrl().isPresent()) {
            URI url = config.serverUrl().get();
            try (ServerGenerator g = ServerGenerator.connect(url, Duration.ofSeconds(2), n -> { })) {
                out.println("External server: " + g.describe() + ": ready");
            } catch (Exception e) {
                out.println("External server: " + url + ": " + e.getMessage());
            }
        } else {
            out.println("External server: none (" + EdgeConfig.SERVER_URL + " / --server URL)");
        }
        if (config.rpcWorkers().isEmpty()) {
            out.println("RPC workers: none (" + EdgeConfig.RPC_WORKERS + " / --rpc HOST:PORT,...)");
        } else {
            List<ServerSupervisor.RpcWorker> workers = new ArrayList<>();
            for (String w : config.rpcWorkers()) {
                try {
                    workers.add(ServerSupervisor.RpcWorker.parse(w));
                } catch (IllegalArgumentException e) {
                    out.println("RPC worker " + w + ": " + e.getMessage());
                }
            }
            List<String> down = ServerSupervisor.unreachable(workers, Duration.ofSeconds(2));
            for (ServerSupervisor.RpcWorker w : workers) {
                out.println("RPC worker " + w.hostAndPort() + ": " + (down.contains(w.hostAndPort()) ? "not answering"
                        : "answering") + (w.memoryBytes() > 0 ? ", lends " + MemoryEstimate.gb(w.memoryBytes()) : ""));
            }
        }
        LocalModels.Choice choice = LocalModels.chooseDefault(root.dataDirectory());
        Optional<Path> model = choice.file();
        if (model.isEmpty()) {
            // files that are there but unusable are no "none installed": the user would look for a missing download
            out.println("Default model: " + choice.problem().map(p -> "none usable: " + p
                    + " (`lectern models list` shows each file and why)").orElse("none installed (`lectern models catalogue`)"));
        } else {
            out.println("Default model: " + model.get().getFileName());
            choice.problem().ifPresent(p -> out.println("  note: " + p + "; " + model.get().getFileName() + " is used instead"));
            GgufFile g = GgufReader.read(model.get());
            LlamaSettings s = LlamaSettings.forMachine(g, hw);
            List<Gpu> gpus = config.hasGpuLibrary() ? probe.gpus() : List.of();
            try {
                OffloadPlan p = gpus.isEmpty()
                        ? MemoryPlanner.plan(new PlanRequest(g, s.contextSize(), s.kvCache(), List.of(Device.cpu(hw)),
                                PlanOptions.defaults().withAutoKvCache(true)))
                        : ModelLoader.offloadPlan(g, hw, new ModelLoader.Offload(gpus, OptionalInt.empty(), false), s)
                                .orElseThrow();
                p.explain().forEach(l -> out.println("  " + l));
            } catch (PlanException e) {
                out.println("  " + e.getMessage());
            } catch (dev.lectern.inference.gguf.ModelFileException e) {
                out.println("  " + e.getMessage());
            }
        }
        out.flush();
        return 0;
    }

    private static String binary(Optional<Path> p, String property) {
        if (p.isEmpty()) {
            return "not configured (" + property + " or " + EdgeConfig.envName(property) + ")";
        }
        return p.get() + (Files.isExecutable(p.get()) ? "" : " (missing or not executable)");
    }
}
