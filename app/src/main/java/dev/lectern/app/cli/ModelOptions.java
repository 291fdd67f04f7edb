package dev.lectern.app.cli;

import dev.lectern.app.models.LocalModels;
import dev.lectern.inference.EdgeConfig;
import dev.lectern.inference.GenerationException;
import dev.lectern.inference.Generator;
import dev.lectern.inference.ModelLoader;
import dev.lectern.inference.gguf.GgufFile;
import dev.lectern.inference.gguf.ModelFileException;
import dev.lectern.inference.gguf.ModelValidator;
import dev.lectern.inference.hardware.DeviceProbe;
import dev.lectern.inference.hardware.Gpu;
import dev.lectern.inference.hardware.Hardware;
import dev.lectern.inference.llama.KvCacheType;
import dev.lectern.inference.llama.LlamaSettings;
import dev.lectern.inference.plan.PlanException;
import dev.lectern.inference.server.FallbackGenerator;
import dev.lectern.inference.server.ServerGenerator;
import dev.lectern.inference.server.ServerSupervisor;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;

/** The language-model options of the commands that generate (ask, chat, extract). */
final class ModelOptions {
    @Option(names = "--model", paramLabel = "FILE|NAME",
            description = "Language model: a .gguf file or the name of an installed model (default: the installed default;"
                    + " 'none' for evidence mode).")
    String model;

    @Option(names = "--ctx", paramLabel = "TOKENS", description = "Context size (default: chosen from the model and memory).")
    Integer ctx;

    @Option(names = "--threads", description = "Inference threads (default: all cores).")
    Integer threads;

    @Option(names = "--kv", paramLabel = "TYPE", description = "KV-cache type: f16, q8_0 or q4_0 (default: chosen from memory).")
    String kv;

    @Option(names = "--allow-mmap", description = "Load a model larger than free memory, memory-mapped (slow).")
    boolean allowMmap;

    @Option(names = "--server", paramLabel = "URL",
            description = "Answer with an external llama.cpp llama-server (OpenAI-compatible), e.g. http://192.168.1.5:8080;"
                    + " falls back to the in-process model when it is down (default: lectern.server.url / LECTERN_SERVER_URL).")
    String server;

    @Option(names = "--rpc", paramLabel = "HOST:PORT[=MB]", split = ",",
            description = "Start the configured llama-server (lectern.llama.server) with these llama.cpp RPC workers"
                    + " (`lectern worker` on each); =MB gives the memory a worker lends, for the planner.")
    List<String> rpc;

    @Option(names = "--gpu-layers", paramLabel = "N",
            description = "Layers to offload to the GPU(s), as llama.cpp's --n-gpu-layers (default: planned from free VRAM"
                    + " when a GPU build of llama.cpp is configured, else 0).")
    Integer gpuLayers;

    @Option(names = "--draft-model", paramLabel = "FILE",
            description = "A small model of the same family for speculative decoding (faster answers, same text).")
    Path draftModel;

    UnaryOperator<LlamaSettings> overrides() {
        return s -> {
            var x = s;
            if (ctx != null) {
                x = x.withContextSize(ctx);
            }
            if (threads != null) {
                x = x.withThreads(threads);
            }
            if (kv != null) {
                x = x.withKvCache(KvCacheType.parse(kv));
            }
            if (draftModel != null) {
                x = x.withDraft(draftModel.toAbsolutePath().toString(), 0, 0, -1);
            }
            return allowMmap ? x.withAllowOversize(true) : x;
        };
    }

    /**
     * The exit status when the model named with --model passes the file checks but llama.cpp cannot run it:
     * the {@link GenerationException} {@link #start} throws reaches {@link FailureHandler}.
     */
    static final int EXIT_MODEL_FAILED = FailureHandler.EXIT_FAILED;

    /**
     * The model to answer with: an external llama-server (--server), a llama-server Lectern starts with RPC
     * workers (--rpc), or the local model in a worker process; null for evidence mode (none installed, or
     * 'none' asked for). A server that is down falls back to the local model with a notice.
     *
     * @throws GenerationException when the model named with --model cannot be started: only the default
     *                             model, which the user did not ask for by name, falls back to evidence mode
     */
    Generator start(Path dataDir, PrintWriter err) throws ModelFileException, IOException, GenerationException {
        if ("none".equalsIgnoreCase(model)) {
            return null;
        }
        Consumer<String> notices = notice -> {
            err.println("lectern: " + notice);
            err.flush();
        };
        EdgeConfig config = EdgeConfig.fromEnvironment();
        String serverUrl = server != null ? server : config.serverUrl().map(URI::toString).orElse(null);
        List<String> workers = rpc != null ? rpc : config.rpcWorkers();
        Path file;
        String defaultProblem = null;
        if (model == null) {
            LocalModels.Choice choice = LocalModels.chooseDefault(dataDir);
            file = choice.file().orElse(null);
            defaultProblem = choice.problem().orElse(null);
            if (defaultProblem != null && file != null) {
                err.println("lectern: " + defaultProblem + "; answering with " + file.getFileName() + " instead");
            }
        } else {
            file = LocalModels.chooseNamed(dataDir, model);
        }
        FallbackGenerator.Opener local = () -> file == null ? null : startLocal(file, err, notices);
        if (serverUrl != null) {
            URI url;
            try {
                url = ServerGenerator.parseUrl(serverUrl);
            } catch (IllegalArgumentException e) {
                throw new ModelFileException(Path.of(serverUrl), ModelFileException.Reason.NOT_FOUND, e.getMessage());
            }
            err.println("lectern: answering with the llama.cpp server at " + url);
            err.flush();
            try {
                return new FallbackGenerator(ServerGenerator.connect(url, Duration.ofSeconds(60), notices), local, notices);
            } catch (GenerationException e) {
                notices.accept(e.getMessage() + (file == null ? "" : " Answering with the in-process model instead."));
                return file == null ? null : startLocalOrEvidence(file, err, notices);
            }
        }
        if (file == null) {
            err.println("lectern: " + (defaultProblem != null
                    ? defaultProblem + ": answering in evidence mode (quoting the documents); `lectern models list`"
                    + " shows each model file and whether it can be used"
                    : "no language model installed: answering in evidence mode (quoting the documents);"
                    + " `lectern models catalogue` shows the models that suit this machine"));
            return null;
        }
        if (!workers.isEmpty()) {
            try {
                return new FallbackGenerator(startServer(file, workers, config, notices), local, notices);
            } catch (GenerationException | PlanException | IllegalArgumentException e) {
                notices.accept("the llama.cpp server with RPC workers could not be started (" + e.getMessage()
                        + "): answering with the in-process model instead");
            }
        }
        return startLocalOrEvidence(file, err, notices);
    }

    private Generator startLocalOrEvidence(Path file, PrintWriter err, Consumer<String> notices)
            throws ModelFileException, GenerationException {
        try {
            return startLocal(file, err, notices);
        } catch (GenerationException e) {
            if (model != null) {
                // answering from quotes instead would hide that the model the user chose cannot run
                throw new GenerationException("cannot answer with " + file + ": " + e.getMessage() + ". The file passes"
                        + " Lectern's checks but llama.cpp refuses it (damaged, or made for another llama.cpp version);"
                        + " choose another model, or --model none for evidence mode", false, e);
            }
            err.println("lectern: the default model " + file.getFileName() + " could not be started (" + e.getMessage()
                    + "): answering in evidence mode");
            return null;
        }
    }

    private Generator startLocal(Path file, PrintWriter err, Consumer<String> notices)
            throws ModelFileException, GenerationException {
        err.println("lectern: loading " + file.getFileName());
        err.flush();
        EdgeConfig config = EdgeConfig.fromEnvironment();
        config.llamaLibraryProblem().ifPresent(notices);
        List<Gpu> gpus = List.of();
        if (config.hasGpuLibrary()) {
            DeviceProbe.Report r = DeviceProbe.probe();
            gpus = r.gpus();
            r.notes().forEach(n -> err.println("lectern: " + n));
        }
        ModelLoader.Offload offload = new ModelLoader.Offload(gpus,
                gpuLayers == null ? OptionalInt.empty() : OptionalInt.of(gpuLayers), false);
        return ModelLoader.load(file, Hardware.probe(), offload, overrides(), notices);
    }

    private ServerGenerator startServer(Path file, List<String> workerSpecs, EdgeConfig config, Consumer<String> notices)
            throws ModelFileException, GenerationException, PlanException {
        Path binary = config.llamaServer().orElseThrow(() -> new GenerationException("--rpc needs llama.cpp's"
                + " llama-server: build llama.cpp with -DGGML_RPC=ON and set " + EdgeConfig.LLAMA_SERVER + " (or "
                + EdgeConfig.envName(EdgeConfig.LLAMA_SERVER) + ") to build/bin/llama-server"));
        GgufFile g = ModelValidator.validateChatModel(file);
        Hardware hw = Hardware.probe();
        LlamaSettings s = overrides().apply(LlamaSettings.forMachine(g, hw));
        String draft = null;
        if (s.draftModel() != null) {
            GgufFile d = ModelValidator.validateChatModel(Path.of(s.draftModel()));
            var problem = ModelLoader.draftProblem(g, d);
            if (problem.isPresent()) {
                notices.accept("the draft model " + d.path().getFileName() + " cannot speed up " + file.getFileName()
                        + ": " + problem.get() + ". Answering without speculative decoding.");
            } else {
                draft = s.draftModel();
            }
        }
        List<ServerSupervisor.RpcWorker> workers = workerSpecs.stream().map(ServerSupervisor.RpcWorker::parse).toList();
        List<String> args = ServerSupervisor.planArguments(g, hw, s, workers,
                gpuLayers == null ? OptionalInt.empty() : OptionalInt.of(gpuLayers), notices);
        ServerSupervisor.Launch launch = new ServerSupervisor.Launch(binary, file.toAbsolutePath(), "127.0.0.1", 0,
                s.threads(), s.mmap(), args, workers.stream().map(ServerSupervisor.RpcWorker::hostAndPort).toList(),
                draft, 0);
        notices.accept("starting llama-server with RPC workers " + String.join(", ", launch.rpcWorkers()));
        return ServerSupervisor.start(launch, Duration.ofMinutes(5), 1, notices).generator();
    }
}
