package dev.lectern.app.answer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lectern.app.workspace.IngestListener;
import dev.lectern.app.workspace.Workspace;
import dev.lectern.app.workspace.Workspaces;
import dev.lectern.indexing.IndexedDocument;
import dev.lectern.inference.gguf.GgmlType;
import dev.lectern.inference.gguf.GgufReader;
import dev.lectern.inference.gguf.ModelShape;
import dev.lectern.inference.gguf.SyntheticModels;
import dev.lectern.inference.llama.KvCacheType;
import dev.lectern.inference.llama.LlamaSettings;
import dev.lectern.inference.worker.WorkerGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StructuredExtractorTest {
    @TempDir
    Path dir;
    Workspace workspace;
    IndexedDocument nda;
    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void open() throws Exception {
        Path file = dir.resolve("nda.md");
        Files.writeString(file, AnswererTest.NDA);
        workspace = new Workspaces(dir.resolve("data")).open("w", Workspaces.Options.defaults().withModel(null));
        workspace.ingest(List.of(file), IngestListener.NONE, () -> false);
        nda = workspace.index().documents().get(0);
    }

    @AfterEach
    void close() throws Exception {
        workspace.close();
    }

    private JsonNode schema() throws Exception {
        return json.readTree("""
                {"type":"object","properties":{
                  "governing_law":{"type":"string","description":"the law that governs the agreement"},
                  "notice_days":{"type":"integer","description":"days of written notice needed to terminate"}}}""");
    }

    @Test
    void fieldsComeWithTheExactPassageTheyWereReadFrom() throws Exception {
        AnswererTest.ScriptedGenerator g = new AnswererTest.ScriptedGenerator(prompt -> {
            int law = AnswererTest.sourceNumberOf(prompt, "Delaware");
            int notice = AnswererTest.sourceNumberOf(prompt, "thirty (30) days");
            return "{\"governing_law\":{\"value\":\"the laws of the State of Delaware\",\"source\":" + law + "},"
                    + "\"notice_days\":{\"value\":30,\"source\":" + notice + "}}";
        });
        StructuredExtractor.Extraction x = new StructuredExtractor(workspace.index(), g).extract(nda, schema(), () -> false);
        assertThat(x.mode()).isEqualTo(Answer.Mode.GENERATED);
        StructuredExtractor.Field law = x.fields().get(0);
        assertThat(law.value().asText()).isEqualTo("the laws of the State of Delaware");
        assertThat(law.supported()).isTrue();
        String text = workspace.parser().extract(Path.of(nda.path())).text();
        assertThat(text.substring(law.citation().start(), law.citation().end())).isEqualTo(law.citation().quote());
        assertThat(x.fields().get(1).value().asInt()).isEqualTo(30);
        assertThat(x.fields().get(1).supported()).isTrue();
        // the generator was constrained by the wrapped schema
        String constrained = StructuredExtractor.wrapped(StructuredExtractor.fields(schema()), 3).toString();
        assertThat(constrained).contains("\"source\"", "\"anyOf\"", "\"maximum\":3");
    }

    @Test
    void valueTheCitedPassageDoesNotStateIsFlagged() throws Exception {
        AnswererTest.ScriptedGenerator g = new AnswererTest.ScriptedGenerator(prompt ->
                "{\"governing_law\":{\"value\":\"New York\",\"source\":" + AnswererTest.sourceNumberOf(prompt, "Delaware")
                        + "},\"notice_days\":{\"value\":null,\"source\":1}}");
        StructuredExtractor.Extraction x = new StructuredExtractor(workspace.index(), g).extract(nda, schema(), () -> false);
        assertThat(x.fields().get(0).supported()).isFalse();
        assertThat(x.fields().get(1).value().isNull()).isTrue();
        assertThat(x.fields().get(1).supported()).isFalse();
    }

    /** A model that stops at the token limit after {@code text}, as a small model writing a long value does. */
    private static AnswererTest.ScriptedGenerator cutShortAfter(java.util.function.Function<String, String> text) {
        return new AnswererTest.ScriptedGenerator(text) {
            @Override
            public dev.lectern.inference.Generation generate(dev.lectern.inference.GenerationRequest r,
                                                            dev.lectern.inference.TokenSink sink,
                                                            java.util.function.BooleanSupplier cancelled)
                    throws dev.lectern.inference.GenerationException {
                dev.lectern.inference.Generation g = super.generate(r, sink, cancelled);
                return new dev.lectern.inference.Generation(g.text(), g.promptTokens(), g.generatedTokens(),
                        g.firstTokenMillis(), g.totalMillis(), dev.lectern.inference.StopReason.LENGTH);
            }
        };
    }

    @Test
    void outputCutShortBeforeAnyValueSaysNothingWasExtracted() throws Exception {
        StructuredExtractor.Extraction x = new StructuredExtractor(workspace.index(),
                cutShortAfter(prompt -> "{\"governing_law\":{\"value\":\"the laws of the State of Delaware and")).extract(nda,
                schema(), () -> false);

        assertThat(x.mode()).isEqualTo(Answer.Mode.GENERATED);
        assertThat(x.fields()).allSatisfy(f -> assertThat(f.value().isNull()).isTrue());
        assertThat(x.nothingExtracted()).isTrue();
        assertThat(x.notices()).containsExactly("Nothing was extracted: the model's output was cut short before the JSON"
                + " was complete (LENGTH: it reached the limit of 256 tokens) and no field got a value, so every field is null.");
    }

    @Test
    void outputCutShortAfterAFinishedFieldKeepsThatField() throws Exception {
        StructuredExtractor.Extraction x = new StructuredExtractor(workspace.index(), cutShortAfter(prompt ->
                "{\"governing_law\":{\"value\":\"the laws of the State of Delaware\",\"source\":"
                        + AnswererTest.sourceNumberOf(prompt, "Delaware") + "},\"notice_days\":{\"value\":3")).extract(nda,
                schema(), () -> false);

        assertThat(x.fields().get(0).value().asText()).isEqualTo("the laws of the State of Delaware");
        assertThat(x.fields().get(0).supported()).isTrue();
        assertThat(x.fields().get(1).value().isNull()).isTrue();
        assertThat(x.nothingExtracted()).isFalse();
        assertThat(x.notices()).singleElement().asString().startsWith("The model's output was cut short")
                .endsWith("the fields it did not finish are empty.");
    }

    @Test
    void aCompleteAnswerWithEveryFieldNullIsAResultNotAFailure() throws Exception {
        StructuredExtractor.Extraction x = new StructuredExtractor(workspace.index(), new AnswererTest.ScriptedGenerator(
                prompt -> "{\"governing_law\":{\"value\":null,\"source\":1},\"notice_days\":{\"value\":null,\"source\":1}}"))
                .extract(nda, schema(), () -> false);

        assertThat(x.fields()).allSatisfy(f -> assertThat(f.value().isNull()).isTrue());
        assertThat(x.nothingExtracted()).isFalse();
        assertThat(x.notices()).isEmpty();
    }

    @Test
    void withoutAModelEachFieldGetsItsEvidence() throws Exception {
        StructuredExtractor.Extraction x = new StructuredExtractor(workspace.index(), null).extract(nda, schema(), () -> false);
        assertThat(x.mode()).isEqualTo(Answer.Mode.EVIDENCE);
        assertThat(x.fields().get(0).citation().quote()).contains("Delaware");
        assertThat(x.fields().get(0).value().isNull()).isTrue();
    }

    @Test
    void grammarConstrainedDecodingThroughLlamaCppYieldsSchemaShapedJson() throws Exception {
        Path model = SyntheticModels.write(dir.resolve("tiny.gguf"), ModelShape.TINY, GgmlType.Q8_0, 5);
        JsonNode enumSchema = json.readTree("""
                {"type":"object","properties":{
                  "governing_law":{"type":"string","enum":["Delaware","New York"]},
                  "mutual":{"type":"boolean"}}}""");
        try (WorkerGenerator g = WorkerGenerator.start(GgufReader.read(model),
                new LlamaSettings(1, 1, 4096, 256, 256, KvCacheType.F16, true, 0, false, false), n -> { })) {
            StructuredExtractor.Extraction x = new StructuredExtractor(workspace.index(), g).extract(nda, enumSchema,
                    () -> false);
            assertThat(x.mode()).isEqualTo(Answer.Mode.GENERATED);
            assertThat(x.notices()).noneMatch(n -> n.contains("cut short"));
            JsonNode law = x.fields().get(0).value();
            assertThat(law.isNull() || List.of("Delaware", "New York").contains(law.asText())).as(law.toString()).isTrue();
            JsonNode mutual = x.fields().get(1).value();
            assertThat(mutual.isNull() || mutual.isBoolean()).isTrue();
        }
    }

    @Test
    void aPropertyThatIsNotASchemaObjectIsRefusedByName() {
        assertThatThrownBy(() -> StructuredExtractor.fields(json.readTree(
                "{\"type\":\"object\",\"properties\":{\"b\":{\"type\":\"string\"},\"a\":\"string\"}}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("property 'a' must be a schema object such as {\"type\":\"string\"}, not \"string\"");
    }

    @Test
    void schemaWithoutPropertiesIsRefusedWithAnExample() {
        assertThatThrownBy(() -> StructuredExtractor.fields(json.readTree("{\"type\":\"string\"}")))
                .hasMessageContaining("object schema with properties").hasMessageContaining("governing_law");
    }
}
