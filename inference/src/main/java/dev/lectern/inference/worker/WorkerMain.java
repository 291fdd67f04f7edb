package dev.lectern.inference.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lectern.inference.ChatMessage;
import dev.lectern.inference.Generation;
import dev.lectern.inference.GenerationRequest;
import dev.lectern.inference.llama.KvCacheType;
import dev.lectern.inference.llama.LlamaEngine;
import dev.lectern.inference.llama.LlamaSettings;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The model worker: a process of its own (same jar) that loads llama.cpp and serves requests from
 * its parent over stdin/stdout, one at a time on a single inference thread. When the parent goes
 * away (stdin closes) it halts at once: closing a llama.cpp model can itself crash (#80), and the
 * operating system frees everything anyway.
 */
public final class WorkerMain {
    private final PrintStream out;
    private final BlockingQueue<JsonNode> requests = new LinkedBlockingQueue<>();
    private final AtomicLong cancelId = new AtomicLong(-1);
    private LlamaEngine engine;

    private WorkerMain(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        // only the protocol may use the real stdout: anything else printing there goes to stderr
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        new WorkerMain(protocol).run();
    }

    private void run() {
        Thread reader = new Thread(this::readRequests, "worker-stdin");
        reader.setDaemon(true);
        reader.start();
        while (true) {
            JsonNode req;
            try {
                req = requests.take();
            } catch (InterruptedException e) {
                Runtime.getRuntime().halt(0);
                return;
            }
            String op = req.path("op").asText();
            long id = req.path("id").asLong();
            try {
                switch (op) {
                    case "load" -> load(id, req);
                    case "generate" -> generate(id, req);
                    case "tokenize" -> send(event("count", id).put("n", engine().countTokens(req.path("text").asText())));
                    case "render" -> send(event("rendered", id).put("text", engine().render(messages(req))));
                    case "shutdown" -> {
                        out.flush();
                        Runtime.getRuntime().halt(0);
                    }
                    default -> send(event("error", id).put("message", "unknown request '" + op + "'"));
                }
            } catch (RuntimeException | Error e) {
                send(event("error", id).put("message", String.valueOf(e.getMessage())));
            }
        }
    }

    private void readRequests() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode n = Protocol.JSON.readTree(line);
                if ("cancel".equals(n.path("op").asText())) {
                    cancelId.set(n.path("id").asLong());
                } else {
                    requests.add(n);
                }
            }
        } catch (IOException e) {
            // the parent is gone either way
        }
        Runtime.getRuntime().halt(0);
    }

    private LlamaEngine engine() {
        if (engine == null) {
            throw new IllegalStateException("no model is loaded");
        }
        return engine;
    }

    private void load(long id, JsonNode req) {
        JsonNode s = req.path("settings");
        LlamaSettings settings = new LlamaSettings(s.path("threads").asInt(), s.path("batchThreads").asInt(),
                s.path("contextSize").asInt(), s.path("batchSize").asInt(), s.path("ubatchSize").asInt(),
                KvCacheType.parse(s.path("kvCache").asText()), s.path("mmap").asBoolean(), s.path("gpuLayers").asInt(),
                s.path("flashAttention").asBoolean(), s.path("allowOversize").asBoolean(),
                s.path("splitMode").asText("layer"), s.path("tensorSplit").asText(""), s.path("mainGpu").asInt(),
                textOrNull(s, "draftModel"), s.path("draftMax").asInt(), s.path("draftMin").asInt(),
                s.path("draftGpuLayers").asInt(-1));
        engine = LlamaEngine.load(Path.of(req.path("model").asText()), settings);
        send(event("loaded", id).put("contextSize", settings.contextSize()));
    }

    private void generate(long id, JsonNode req) {
        GenerationRequest r = new GenerationRequest(messages(req), req.path("maxTokens").asInt(),
                req.path("temperature").asDouble(), textOrNull(req, "grammar"), textOrNull(req, "jsonSchema"),
                req.path("seed").asLong(), req.path("cachePrompt").asBoolean());
        Generation g = engine().generate(r, piece -> send(event("token", id).put("text", piece)),
                () -> cancelId.get() == id);
        send(event("done", id).put("text", g.text()).put("promptTokens", g.promptTokens())
                .put("generatedTokens", g.generatedTokens()).put("firstTokenMillis", g.firstTokenMillis())
                .put("totalMillis", g.totalMillis()).put("stop", g.stop().name()));
    }

    private static List<ChatMessage> messages(JsonNode req) {
        List<ChatMessage> list = new ArrayList<>();
        for (JsonNode m : req.path("messages")) {
            list.add(new ChatMessage(ChatMessage.Role.valueOf(m.path("role").asText()), m.path("content").asText()));
        }
        return list;
    }

    private static String textOrNull(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static ObjectNode event(String ev, long id) {
        return Protocol.JSON.createObjectNode().put("ev", ev).put("id", id);
    }

    private synchronized void send(ObjectNode event) {
        out.print(Protocol.PREFIX);
        out.print(event.toString());
        out.print('\n');
        out.flush();
    }
}
