package dev.lectern.app.answer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.lectern.app.workspace.Workspace;
import dev.lectern.app.workspace.Workspaces;
import dev.lectern.inference.server.ServerGenerator;
import dev.lectern.parsing.TokenCounter;
import dev.lectern.parsing.chunk.StructureChunker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answering pipeline unchanged over the external llama-server backend: a local server speaking
 * llama-server's streaming chat API answers from the prompt it receives, and the citations map to
 * the exact document offsets exactly as with the in-process model.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AnswererOverServerTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    Workspace workspace;
    Path nda;
    HttpServer server;
    volatile boolean dieMidAnswer;

    @BeforeEach
    void open() throws Exception {
        nda = dir.resolve("nda.md");
        Files.writeString(nda, AnswererTest.NDA);
        workspace = new Workspaces(dir.resolve("data")).open("w", Workspaces.Options.defaults().withModel(null));
        workspace.ingest(List.of(nda), dev.lectern.app.workspace.IngestListener.NONE, () -> false);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", ex -> reply(ex, "{\"status\":\"ok\"}"));
        server.createContext("/props", ex -> reply(ex, "{\"default_generation_settings\":{\"n_ctx\":4096},"
                + "\"model_path\":\"/m/served.gguf\"}"));
        server.createContext("/tokenize", ex -> {
            String text = JSON.readTree(ex.getRequestBody()).path("content").asText();
            StringBuilder ids = new StringBuilder("[");
            for (int i = 0; i < text.length() / 4 + 1; i++) {
                ids.append(i == 0 ? "" : ",").append(i);
            }
            reply(ex, "{\"tokens\":" + ids + "]}");
        });
        server.createContext("/v1/chat/completions", ex -> {
            JsonNode req = JSON.readTree(ex.getRequestBody());
            JsonNode msgs = req.path("messages");
            String prompt = msgs.get(msgs.size() - 1).path("content").asText();
            String answer = "Either party may terminate with thirty (30) days' prior written notice ["
                    + AnswererTest.sourceNumberOf(prompt, "thirty (30) days") + "].";
            ex.getResponseHeaders().add("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            int n = 0;
            for (String piece : answer.split("(?<= )")) {
                if (dieMidAnswer && n == 3) {
                    server.stop(0);
                    return;
                }
                ObjectNode c = JSON.createObjectNode();
                c.putArray("choices").addObject().putNull("finish_reason").putObject("delta").put("content", piece);
                out.write(("data: " + c + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                n++;
            }
            ObjectNode last = JSON.createObjectNode();
            last.putArray("choices").addObject().put("finish_reason", "stop").putObject("delta");
            last.putObject("usage").put("prompt_tokens", prompt.length() / 4).put("completion_tokens", n);
            out.write(("data: " + last + "\n\ndata: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
            out.close();
        });
        server.start();
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, String body) throws java.io.IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    @AfterEach
    void close() throws Exception {
        server.stop(0);
        workspace.close();
    }

    private Answerer answerer(ServerGenerator g) {
        return new Answerer(workspace.index(), g, Answerer.Options.DEFAULTS, new WholeDocumentAnswerer(workspace.index(),
                workspace.parser(), new StructureChunker(TokenCounter.APPROXIMATE, 320)));
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void aServedAnswerStreamsAndCitesTheExactPassageAsInProcess() throws Exception {
        try (ServerGenerator g = ServerGenerator.connect(url(), Duration.ofSeconds(5), n -> { })) {
            StringBuilder streamed = new StringBuilder();
            AnswerOutcome o = answerer(g).ask(new Conversation(), "What is the notice period for termination?",
                    new AnswerListener() {
                        @Override
                        public void token(String piece) {
                            streamed.append(piece);
                        }
                    }, () -> false);
            Answer a = o.answer();
            assertThat(a.mode()).isEqualTo(Answer.Mode.GENERATED);
            assertThat(streamed.toString()).isEqualTo(a.text());
            assertThat(a.sentences()).singleElement().satisfies(s -> assertThat(s.supported()).isTrue());
            Citation c = a.citations().get(0);
            assertThat(c.doc()).isEqualTo(workspace.index().documents().get(0).path());
            String text = workspace.parser().extract(nda).text();
            assertThat(text.substring(c.start(), c.end())).isEqualTo(c.quote()).contains("thirty (30) days");
        }
    }

    @Test
    void aServerThatDiesMidAnswerCostsOnlyTheGeneratedAnswer() throws Exception {
        dieMidAnswer = true;
        try (ServerGenerator g = ServerGenerator.connect(url(), Duration.ofSeconds(5), n -> { })) {
            AnswerOutcome o = answerer(g).ask(new Conversation(), "What is the notice period for termination?",
                    AnswerListener.NONE, () -> false);
            assertThat(o.answer().mode()).isEqualTo(Answer.Mode.EVIDENCE);
            assertThat(o.answer().citations()).anyMatch(c -> c.quote().contains("thirty (30) days"));
            assertThat(o.notices()).anyMatch(n -> n.contains("closed the connection in the middle of the answer")
                    && n.contains("most relevant passages"));
        }
    }
}
