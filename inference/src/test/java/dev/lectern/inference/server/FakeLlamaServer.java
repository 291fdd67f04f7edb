package dev.lectern.inference.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A stand-in for llama.cpp's llama-server on 127.0.0.1: {@code /health}, {@code /props},
 * {@code /tokenize} and a streaming {@code /v1/chat/completions} that sends SSE chunks as llama-server
 * does. Scripted per test; {@link #main} runs it as a process of its own for the supervisor tests.
 */
public final class FakeLlamaServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final HttpServer server;
    /** The answer's pieces for a request (by default "Hello", " world", "."). */
    volatile Function<JsonNode, List<String>> answer = r -> List.of("Hello", " world", ".");
    volatile long delayMillis;
    /** Time "reading the prompt" after the headers are sent and before the first piece. */
    volatile long promptMillis;
    /** Stop the whole server after sending this many pieces (-1: never). */
    volatile int dieAfter = -1;
    volatile boolean tokenize = true;
    volatile int nCtx = 2048;
    volatile int healthStatus = 200;
    volatile JsonNode lastRequest;
    final AtomicInteger requests = new AtomicInteger();
    final CountDownLatch clientGone = new CountDownLatch(1);

    FakeLlamaServer(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-llama-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/health", ex -> json(ex, healthStatus, healthStatus == 200
                ? "{\"status\":\"ok\"}" : "{\"error\":{\"code\":503,\"message\":\"Loading model\",\"type\":\"unavailable_error\"}}"));
        server.createContext("/props", ex -> json(ex, 200, "{\"default_generation_settings\":{\"n_ctx\":" + nCtx
                + "},\"total_slots\":1,\"model_path\":\"/models/fake-q8_0.gguf\",\"build_info\":\"b4916-fake\"}"));
        server.createContext("/tokenize", ex -> {
            JsonNode body = JSON.readTree(ex.getRequestBody());
            if (!tokenize) {
                json(ex, 404, "{\"error\":{\"code\":404,\"message\":\"File Not Found\"}}");
                return;
            }
            String text = body.path("content").asText();
            StringBuilder ids = new StringBuilder("[");
            String[] words = text.isBlank() ? new String[0] : text.strip().split("\\s+");
            for (int i = 0; i < words.length; i++) {
                ids.append(i == 0 ? "" : ",").append(i + 10);
            }
            json(ex, 200, "{\"tokens\":" + ids + "]}");
        });
        server.createContext("/v1/chat/completions", this::complete);
        server.start();
    }

    static FakeLlamaServer start() throws IOException {
        return new FakeLlamaServer(0);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void complete(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        JsonNode req = JSON.readTree(ex.getRequestBody());
        lastRequest = req;
        if (req.has("grammar") && req.path("grammar").asText().equals("broken")) {
            json(ex, 400, "{\"error\":{\"code\":400,\"message\":\"Failed to parse grammar\",\"type\":\"invalid_request_error\"}}");
            return;
        }
        List<String> pieces = answer.apply(req);
        ex.getResponseHeaders().add("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        try {
            out.flush();
            if (promptMillis > 0) {
                Thread.sleep(promptMillis);
            }
            int n = 0;
            for (String p : pieces) {
                if (dieAfter >= 0 && n == dieAfter) {
                    Thread.sleep(100); // let what was sent arrive: a reset can discard unread data
                    server.stop(0); // the process dies: connections drop without a final chunk
                    return;
                }
                ObjectNode chunk = JSON.createObjectNode().put("object", "chat.completion.chunk");
                chunk.putArray("choices").addObject().putNull("finish_reason").put("index", 0)
                        .putObject("delta").put("content", p);
                send(out, "data: " + chunk + "\n\n");
                n++;
                if (delayMillis > 0) {
                    Thread.sleep(delayMillis);
                }
            }
            int max = req.path("max_tokens").asInt(Integer.MAX_VALUE);
            ObjectNode last = JSON.createObjectNode().put("object", "chat.completion.chunk");
            last.putArray("choices").addObject().put("finish_reason", n >= max ? "length" : "stop").put("index", 0)
                    .putObject("delta");
            last.putObject("usage").put("completion_tokens", n).put("prompt_tokens", 17).put("total_tokens", 17 + n);
            last.putObject("timings").put("prompt_n", 17).put("predicted_n", n);
            send(out, "data: " + last + "\n\n");
            send(out, "data: [DONE]\n\n");
            out.close();
        } catch (IOException e) {
            clientGone.countDown(); // the client closed the stream: llama-server stops generating here
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void json(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /**
     * Runs as a fake {@code llama-server} binary: takes {@code --port N} (and ignores the rest, after
     * writing all its arguments to the file named by {@code FAKE_ARGS_FILE}); exits after
     * {@code FAKE_EXIT_AFTER_MS} milliseconds when that is set.
     */
    public static void main(String[] args) throws Exception {
        int port = 0;
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--port")) {
                port = Integer.parseInt(args[i + 1]);
            }
        }
        String argsFile = System.getenv("FAKE_ARGS_FILE");
        if (argsFile != null) {
            Files.writeString(Path.of(argsFile), String.join("\n", args) + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }
        FakeLlamaServer s = new FakeLlamaServer(port);
        s.delayMillis = Long.parseLong(System.getenv().getOrDefault("FAKE_DELAY_MS", "0"));
        String exitAfter = System.getenv("FAKE_EXIT_AFTER_MS");
        if (exitAfter != null) {
            Thread.sleep(Long.parseLong(exitAfter));
            Runtime.getRuntime().halt(3);
        }
        Thread.currentThread().join();
    }
}
