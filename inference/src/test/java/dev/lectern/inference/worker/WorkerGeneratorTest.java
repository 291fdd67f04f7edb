package dev.lectern.inference.worker;

import dev.lectern.inference.ChatMessage;
import dev.lectern.inference.Generation;
import dev.lectern.inference.GenerationException;
import dev.lectern.inference.GenerationRequest;
import dev.lectern.inference.StopReason;
import dev.lectern.inference.TokenSink;
import dev.lectern.inference.gguf.GgmlType;
import dev.lectern.inference.gguf.GgufFile;
import dev.lectern.inference.gguf.GgufReader;
import dev.lectern.inference.gguf.ModelShape;
import dev.lectern.inference.gguf.SyntheticModels;
import dev.lectern.inference.llama.KvCacheType;
import dev.lectern.inference.llama.LlamaSettings;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real llama.cpp path, in a real worker process, with a random-weight model written by the test. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WorkerGeneratorTest {
    @TempDir
    static Path dir;
    static GgufFile model;
    static WorkerGenerator generator;
    static final List<String> notices = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Path f = SyntheticModels.write(dir.resolve("tiny.gguf"), ModelShape.TINY, GgmlType.Q8_0, 7);
        model = GgufReader.read(f);
        LlamaSettings s = new LlamaSettings(1, 1, 2048, 256, 256, KvCacheType.F16, true, 0, false, false);
        generator = WorkerGenerator.start(model, s, notices::add);
    }

    @AfterAll
    static void stop() {
        if (generator != null) {
            generator.close();
        }
    }

    private static List<ChatMessage> chat(String question) {
        return List.of(ChatMessage.system("Answer from the sources."), ChatMessage.user(question));
    }

    @Test
    void tokensStreamThroughTheSinkAndStopAtTheLimit() throws Exception {
        StringBuilder streamed = new StringBuilder();
        AtomicInteger pieces = new AtomicInteger();
        Generation g = generator.generate(GenerationRequest.of(chat("What is the notice period?"), 24),
                p -> {
                    streamed.append(p);
                    pieces.incrementAndGet();
                }, () -> false);
        assertThat(g.generatedTokens()).as(g.toString()).isGreaterThanOrEqualTo(24);
        assertThat(g.stop()).isEqualTo(StopReason.LENGTH);
        assertThat(pieces.get()).isPositive();
        assertThat(streamed.toString()).isEqualTo(g.text());
        assertThat(g.promptTokens()).isGreaterThan(10);
        assertThat(g.firstTokenMillis()).isBetween(0L, g.totalMillis());
    }

    @Test
    void theLoadReportSaysWhatLlamaCppDidWithTheModel() {
        // the bundled natives are a CPU build: llama.cpp names no GPU device and offloads nothing
        assertThat(generator.loadReport()).as("llama.cpp's placement lines").isNotEmpty()
                .noneMatch(l -> l.contains("using device"));
        assertThat(String.join("\n", generator.loadReport())).as(generator.loadReport().toString()).contains("CPU");
    }

    @Test
    void chatIsRenderedWithTheTemplateFromTheGguf() throws Exception {
        String prompt = generator.render(chat("Who are the parties?"));
        assertThat(prompt).contains("<|im_start|>system\nAnswer from the sources.<|im_end|>")
                .contains("<|im_start|>user\nWho are the parties?<|im_end|>").endsWith("<|im_start|>assistant\n");
    }

    @Test
    void cancellingStopsTheGenerationEarly() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        Generation g = generator.generate(GenerationRequest.of(chat("Tell me everything."), 800),
                p -> seen.incrementAndGet(), () -> seen.get() >= 3);
        assertThat(g.stop()).isEqualTo(StopReason.CANCELLED);
        assertThat(g.generatedTokens()).isLessThan(800);
        // the worker serves the next request normally
        assertThat(generator.generate(GenerationRequest.of(chat("Again?"), 4), TokenSink.IGNORE, () -> false)
                .generatedTokens()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void cancellingWhileThePromptIsReadEndsTheWorkerAtOnceAndTheNextQuestionStartsANewOne() throws Exception {
        generator.promptCancelGrace(java.time.Duration.ZERO); // as if the prompt took longer than the grace
        long before = generator.workerPid();
        try {
            Generation g = generator.generate(GenerationRequest.of(chat("Tell me everything."), 800), TokenSink.IGNORE,
                    () -> true);

            assertThat(g.stop()).isEqualTo(StopReason.CANCELLED);
            assertThat(g.generatedTokens()).isZero();
            assertThat(generator.workerPid()).as("the worker reading the prompt was ended").isEqualTo(-1);
        } finally {
            generator.promptCancelGrace(java.time.Duration.ofMillis(1500));
        }
        assertThat(generator.generate(GenerationRequest.of(chat("Again?"), 4), TokenSink.IGNORE, () -> false)
                .generatedTokens()).isGreaterThanOrEqualTo(4);
        assertThat(generator.workerPid()).isPositive().isNotEqualTo(before);
    }

    @Test
    void jsonSchemaConstrainsTheOutput() throws Exception {
        String schema = """
                {"type":"object","properties":{"party":{"type":"string","enum":["Acme Corp","Beta LLC"]},
                "renewal":{"type":"boolean"}},"required":["party","renewal"],"additionalProperties":false}""";
        Generation g = generator.generate(GenerationRequest.of(chat("Which party? JSON only."), 64).withJsonSchema(schema),
                TokenSink.IGNORE, () -> false);
        var json = new ObjectMapper().readTree(g.text());
        assertThat(json.path("party").asText()).isIn("Acme Corp", "Beta LLC");
        assertThat(json.path("renewal").isBoolean()).isTrue();
    }

    @Test
    void countsTokensWithTheModelsTokenizer() throws Exception {
        assertThat(generator.countTokens("the quick brown fox")).isBetween(2, 30);
        assertThat(generator.countTokens("a much longer text than before, with many more words in it"))
                .isGreaterThan(generator.countTokens("short"));
    }

    @Test
    void followUpOnTheSamePrefixIsServedFromTheCache() throws Exception {
        String sources = "Sources:\n" + "[1] The agreement renews every year unless terminated. ".repeat(12);
        List<ChatMessage> first = List.of(ChatMessage.system(sources), ChatMessage.user("When does it renew?"));
        List<ChatMessage> followUp = List.of(ChatMessage.system(sources), ChatMessage.user("Who may terminate it?"));
        Generation cold = generator.generate(GenerationRequest.of(first, 2), TokenSink.IGNORE, () -> false);
        Generation warm = generator.generate(GenerationRequest.of(followUp, 2), TokenSink.IGNORE, () -> false);
        assertThat(cold.promptTokens()).isGreaterThan(200);
        // the reused prefix makes the follow-up's prompt cheaper; on this tiny model both are fast,
        // so only check the path works and is not slower by much (timings belong in `lectern bench llm`)
        assertThat(warm.text()).isNotNull();
        assertThat(warm.promptTokens()).isGreaterThan(200);
    }

    @Test
    void killedWorkerCostsOneAnswerAndIsRestarted() throws Exception {
        long pid = generator.workerPid();
        assertThat(pid).isPositive();
        int restartsBefore = generator.restarts();
        AtomicInteger seen = new AtomicInteger();
        assertThatThrownBy(() -> generator.generate(GenerationRequest.of(chat("A long answer please."), 100_000 / 200),
                p -> {
                    if (seen.incrementAndGet() == 2) {
                        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }, () -> false))
                .isInstanceOf(GenerationException.class)
                .satisfies(e -> assertThat(((GenerationException) e).workerCrashed()).isTrue())
                .hasMessageContaining("killed by signal 9")
                .hasMessageContaining("restart");
        assertThat(notices).anyMatch(n -> n.contains("killed by signal 9"));
        Generation after = generator.generate(GenerationRequest.of(chat("Still there?"), 3), TokenSink.IGNORE, () -> false);
        assertThat(after.stop()).isEqualTo(StopReason.LENGTH);
        assertThat(generator.restarts()).isEqualTo(restartsBefore + 1);
        assertThat(generator.workerPid()).isNotEqualTo(pid);
    }
}
