package dev.lectern.inference.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lectern.inference.ChatMessage;
import dev.lectern.inference.EdgeConfig;
import dev.lectern.inference.Generation;
import dev.lectern.inference.GenerationException;
import dev.lectern.inference.GenerationRequest;
import dev.lectern.inference.Generator;
import dev.lectern.inference.StopReason;
import dev.lectern.inference.TokenSink;
import dev.lectern.inference.gguf.GgufFile;
import dev.lectern.inference.llama.LlamaSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A {@link Generator} whose model lives in a worker process of Lectern's own ({@link WorkerMain},
 * started from the same class path). A native crash in llama.cpp kills only the worker: the
 * current call fails with {@link GenerationException#workerCrashed()} and a message saying what
 * happened, and the next call starts a fresh worker and reloads the model. Calls are serialised.
 */
public final class WorkerGenerator implements Generator {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerGenerator.class);
    private static final JsonNode EOF = Protocol.JSON.createObjectNode().put("ev", "eof");
    private static final int STDERR_LINES_KEPT = 40;

    private final GgufFile model;
    private final LlamaSettings settings;
    private final List<String> jvmOptions;
    private final Consumer<String> notices;
    private Worker worker;
    private long nextId = 1;
    private int restarts;

    private WorkerGenerator(GgufFile model, LlamaSettings settings, List<String> jvmOptions, Consumer<String> notices) {
        this.model = model;
        this.settings = settings;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.notices = notices;
    }

    /**
     * Starts a worker and loads {@code model} into it. {@code notices} hears what users should be
     * told about the worker (a crash and restart); it may be called from any thread.
     */
    public static WorkerGenerator start(GgufFile model, LlamaSettings settings, Consumer<String> notices)
            throws GenerationException {
        WorkerGenerator g = new WorkerGenerator(model, settings, defaultJvmOptions(), notices);
        synchronized (g) {
            g.ensureWorker();
        }
        return g;
    }

    private static List<String> defaultJvmOptions() {
        List<String> opts = new ArrayList<>(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.awt.headless=true"));
        for (String prop : List.of("de.kherud.llama.lib.path", "lectern.log.level", "java.io.tmpdir")) {
            String v = System.getProperty(prop);
            if (v != null) {
                opts.add("-D" + prop + "=" + v);
            }
        }
        // a GPU build of the natives, through de.kherud:llama's own mechanism for a custom library folder
        EdgeConfig config = EdgeConfig.fromEnvironment();
        if (System.getProperty("de.kherud.llama.lib.path") == null && config.hasGpuLibrary()) {
            opts.add("-Dde.kherud.llama.lib.path=" + config.llamaLibrary().orElseThrow().toAbsolutePath());
        }
        return opts;
    }

    @Override
    public synchronized Generation generate(GenerationRequest r, TokenSink sink, BooleanSupplier cancelled)
            throws GenerationException {
        Worker w = ensureWorker();
        long id = nextId++;
        ObjectNode req = request("generate", id).put("maxTokens", r.maxTokens()).put("temperature", r.temperature())
                .put("seed", r.seed()).put("cachePrompt", r.cachePrompt()).put("grammar", r.grammar())
                .put("jsonSchema", r.jsonSchema());
        req.set("messages", messages(r.messages()));
        w.send(req);
        long started = System.nanoTime();
        boolean cancelSent = false;
        long cancelledAt = 0;
        boolean answering = false;
        while (true) {
            if (!cancelSent && cancelled.getAsBoolean()) {
                w.send(request("cancel", id));
                cancelSent = true;
                cancelledAt = System.nanoTime();
            }
            if (cancelSent && !answering && System.nanoTime() - cancelledAt >= promptCancelGraceNanos) {
                // llama.cpp reads a prompt without looking at the cancel flag (a 2,000-token prompt
                // is 20 s on two cores): end the worker, so Stop stops now; the next question
                // starts a new one (the model loads again, memory-mapped, in a few seconds)
                LOG.info("cancelled while the model was reading its prompt: stopping the worker");
                w.process.destroyForcibly();
                worker = null;
                return new Generation("", 0, 0, -1, (System.nanoTime() - started) / 1_000_000, StopReason.CANCELLED);
            }
            JsonNode ev = w.poll(50);
            if (ev == null) {
                continue;
            }
            answering |= "token".equals(ev.path("ev").asText());
            if (ev.path("id").asLong() != id && !"eof".equals(ev.path("ev").asText())) {
                continue; // a late event of an earlier request
            }
            switch (ev.path("ev").asText()) {
                case "token" -> {
                    sink.accept(ev.path("text").asText());
                }
                case "done" -> {
                    return new Generation(ev.path("text").asText(), ev.path("promptTokens").asInt(),
                            ev.path("generatedTokens").asInt(), ev.path("firstTokenMillis").asLong(),
                            ev.path("totalMillis").asLong(), StopReason.valueOf(ev.path("stop").asText()));
                }
                case "error" -> throw new GenerationException("the model could not answer: " + ev.path("message").asText());
                case "eof" -> throw crashed(w, "while answering");
                default -> LOG.debug("worker event ignored: {}", ev);
            }
        }
    }

    /** How long a cancel may wait for the model to finish reading its prompt before the worker is ended. */
    private long promptCancelGraceNanos = TimeUnit.MILLISECONDS.toNanos(1500);

    /** For tests: how long a cancel waits for the prompt to be read. */
    synchronized void promptCancelGrace(java.time.Duration grace) {
        promptCancelGraceNanos = grace.toNanos();
    }

    @Override
    public synchronized int countTokens(String text) throws GenerationException {
        Worker w = ensureWorker();
        long id = nextId++;
        w.send(request("tokenize", id).put("text", text));
        return w.await(id, "count", "counting tokens").path("n").asInt();
    }

    /** The chat as the model will see it, rendered with the model's own template. */
    public synchronized String render(List<ChatMessage> messages) throws GenerationException {
        Worker w = ensureWorker();
        long id = nextId++;
        ObjectNode req = request("render", id);
        req.set("messages", messages(messages));
        w.send(req);
        return w.await(id, "rendered", "applying the chat template").path("text").asText();
    }

    @Override
    public int contextSize() {
        return settings.contextSize();
    }

    @Override
    public String describe() {
        return model.path().getFileName() + " (" + model.architecture() + ", " + model.parameterLabel() + ", "
                + model.quantization() + "; " + settings.describe() + ")";
    }

    /** The settings the model was loaded with. */
    public LlamaSettings settings() {
        return settings;
    }

    /**
     * What llama.cpp said on the worker's stderr while loading about where the model went: its build,
     * the backends compiled in ("system_info: ... | CPU : AVX2 = 1 | CUDA : ..."), "using device CUDA0
     * (...) - 7800 MiB free", "offloaded 29/29 layers to GPU", or "no usable GPU found". Empty before a load.
     */
    public synchronized List<String> loadReport() {
        if (worker == null) {
            return List.of();
        }
        worker.drainStderr();
        synchronized (worker.placement) {
            return List.copyOf(worker.placement);
        }
    }

    /** Whether a line of llama.cpp's load output says where the model went or why not. */
    static boolean reportsPlacement(String line) {
        return line.contains("using device") || line.contains("offloaded") || line.startsWith("system_info")
                || line.startsWith("build:") || line.contains("no usable GPU") || line.contains("out of memory")
                || line.contains("failed to") || line.contains("draft model") || line.contains("CUDA error")
                || line.contains("Vulkan") || line.contains("ggml_metal_init") || line.contains("Failed to load native")
                || line.startsWith("Extracted '");
    }

    /** How many times the worker was restarted after a crash. */
    public synchronized int restarts() {
        return restarts;
    }

    /** The worker's process id, or -1 when none is running (tests kill it to prove crash isolation). */
    public synchronized long workerPid() {
        return worker != null && worker.process.isAlive() ? worker.process.pid() : -1;
    }

    @Override
    public synchronized void close() {
        if (worker != null) {
            worker.stop();
            worker = null;
        }
    }

    private Worker ensureWorker() throws GenerationException {
        if (worker != null && worker.process.isAlive()) {
            return worker;
        }
        if (worker != null) {
            restarts++;
            LOG.info("restarting the model worker (restart {})", restarts);
        }
        Worker w = launch();
        long id = nextId++;
        ObjectNode req = request("load", id).put("model", model.path().toAbsolutePath().toString());
        req.set("settings", Protocol.JSON.valueToTree(settings));
        w.send(req);
        try {
            w.await(id, "loaded", "loading the model");
        } catch (GenerationException e) {
            w.stop();
            if (e.workerCrashed()) {
                throw e;
            }
            // de.kherud:llama only says "could not load model from given file path"; llama.cpp's own
            // reason (a tensor of the wrong shape, a bad hyperparameter) is on the worker's stderr
            String why = w.loadError().orElse(e.getMessage());
            throw new GenerationException("llama.cpp could not load " + model.path().getFileName() + ": " + why, false, e);
        }
        worker = w;
        return w;
    }

    private Worker launch() throws GenerationException {
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        Path java = Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java");
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(WorkerMain.class.getName());
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            // CUDA numbers GPUs fastest first, nvidia-smi by PCI bus: make llama.cpp's CUDA0 the probe's GPU 0
            pb.environment().putIfAbsent("CUDA_DEVICE_ORDER", "PCI_BUS_ID");
            Process p = pb.start();
            return new Worker(p);
        } catch (IOException e) {
            throw new GenerationException("could not start the model worker (" + java + "): " + e.getMessage(), false, e);
        }
    }

    private GenerationException crashed(Worker w, String when) {
        int code = w.exitCode();
        String tail = w.stderrTail();
        String how = code > 128 ? "was killed by signal " + (code - 128) + signalName(code - 128)
                : code >= 0 ? "exited with code " + code : "stopped responding";
        String msg = String.format(Locale.ROOT,
                "The model process %s %s. Your conversation and documents are safe; Lectern will restart the model"
                        + " for the next question.%s", how, when, tail.isEmpty() ? "" : " Last output: " + tail);
        LOG.warn(msg);
        notices.accept(msg);
        return new GenerationException(msg, true, null);
    }

    private static String signalName(int sig) {
        return switch (sig) {
            case 4 -> " (SIGILL: this CPU lacks an instruction the native library needs)";
            case 6 -> " (SIGABRT: llama.cpp aborted)";
            case 9 -> " (SIGKILL)";
            case 11 -> " (SIGSEGV: a native crash)";
            default -> "";
        };
    }

    private static ObjectNode request(String op, long id) {
        return Protocol.JSON.createObjectNode().put("op", op).put("id", id);
    }

    private static ArrayNode messages(List<ChatMessage> messages) {
        ArrayNode a = Protocol.JSON.createArrayNode();
        for (ChatMessage m : messages) {
            a.addObject().put("role", m.role().name()).put("content", m.content());
        }
        return a;
    }

    /** One running worker process with its reader threads. */
    private final class Worker {
        private final Process process;
        private final OutputStream stdin;
        private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        private final Deque<String> stderr = new ArrayDeque<>();
        private final List<String> placement = new ArrayList<>();
        private final Thread errReader;

        Worker(Process process) {
            this.process = process;
            this.stdin = process.getOutputStream();
            Thread out = new Thread(this::readEvents, "model-worker-out-" + process.pid());
            out.setDaemon(true);
            out.start();
            errReader = new Thread(this::readStderr, "model-worker-err-" + process.pid());
            errReader.setDaemon(true);
            errReader.start();
        }

        private void readEvents() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith(Protocol.PREFIX)) {
                        events.add(Protocol.JSON.readTree(line.substring(Protocol.PREFIX.length())));
                    } else {
                        LOG.debug("worker stdout: {}", line);
                    }
                }
            } catch (IOException e) {
                LOG.debug("worker stdout closed: {}", e.toString());
            }
            events.add(EOF);
        }

        private void readStderr() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    LOG.debug("worker: {}", line);
                    if (reportsPlacement(line)) {
                        synchronized (placement) {
                            if (placement.size() < 64) {
                                placement.add(line.strip());
                            }
                        }
                    }
                    synchronized (stderr) {
                        stderr.addLast(line);
                        if (stderr.size() > STDERR_LINES_KEPT) {
                            stderr.removeFirst();
                        }
                    }
                }
            } catch (IOException e) {
                LOG.debug("worker stderr closed: {}", e.toString());
            }
        }

        /** Gives the stderr reader a moment to catch up with what the worker has written so far. */
        void drainStderr() {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /**
         * llama.cpp's reason for refusing the model, from its "llama_model_load: error loading model: ..."
         * line, once the worker has stopped and its stderr has been read to the end.
         */
        Optional<String> loadError() {
            try {
                errReader.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String marker = "error loading model:";
            synchronized (stderr) {
                return stderr.stream().filter(l -> l.contains(marker)).reduce((a, b) -> b)
                        .map(l -> l.substring(l.indexOf(marker) + marker.length()).strip()).filter(r -> !r.isEmpty());
            }
        }

        String stderrTail() {
            try {
                errReader.join(1000); // a dead worker's last words may still be in the pipe
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (stderr) {
                return stderr.stream().filter(l -> l.contains("GGML_ASSERT")).findFirst()
                        .or(() -> stderr.stream().filter(l -> l.contains("failed") || l.contains("error")
                                || l.contains("Error") || l.contains("SIG") || l.contains("fatal")).reduce((a, b) -> b))
                        .orElse("").strip();
            }
        }

        void send(ObjectNode req) throws GenerationException {
            try {
                stdin.write((req.toString() + "\n").getBytes(StandardCharsets.UTF_8));
                stdin.flush();
            } catch (IOException e) {
                events.add(EOF);
                LOG.debug("worker stdin closed: {}", e.toString());
            }
        }

        JsonNode poll(long millis) throws GenerationException {
            try {
                return events.poll(millis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GenerationException("interrupted while waiting for the model");
            }
        }

        JsonNode await(long id, String ev, String what) throws GenerationException {
            while (true) {
                JsonNode e = poll(1000);
                if (e == null) {
                    continue;
                }
                String type = e.path("ev").asText();
                if (type.equals("eof")) {
                    throw crashed(this, "while " + what);
                }
                if (e.path("id").asLong() != id) {
                    continue; // a late event of an earlier, cancelled request
                }
                if (type.equals("error")) {
                    throw new GenerationException("the model failed while " + what + ": " + e.path("message").asText());
                }
                if (type.equals(ev)) {
                    return e;
                }
            }
        }

        int exitCode() {
            try {
                if (process.waitFor(2, TimeUnit.SECONDS)) {
                    return process.exitValue();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return -1;
        }

        void stop() {
            try {
                stdin.close(); // the worker halts when its stdin closes
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (IOException | InterruptedException e) {
                process.destroyForcibly();
            }
        }
    }
}
