package dev.lectern.inference.server;

import dev.lectern.inference.ChatMessage;
import dev.lectern.inference.Generation;
import dev.lectern.inference.GenerationException;
import dev.lectern.inference.GenerationRequest;
import dev.lectern.inference.Generator;
import dev.lectern.inference.StopReason;
import dev.lectern.inference.TokenSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FallbackGeneratorTest {
    /** Stands in for the in-process worker. */
    static final class Local implements Generator {
        int calls;
        boolean closed;

        @Override
        public Generation generate(GenerationRequest r, TokenSink sink, BooleanSupplier cancelled) {
            calls++;
            sink.accept("local");
            return new Generation("local", 5, 1, 1, 2, StopReason.FINISHED);
        }

        @Override
        public int countTokens(String text) {
            return 1000;
        }

        @Override
        public int contextSize() {
            return 1024;
        }

        @Override
        public String describe() {
            return "local.gguf";
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static GenerationRequest ask() {
        return GenerationRequest.of(List.of(ChatMessage.user("What is the notice period?")), 64);
    }

    @Test
    void aServerThatGoesDownBeforeAnsweringIsReplacedAtOnceWithANotice() throws Exception {
        List<String> notices = new CopyOnWriteArrayList<>();
        Local local = new Local();
        FakeLlamaServer server = FakeLlamaServer.start();
        try (FallbackGenerator g = new FallbackGenerator(ServerGenerator.connect(server.url(), Duration.ofSeconds(5),
                notices::add), () -> local, notices::add)) {
            assertThat(g.generate(ask(), TokenSink.IGNORE, () -> false).text()).isEqualTo("Hello world.");
            assertThat(g.contextSize()).isEqualTo(2048);
            server.close(); // health down: nothing listens any more
            StringBuilder streamed = new StringBuilder();
            assertThat(g.generate(ask(), streamed::append, () -> false).text()).isEqualTo("local");
            assertThat(streamed.toString()).isEqualTo("local");
            assertThat(g.usingFallback()).isTrue();
            assertThat(g.contextSize()).isEqualTo(1024);
            assertThat(g.describe()).isEqualTo("local.gguf (in-process fallback)");
            assertThat(notices).singleElement().asString().contains("could not reach the llama.cpp server at "
                    + server.url(), "Switching to the in-process model");
        }
        assertThat(local.closed).isTrue();
    }

    @Test
    void aServerThatDiesMidAnswerCostsThatAnswerAndTheNextGoesToTheFallback() throws Exception {
        List<String> notices = new CopyOnWriteArrayList<>();
        Local local = new Local();
        FakeLlamaServer server = FakeLlamaServer.start();
        server.answer = r -> Collections.nCopies(20, "w ");
        server.dieAfter = 3;
        server.delayMillis = 30; // the pieces reach the client before the server's sockets are torn down
        try (FallbackGenerator g = new FallbackGenerator(ServerGenerator.connect(server.url(), Duration.ofSeconds(5),
                notices::add), () -> local, notices::add)) {
            assertThatThrownBy(() -> g.generate(ask(), TokenSink.IGNORE, () -> false))
                    .isInstanceOf(GenerationException.class).hasMessageContaining("in the middle of the answer");
            assertThat(local.calls).as("no text is streamed twice").isZero();
            assertThat(g.generate(ask(), TokenSink.IGNORE, () -> false).text()).isEqualTo("local");
            assertThat(g.countTokens("x")).isEqualTo(1000);
            assertThat(notices).singleElement().asString().contains("Switching to the in-process model");
        } finally {
            server.close();
        }
    }

    @Test
    void aRequestTheServerRefusesDoesNotSwitch() throws Exception {
        List<String> notices = new CopyOnWriteArrayList<>();
        Local local = new Local();
        try (FakeLlamaServer server = FakeLlamaServer.start();
             FallbackGenerator g = new FallbackGenerator(ServerGenerator.connect(server.url(), Duration.ofSeconds(5),
                     notices::add), () -> local, notices::add)) {
            assertThatThrownBy(() -> g.generate(ask().withGrammar("broken"), TokenSink.IGNORE, () -> false))
                    .hasMessageContaining("HTTP 400");
            assertThat(g.usingFallback()).isFalse();
            assertThat(local.calls).isZero();
        }
    }
}
