package dev.lectern.inference.server;

import dev.lectern.inference.ChatMessage;
import dev.lectern.inference.Generation;
import dev.lectern.inference.GenerationException;
import dev.lectern.inference.GenerationRequest;
import dev.lectern.inference.StopReason;
import dev.lectern.inference.TokenSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The external llama-server backend against a local OpenAI-compatible server that streams SSE. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ServerGeneratorTest {
    FakeLlamaServer server;
    ServerGenerator generator;
    final List<String> notices = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = FakeLlamaServer.start();
        generator = ServerGenerator.connect(server.url(), Duration.ofSeconds(5), notices::add);
    }

    @AfterEach
    void stop() {
        generator.close();
        server.close();
    }

    private static GenerationRequest ask(int maxTokens) {
        return GenerationRequest.of(List.of(ChatMessage.system("Answer from the sources."),
                ChatMessage.user("What is the notice period?")), maxTokens);
    }

    @Test
    void piecesStreamInOrderAndTheRequestCarriesTheChatAndPromptReuse() throws Exception {
        List<String> pieces = new ArrayList<>();
        Generation g = generator.generate(ask(64), pieces::add, () -> false);

        assertThat(pieces).containsExactly("Hello", " world", ".");
        assertThat(g.text()).isEqualTo("Hello world.");
        assertThat(g.stop()).isEqualTo(StopReason.FINISHED);
        assertThat(g.promptTokens()).isEqualTo(17);
        assertThat(g.generatedTokens()).isEqualTo(3);
        assertThat(g.firstTokenMillis()).isBetween(0L, g.totalMillis());
        var req = server.lastRequest;
        assertThat(req.path("stream").asBoolean()).isTrue();
        assertThat(req.path("cache_prompt").asBoolean()).isTrue();
        assertThat(req.path("max_tokens").asInt()).isEqualTo(64);
        assertThat(req.path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(req.path("messages").get(1).path("content").asText()).isEqualTo("What is the notice period?");
        assertThat(generator.contextSize()).isEqualTo(2048);
        assertThat(generator.describe()).contains("fake-q8_0.gguf", server.url().toString(), "b4916-fake");
    }

    @Test
    void anAnswerCutAtTheLimitSaysLength() throws Exception {
        server.answer = r -> IntStream.range(0, 4).mapToObj(i -> "w" + i + " ").toList();
        Generation g = generator.generate(ask(4), TokenSink.IGNORE, () -> false);
        assertThat(g.stop()).isEqualTo(StopReason.LENGTH);
        assertThat(g.generatedTokens()).isEqualTo(4);
    }

    @Test
    void jsonSchemaAndGrammarPassThroughAsLlamaServerTakesThem() throws Exception {
        generator.generate(ask(8).withJsonSchema("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}"),
                TokenSink.IGNORE, () -> false);
        assertThat(server.lastRequest.path("json_schema").path("type").asText()).isEqualTo("object");
        assertThat(server.lastRequest.has("grammar")).isFalse();

        generator.generate(ask(8).withGrammar("root ::= \"yes\" | \"no\""), TokenSink.IGNORE, () -> false);
        assertThat(server.lastRequest.path("grammar").asText()).isEqualTo("root ::= \"yes\" | \"no\"");
        assertThat(server.lastRequest.has("json_schema")).isFalse();
    }

    @Test
    void aRefusedRequestSaysWhichServerAndWhatItSaid() {
        assertThatThrownBy(() -> generator.generate(ask(8).withGrammar("broken"), TokenSink.IGNORE, () -> false))
                .isInstanceOf(GenerationException.class)
                .hasMessageContaining(server.url().toString())
                .hasMessageContaining("HTTP 400")
                .hasMessageContaining("Failed to parse grammar");
    }

    @Test
    void cancelStopsReadingAndClosesTheRequest() throws Exception {
        server.answer = r -> Collections.nCopies(1000, "tick ");
        server.delayMillis = 20;
        List<String> pieces = new CopyOnWriteArrayList<>();
        long t0 = System.nanoTime();
        Generation g = generator.generate(ask(2000), pieces::add, () -> pieces.size() >= 3);

        assertThat(g.stop()).isEqualTo(StopReason.CANCELLED);
        assertThat(pieces).hasSizeBetween(3, 5);
        assertThat(g.text()).isEqualTo(String.join("", pieces));
        assertThat((System.nanoTime() - t0) / 1_000_000).as("ms until cancelled").isLessThan(5000);
        assertThat(server.clientGone.await(5, TimeUnit.SECONDS)).as("the server saw the connection close").isTrue();
        // the next question works on the same generator
        server.answer = r -> List.of("ok");
        assertThat(generator.generate(ask(8), TokenSink.IGNORE, () -> false).text()).isEqualTo("ok");
    }

    @Test
    void cancelIsHeardWhileTheServerIsStillReadingThePrompt() throws Exception {
        server.promptMillis = 4000; // headers sent, no token yet: llama-server reading a long prompt
        long t0 = System.nanoTime();
        long deadline = t0 + 300_000_000L;
        Generation g = generator.generate(ask(8), TokenSink.IGNORE, () -> System.nanoTime() > deadline);
        assertThat(g.stop()).isEqualTo(StopReason.CANCELLED);
        assertThat(g.text()).isEmpty();
        assertThat((System.nanoTime() - t0) / 1_000_000).as("ms until cancelled").isLessThan(2500);
    }

    @Test
    void aServerThatDiesMidAnswerFailsTheCallNamingTheServer() {
        server.answer = r -> Collections.nCopies(50, "word ");
        server.delayMillis = 10;
        server.dieAfter = 5;
        List<String> pieces = new CopyOnWriteArrayList<>();
        assertThatThrownBy(() -> generator.generate(ask(100), pieces::add, () -> false))
                .isInstanceOf(GenerationException.class)
                .hasMessageContaining("The llama.cpp server at " + server.url())
                .hasMessageContaining("closed the connection in the middle of the answer (after 5 pieces")
                .satisfies(e -> assertThat(((GenerationException) e).workerCrashed()).isTrue());
        assertThat(pieces).hasSize(5);
        assertThat(generator.healthy()).isFalse();
    }

    @Test
    void tokensAreCountedByTheServerOrEstimatedWithAWarning() throws Exception {
        assertThat(generator.countTokens("one two three four")).isEqualTo(4);
        assertThat(notices).isEmpty();
        server.tokenize = false;
        assertThat(generator.countTokens("twelve chars")).isEqualTo(3);
        assertThat(generator.countTokens("x".repeat(40))).isEqualTo(10);
        assertThat(notices).singleElement().asString().contains("cannot count tokens", "estimating");
    }

    @Test
    void aServerThatIsNotThereIsNamedWithWhatToDo() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        URI dead = URI.create("http://127.0.0.1:" + port);
        assertThatThrownBy(() -> ServerGenerator.connect(dead, Duration.ofSeconds(1), notices::add))
                .isInstanceOf(GenerationException.class)
                .hasMessageContaining("the llama.cpp server at " + dead + " is not available: connection refused")
                .hasMessageContaining("lectern doctor");
    }

    @Test
    void aLoadingServerIsWaitedForAndTheUrlMayEndInV1() throws Exception {
        server.healthStatus = 503;
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(600);
            } catch (InterruptedException e) {
                return;
            }
            server.healthStatus = 200;
        });
        t.start();
        try (ServerGenerator g = ServerGenerator.connect(URI.create(server.url() + "/v1/"), Duration.ofSeconds(10),
                notices::add)) {
            assertThat(g.url()).isEqualTo(server.url());
        }
        assertThatThrownBy(() -> ServerGenerator.parseUrl("127.0.0.1:8080"))
                .hasMessageContaining("starts with http://");
    }
}
