package dev.lectern.inference.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lectern.inference.ChatMessage;
import dev.lectern.inference.Generation;
import dev.lectern.inference.GenerationException;
import dev.lectern.inference.GenerationRequest;
import dev.lectern.inference.Generator;
import dev.lectern.inference.StopReason;
import dev.lectern.inference.TokenSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A {@link Generator} backed by llama.cpp's own {@code llama-server} (local or on the LAN), through its
 * OpenAI-compatible {@code /v1/chat/completions} with {@code stream=true}. Tokens reach the sink in
 * the order the server sends them; cancelling closes the stream, which makes llama-server stop
 * generating; a connection that drops mid-answer fails the call with a {@link GenerationException}
 * that names the server and what happened. Token counts come from the server's {@code /tokenize}
 * (an estimate, with a warning, where it has none), the context from {@code /props}. Calls are serialised.
 */
public final class ServerGenerator implements Generator {
    private static final Logger LOG = LoggerFactory.getLogger(ServerGenerator.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Used when the server does not say its context size. */
    static final int FALLBACK_CONTEXT = 4096;

    /** What owns the server process, when Lectern started it: checked before each call, stopped on close. */
    public interface Lifecycle {
        /** Makes sure the server is up (restarting it if it died); throws when it cannot be. */
        void ensureRunning() throws GenerationException;

        /** Why the last call may have failed beyond the connection (the process exited, a worker is gone), or "". */
        default String diagnose() {
            return "";
        }

        void close();
    }

    private final URI base;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final Consumer<String> notices;
    private final Lifecycle lifecycle;
    private final int contextSize;
    private final String description;
    private boolean tokenizeMissing;

    private ServerGenerator(URI base, HttpClient http, Duration requestTimeout, Consumer<String> notices,
                            Lifecycle lifecycle, int contextSize, String description) {
        this.base = base;
        this.http = http;
        this.requestTimeout = requestTimeout;
        this.notices = notices;
        this.lifecycle = lifecycle;
        this.contextSize = contextSize;
        this.description = description;
    }

    /**
     * Connects to the llama-server at {@code url} ("http://192.168.1.5:8080"): checks {@code /health}
     * (waiting up to {@code wait} while it loads its model) and reads {@code /props}.
     */
    public static ServerGenerator connect(URI url, Duration wait, Consumer<String> notices) throws GenerationException {
        return connect(url, wait, notices, null);
    }

    public static ServerGenerator connect(URI url, Duration wait, Consumer<String> notices, Lifecycle lifecycle)
            throws GenerationException {
        URI base = normalise(url);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1).build();
        awaitHealthy(http, base, wait);
        int ctx = FALLBACK_CONTEXT;
        String model = "model";
        String build = "";
        try {
            JsonNode props = getJson(http, base, "/props", Duration.ofSeconds(10));
            int n = props.path("default_generation_settings").path("n_ctx").asInt(0);
            if (n > 0) {
                ctx = n;
            } else {
                notices.accept("the llama.cpp server at " + base + " does not say its context size: assuming "
                        + FALLBACK_CONTEXT + " tokens");
            }
            String path = props.path("model_path").asText("");
            if (!path.isEmpty()) {
                model = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
            }
            build = props.path("build_info").asText("");
        } catch (GenerationException e) {
            notices.accept("the llama.cpp server at " + base + " has no /props (" + e.getMessage() + "): assuming a "
                    + FALLBACK_CONTEXT + "-token context");
        }
        String description = model + " (llama.cpp server " + base + (build.isEmpty() ? "" : ", " + build) + "; "
                + ctx + "-token context)";
        return new ServerGenerator(base, http, Duration.ofMinutes(10), notices, lifecycle, ctx, description);
    }

    /** A user's server address as a URL, with a fix-it message when it is not one ("127.0.0.1:8080" lacks http://). */
    public static URI parseUrl(String text) {
        String t = text.strip();
        if (!t.startsWith("http://") && !t.startsWith("https://")) {
            throw new IllegalArgumentException("a llama.cpp server URL starts with http:// or https://, got '" + text
                    + "' (e.g. http://127.0.0.1:8080)");
        }
        try {
            return normalise(new URI(t));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URL: " + e.getMessage()
                    + " (e.g. http://127.0.0.1:8080)");
        }
    }

    static URI normalise(URI url) {
        String s = url.toString();
        if (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.endsWith("/v1")) {
            s = s.substring(0, s.length() - 3);
        }
        if (!s.startsWith("http://") && !s.startsWith("https://")) {
            throw new IllegalArgumentException("a llama.cpp server URL starts with http:// or https://, got '" + url
                    + "' (e.g. http://127.0.0.1:8080)");
        }
        return URI.create(s);
    }

    /** The server's base URL. */
    public URI url() {
        return base;
    }

    /** Whether {@code /health} answers "ok" within two seconds. */
    public boolean healthy() {
        return health(http, base).isEmpty();
    }

    /** Empty when healthy, otherwise what is wrong. */
    static java.util.Optional<String> health(HttpClient http, URI base) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/health")).timeout(Duration.ofSeconds(2))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(r.statusCode() == 503 ? "it is still loading its model (HTTP 503)"
                    : "/health answered HTTP " + r.statusCode() + ": " + abbreviate(r.body()));
        } catch (IOException e) {
            return java.util.Optional.of(connectionProblem(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.of("interrupted");
        }
    }

    static void awaitHealthy(HttpClient http, URI base, Duration wait) throws GenerationException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            java.util.Optional<String> problem = health(http, base);
            if (problem.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline || !problem.get().contains("loading")) {
                throw new GenerationException("the llama.cpp server at " + base + " is not available: " + problem.get()
                        + ". Start it (llama-server --model FILE --port PORT) or check the address; `lectern doctor`"
                        + " shows what is configured.");
            }
            sleep(250);
        }
    }

    @Override
    public synchronized Generation generate(GenerationRequest r, TokenSink sink, BooleanSupplier cancelled)
            throws GenerationException {
        if (lifecycle != null) {
            lifecycle.ensureRunning();
        }
        long t0 = System.nanoTime();
        HttpRequest req = HttpRequest.newBuilder(base.resolve("/v1/chat/completions")).timeout(requestTimeout)
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body(r).toString(), StandardCharsets.UTF_8)).build();
        HttpResponse<InputStream> resp = send(req);
        if (resp.statusCode() != 200) {
            String error = readError(resp);
            throw new GenerationException("the llama.cpp server at " + base + " refused the request (HTTP "
                    + resp.statusCode() + "): " + error);
        }
        Stream stream = new Stream(resp.body());
        StringBuilder text = new StringBuilder();
        long first = -1;
        int pieces = 0;
        int promptTokens = -1;
        int generatedTokens = -1;
        String finish = null;
        boolean done = false;
        try {
            while (!done) {
                if (cancelled.getAsBoolean()) {
                    stream.close(); // llama-server stops generating when the connection closes
                    return new Generation(text.toString(), Math.max(promptTokens, 0), pieces,
                            first < 0 ? -1 : ms(t0, first), ms(t0, System.nanoTime()), StopReason.CANCELLED);
                }
                Object ev = stream.poll(50);
                if (ev == null) {
                    continue;
                }
                if (ev instanceof Stream.End end) {
                    throw dropped(end.error, pieces);
                }
                String line = (String) ev;
                if (line.startsWith("error:")) {
                    throw new GenerationException("the llama.cpp server at " + base + " failed while answering: "
                            + errorMessage(line.substring(6).strip()));
                }
                if (!line.startsWith("data:")) {
                    continue; // comments, event names, blank separators
                }
                String data = line.substring(5).strip();
                if (data.equals("[DONE]")) {
                    done = true;
                    continue;
                }
                JsonNode chunk = parse(data);
                if (chunk.has("error")) {
                    throw new GenerationException("the llama.cpp server at " + base + " failed while answering: "
                            + errorMessage(data));
                }
                JsonNode choice = chunk.path("choices").path(0);
                String piece = choice.path("delta").path("content").asText("");
                if (!piece.isEmpty()) {
                    if (first < 0) {
                        first = System.nanoTime();
                    }
                    pieces++;
                    text.append(piece);
                    sink.accept(piece);
                }
                if (choice.hasNonNull("finish_reason")) {
                    finish = choice.path("finish_reason").asText();
                }
                JsonNode usage = chunk.path("usage");
                if (usage.has("prompt_tokens")) {
                    promptTokens = usage.path("prompt_tokens").asInt();
                    generatedTokens = usage.path("completion_tokens").asInt(generatedTokens);
                }
                JsonNode timings = chunk.path("timings");
                if (timings.has("predicted_n")) {
                    generatedTokens = timings.path("predicted_n").asInt(generatedTokens);
                    promptTokens = promptTokens >= 0 ? promptTokens : timings.path("prompt_n").asInt(-1);
                }
                if (finish != null && (chunk.has("usage") || chunk.has("timings"))) {
                    done = true; // llama-server sends [DONE] next; the answer is complete already
                }
            }
        } finally {
            stream.close();
        }
        if (finish == null) {
            throw dropped("the stream ended without a finish reason", pieces);
        }
        int generated = Math.max(generatedTokens, pieces);
        StopReason stop = "length".equals(finish) || generated >= r.maxTokens() ? StopReason.LENGTH : StopReason.FINISHED;
        return new Generation(text.toString(), Math.max(promptTokens, 0), generated, first < 0 ? -1 : ms(t0, first),
                ms(t0, System.nanoTime()), stop);
    }

    private GenerationException dropped(String error, int pieces) {
        String why = lifecycle == null ? "" : lifecycle.diagnose();
        String msg = "The llama.cpp server at " + base + " closed the connection in the middle of the answer (after "
                + pieces + " piece" + (pieces == 1 ? "" : "s") + ": " + error + ")" + (why.isEmpty() ? "" : ". " + why) + ".";
        LOG.warn(msg);
        return new GenerationException(msg, true, null);
    }

    private ObjectNode body(GenerationRequest r) throws GenerationException {
        ObjectNode b = JSON.createObjectNode();
        ArrayNode msgs = b.putArray("messages");
        for (ChatMessage m : r.messages()) {
            msgs.addObject().put("role", m.role().name().toLowerCase(Locale.ROOT)).put("content", m.content());
        }
        b.put("stream", true).put("max_tokens", r.maxTokens()).put("n_predict", r.maxTokens())
                .put("temperature", r.temperature()).put("seed", r.seed()).put("cache_prompt", r.cachePrompt());
        b.putObject("stream_options").put("include_usage", true);
        if (r.grammar() != null) {
            b.put("grammar", r.grammar());
        } else if (r.jsonSchema() != null) {
            try {
                b.set("json_schema", JSON.readTree(r.jsonSchema()));
            } catch (IOException e) {
                throw new GenerationException("the JSON schema is not valid JSON: " + e.getMessage());
            }
        }
        return b;
    }

    private HttpResponse<InputStream> send(HttpRequest req) throws GenerationException {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            String why = lifecycle == null ? "" : lifecycle.diagnose();
            throw new GenerationException("could not reach the llama.cpp server at " + base + ": " + connectionProblem(e)
                    + (why.isEmpty() ? "" : ". " + why), true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GenerationException("interrupted while waiting for the llama.cpp server at " + base);
        }
    }

    @Override
    public synchronized int countTokens(String text) throws GenerationException {
        if (!tokenizeMissing) {
            ObjectNode b = JSON.createObjectNode().put("content", text).put("add_special", false);
            HttpRequest req = HttpRequest.newBuilder(base.resolve("/tokenize")).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(b.toString(), StandardCharsets.UTF_8)).build();
            HttpResponse<InputStream> resp = send(req);
            if (resp.statusCode() == 200) {
                try (InputStream in = resp.body()) {
                    JsonNode tokens = JSON.readTree(in).path("tokens");
                    if (tokens.isArray()) {
                        return tokens.size();
                    }
                } catch (IOException e) {
                    throw new GenerationException("the llama.cpp server at " + base + " sent an unreadable /tokenize answer: "
                            + e.getMessage());
                }
            } else {
                readError(resp);
            }
            tokenizeMissing = true;
            String msg = "the server at " + base + " cannot count tokens (no llama.cpp /tokenize, HTTP "
                    + resp.statusCode() + "): estimating 1 token per 4 characters, so long prompts may be cut short";
            LOG.warn(msg);
            notices.accept(msg);
        }
        return estimate(text);
    }

    static int estimate(String text) {
        return (text.length() + 3) / 4;
    }

    @Override
    public int contextSize() {
        return contextSize;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        if (lifecycle != null) {
            lifecycle.close();
        }
    }

    // ---- helpers ----

    private static JsonNode getJson(HttpClient http, URI base, String path, Duration timeout) throws GenerationException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new GenerationException(path + " answered HTTP " + r.statusCode());
            }
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new GenerationException(path + ": " + connectionProblem(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GenerationException("interrupted");
        }
    }

    private JsonNode parse(String data) throws GenerationException {
        try {
            return JSON.readTree(data);
        } catch (IOException e) {
            throw new GenerationException("the llama.cpp server at " + base + " sent a chunk that is not JSON: "
                    + abbreviate(data));
        }
    }

    private static String readError(HttpResponse<InputStream> resp) {
        try (InputStream in = resp.body()) {
            return errorMessage(new String(in.readNBytes(16 * 1024), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return "(no readable error: " + e.getMessage() + ")";
        }
    }

    /** The "message" of llama-server's {"error": {"code", "message", "type"}}, or the text itself. */
    static String errorMessage(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            JsonNode e = n.path("error");
            String m = e.isTextual() ? e.asText() : e.path("message").asText("");
            if (!m.isEmpty()) {
                return m;
            }
        } catch (IOException ignored) {
            // not JSON: the text says it
        }
        return abbreviate(body);
    }

    static String connectionProblem(IOException e) {
        if (e instanceof ConnectException) {
            return "connection refused (nothing listens there: is llama-server running?)";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer in time (" + e.getMessage() + ")";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static String abbreviate(String s) {
        String t = s.strip().replaceAll("\\s+", " ");
        return t.length() <= 300 ? t : t.substring(0, 297) + "...";
    }

    private static long ms(long t0, long t) {
        return (t - t0) / 1_000_000;
    }

    private static void sleep(long millis) throws GenerationException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GenerationException("interrupted while waiting for the llama.cpp server");
        }
    }

    /**
     * The SSE lines of one response, read on a thread of their own so that the caller can poll for
     * cancellation while the server is still reading the prompt. Closing it closes the connection.
     */
    private static final class Stream {
        record End(String error) {
        }

        private final InputStream in;
        private final BlockingQueue<Object> lines = new LinkedBlockingQueue<>();
        private final AtomicBoolean closed = new AtomicBoolean();

        Stream(InputStream in) {
            this.in = in;
            Thread t = new Thread(this::read, "llama-server-stream");
            t.setDaemon(true);
            t.start();
        }

        private void read() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
                lines.add(new End("the connection closed"));
            } catch (IOException e) {
                lines.add(new End(closed.get() ? "closed by Lectern" : connectionProblem(e)));
            }
        }

        Object poll(long millis) throws GenerationException {
            try {
                return lines.poll(millis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GenerationException("interrupted while reading the answer");
            }
        }

        void close() {
            if (closed.compareAndSet(false, true)) {
                // closing may block on a connection that is mid-read: do it on the side, bounded
                CompletableFuture<Void> f = CompletableFuture.runAsync(() -> {
                    try {
                        in.close();
                    } catch (IOException e) {
                        LOG.debug("closing the answer stream: {}", e.toString());
                    }
                });
                try {
                    f.get(2, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException | TimeoutException e) {
                    LOG.debug("the answer stream did not close in time: {}", e.toString());
                }
            }
        }
    }
}
