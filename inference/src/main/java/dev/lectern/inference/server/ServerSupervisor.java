package dev.lectern.inference.server;

import dev.lectern.inference.GenerationException;
import dev.lectern.inference.gguf.GgufFile;
import dev.lectern.inference.hardware.Hardware;
import dev.lectern.inference.llama.KvCacheType;
import dev.lectern.inference.llama.LlamaSettings;
import dev.lectern.inference.plan.Device;
import dev.lectern.inference.plan.MemoryPlanner;
import dev.lectern.inference.plan.OffloadPlan;
import dev.lectern.inference.plan.PlanException;
import dev.lectern.inference.plan.PlanOptions;
import dev.lectern.inference.plan.PlanRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Starts llama.cpp's {@code llama-server} from a configured binary, with the options the memory
 * planner chose ({@code --n-gpu-layers}, {@code --split-mode}, {@code --tensor-split}, {@code --rpc}
 * workers, {@code --model-draft}), waits until {@code /health} says it is ready, restarts it when it
 * exits (up to a limit, each time with a notice saying how it ended), and stops it on close.
 */
public final class ServerSupervisor implements ServerGenerator.Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(ServerSupervisor.class);
    private static final int LOG_LINES_KEPT = 40;

    /**
     * How to start llama-server.
     *
     * @param planArguments llama.cpp options from the planner ({@link #planArguments}): context, KV cache,
     *                      GPU layers, split, RPC workers
     * @param rpcWorkers    the RPC workers as host:port, checked before start and named when one drops
     */
    public record Launch(Path binary, Path model, String host, int port, int threads, boolean mmap,
                         List<String> planArguments, List<String> rpcWorkers, String draftModel, int draftMax) {
        public Launch {
            planArguments = List.copyOf(planArguments);
            rpcWorkers = List.copyOf(rpcWorkers);
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 (any free port) to 65535, got " + port);
            }
        }

        /** The full command line, with {@code port} as the port to listen on. */
        public List<String> command(int actualPort) {
            List<String> c = new ArrayList<>(List.of(binary.toString(), "--model", model.toString(), "--host", host,
                    "--port", Integer.toString(actualPort), "--threads", Integer.toString(threads), "--parallel", "1",
                    "--jinja"));
            c.addAll(planArguments);
            if (!mmap) {
                c.add("--no-mmap");
            }
            if (draftModel != null) {
                c.addAll(List.of("--model-draft", draftModel));
                if (draftMax > 0) {
                    c.addAll(List.of("--draft-max", Integer.toString(draftMax)));
                }
            }
            return c;
        }
    }

    /** An RPC worker as given on the command line: {@code host:port}, optionally {@code =MB} of memory it lends. */
    public record RpcWorker(String hostAndPort, long memoryBytes) {
        public static RpcWorker parse(String spec) {
            String s = spec.strip();
            long mem = 0;
            int eq = s.indexOf('=');
            if (eq >= 0) {
                try {
                    mem = Long.parseLong(s.substring(eq + 1).strip()) * 1024 * 1024;
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + spec + "': the memory after = is in MB, e.g. 192.168.1.5:50052=6000");
                }
                s = s.substring(0, eq).strip();
            }
            int colon = s.lastIndexOf(':');
            if (colon <= 0 || colon == s.length() - 1) {
                throw new IllegalArgumentException("an RPC worker is host:port (e.g. 192.168.1.5:50052), got '" + spec + "'");
            }
            try {
                int port = Integer.parseInt(s.substring(colon + 1));
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + spec + "' has no valid port after the colon (1 to 65535)");
            }
            return new RpcWorker(s, mem);
        }

        String host() {
            return hostAndPort.substring(0, hostAndPort.lastIndexOf(':'));
        }

        int port() {
            return Integer.parseInt(hostAndPort.substring(hostAndPort.lastIndexOf(':') + 1));
        }
    }

    /**
     * llama.cpp options for {@code model} over the host and {@code workers}: where every worker says how
     * much memory it lends, the {@link MemoryPlanner}'s plan (layers and tensor split per worker); otherwise
     * all layers offloaded and llama.cpp splits them by the memory each worker reports to it.
     */
    public static List<String> planArguments(GgufFile model, Hardware hw, LlamaSettings s, List<RpcWorker> workers,
                                             OptionalInt gpuLayers, Consumer<String> notes) throws PlanException {
        List<String> args;
        boolean sized = !workers.isEmpty() && workers.stream().allMatch(w -> w.memoryBytes() > 0);
        if (sized) {
            List<Device> devices = new ArrayList<>();
            devices.add(Device.cpu(hw));
            workers.forEach(w -> devices.add(Device.rpc(w.hostAndPort(), w.memoryBytes(), w.memoryBytes())));
            PlanOptions o = PlanOptions.defaults().withAutoKvCache(true).withMmapStreaming(s.allowOversize())
                    .withUbatchSize(s.ubatchSize()).withFlashAttention(s.flashAttention());
            if (gpuLayers.isPresent()) {
                o = o.withGpuLayers(gpuLayers.getAsInt());
            }
            OffloadPlan p = MemoryPlanner.plan(new PlanRequest(model, s.contextSize(), s.kvCache(), devices, o));
            p.changes().forEach(notes);
            p.warnings().forEach(notes);
            LOG.info("llama-server plan:\n{}", p.describe());
            args = new ArrayList<>(p.llamaArguments());
            if (!args.contains("--rpc")) {
                args.addAll(List.of("--rpc", String.join(",", workers.stream().map(RpcWorker::hostAndPort).toList())));
            }
        } else {
            args = new ArrayList<>(List.of("--ctx-size", Integer.toString(s.contextSize()),
                    "--cache-type-k", s.kvCache().llamaName(), "--cache-type-v", s.kvCache().llamaName(),
                    "--n-gpu-layers", Integer.toString(gpuLayers.orElse(workers.isEmpty() ? s.gpuLayers() : 999))));
            if (!s.tensorSplit().isEmpty()) {
                args.addAll(List.of("--split-mode", s.splitMode(), "--tensor-split", s.tensorSplit()));
            }
            if (!workers.isEmpty()) {
                args.addAll(List.of("--rpc", String.join(",", workers.stream().map(RpcWorker::hostAndPort).toList())));
                notes.accept("the RPC workers' memory was not given (host:port=MB), so llama.cpp splits the layers by the"
                        + " memory each worker reports");
            }
        }
        int i = args.indexOf("--cache-type-v");
        if (s.flashAttention() || (i >= 0 && !args.get(i + 1).equals(KvCacheType.F16.llamaName()))) {
            args.add("--flash-attn"); // llama.cpp quantizes the V cache only with flash attention
        }
        return args;
    }

    /** The workers among {@code workers} that do not accept a TCP connection within {@code timeout}. */
    public static List<String> unreachable(List<RpcWorker> workers, Duration timeout) {
        List<String> down = new ArrayList<>();
        for (RpcWorker w : workers) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(w.host(), w.port()), (int) timeout.toMillis());
            } catch (IOException e) {
                down.add(w.hostAndPort());
            }
        }
        return down;
    }

    private final Launch launch;
    private final Duration startTimeout;
    private final int maxRestarts;
    private final Consumer<String> notices;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Deque<String> log = new ArrayDeque<>();
    private Process process;
    private URI url;
    private int restarts;
    private int port;
    private boolean closed;

    private ServerSupervisor(Launch launch, Duration startTimeout, int maxRestarts, Consumer<String> notices) {
        this.launch = launch;
        this.startTimeout = startTimeout;
        this.maxRestarts = maxRestarts;
        this.notices = notices;
    }

    /** Starts llama-server and waits until it is ready. */
    public static ServerSupervisor start(Launch launch, Duration startTimeout, int maxRestarts, Consumer<String> notices)
            throws GenerationException {
        if (!Files.isExecutable(launch.binary())) {
            throw new GenerationException("the llama-server binary " + launch.binary() + " is not an executable file:"
                    + " build llama.cpp with -DGGML_RPC=ON and point lectern.llama.server at build/bin/llama-server");
        }
        ServerSupervisor s = new ServerSupervisor(launch, startTimeout, maxRestarts, notices);
        s.launch();
        return s;
    }

    /** A {@link ServerGenerator} that talks to this server and owns it: closing it stops the server. */
    public ServerGenerator generator() throws GenerationException {
        return ServerGenerator.connect(url, Duration.ofSeconds(5), notices, this);
    }

    public synchronized URI url() {
        return url;
    }

    public synchronized int restarts() {
        return restarts;
    }

    public synchronized long pid() {
        return process != null && process.isAlive() ? process.pid() : -1;
    }

    private synchronized void launch() throws GenerationException {
        List<RpcWorker> workers = launch.rpcWorkers().stream().map(RpcWorker::parse).toList();
        List<String> down = unreachable(workers, Duration.ofSeconds(2));
        if (!down.isEmpty()) {
            throw new GenerationException("RPC worker" + (down.size() == 1 ? " " : "s ") + String.join(", ", down)
                    + (down.size() == 1 ? " does" : " do") + " not answer: start `lectern worker` (llama.cpp's rpc-server)"
                    + " there, or leave " + (down.size() == 1 ? "it" : "them") + " out of --rpc");
        }
        if (port == 0) {
            port = launch.port() == 0 ? freePort() : launch.port(); // a restart keeps the address clients know
        }
        List<String> cmd = launch.command(port);
        LOG.info("starting llama-server: {}", String.join(" ", cmd));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putIfAbsent("CUDA_DEVICE_ORDER", "PCI_BUS_ID");
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new GenerationException("could not start llama-server (" + launch.binary() + "): " + e.getMessage());
        }
        Process p = process;
        Thread reader = new Thread(() -> readLog(p), "llama-server-log-" + p.pid());
        reader.setDaemon(true);
        reader.start();
        url = URI.create("http://" + (launch.host().contains(":") ? "[" + launch.host() + "]" : launch.host()) + ":" + port);
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (true) {
            if (!p.isAlive()) {
                joinQuietly(reader); // its last words may still be in the pipe
                throw new GenerationException("llama-server exited with code " + p.exitValue() + " while starting"
                        + lastWords());
            }
            if (ServerGenerator.health(http, url).isEmpty()) {
                LOG.info("llama-server ready at {} (pid {})", url, p.pid());
                return;
            }
            if (System.nanoTime() > deadline) {
                stopProcess();
                throw new GenerationException("llama-server did not become ready within " + startTimeout.toSeconds()
                        + " s" + lastWords());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopProcess();
                throw new GenerationException("interrupted while llama-server was starting");
            }
        }
    }

    @Override
    public synchronized void ensureRunning() throws GenerationException {
        if (closed) {
            throw new GenerationException("the llama-server that Lectern started has been stopped");
        }
        if (process != null && process.isAlive()) {
            return;
        }
        String how = diagnose();
        if (restarts >= maxRestarts) {
            throw new GenerationException(how + " Lectern restarted it " + restarts + " time" + (restarts == 1 ? "" : "s")
                    + " already and gives up.", true, null);
        }
        restarts++;
        notices.accept(how + " Restarting it (restart " + restarts + " of " + maxRestarts + ").");
        launch();
    }

    @Override
    public synchronized String diagnose() {
        List<String> parts = new ArrayList<>();
        if (process != null && !process.isAlive()) {
            int code = process.exitValue();
            parts.add("llama-server " + (code > 128 ? "was killed by signal " + (code - 128) : "exited with code " + code)
                    + lastWords());
        }
        List<String> down = unreachable(launch.rpcWorkers().stream().map(RpcWorker::parse).toList(), Duration.ofSeconds(1));
        if (!down.isEmpty()) {
            parts.add("RPC worker" + (down.size() == 1 ? " " : "s ") + String.join(", ", down) + " stopped answering"
                    + " (a worker that drops takes llama-server down with it)");
        }
        return String.join("; ", parts) + (parts.isEmpty() ? "" : ".");
    }

    private String lastWords() {
        synchronized (log) {
            String tail = log.stream().filter(l -> l.contains("error") || l.contains("failed") || l.contains("ERR")
                    || l.contains("Failed")).reduce((a, b) -> b).orElse(log.isEmpty() ? "" : log.peekLast());
            return tail.isEmpty() ? "" : " (last output: " + tail.strip() + ")";
        }
    }

    private void readLog(Process p) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                LOG.debug("llama-server: {}", line);
                synchronized (log) {
                    log.addLast(line);
                    if (log.size() > LOG_LINES_KEPT) {
                        log.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            LOG.debug("llama-server output closed: {}", e.toString());
        }
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws GenerationException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new GenerationException("no free local port for llama-server: " + e.getMessage());
        }
    }

    private void stopProcess() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The server's output lines kept for diagnosis (the last 40). */
    public List<String> recentOutput() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    /** What llama.cpp said at start about devices ("using device RPC[...]"), for doctor-style reports. */
    public Optional<String> deviceLine() {
        return recentOutput().stream().filter(l -> l.contains("using device")).findFirst();
    }

    @Override
    public synchronized void close() {
        closed = true;
        stopProcess();
    }
}
