package dev.lectern.app.cli;

import dev.lectern.inference.gguf.GgmlType;
import dev.lectern.inference.gguf.ModelShape;
import dev.lectern.inference.gguf.SyntheticModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ExtractCommandTest {
    private static final String SCHEMA = """
            {"type":"object","properties":{"governing_law":{"type":"string","description":"the state whose law governs"}}}
            """;

    @TempDir
    Path dir;

    private Path contract() throws Exception {
        return Files.writeString(dir.resolve("nda.md"), """
                # Non-Disclosure Agreement

                This Agreement is governed by the laws of the State of Delaware.
                """);
    }

    private CliRun extract(String schema, String... more) throws Exception {
        Path s = Files.writeString(dir.resolve("schema.json"), schema);
        String[] args = new String[5 + more.length + 1];
        args[0] = "--data-dir";
        args[1] = dir.resolve("data").toString();
        args[2] = "extract";
        args[3] = "--schema";
        args[4] = s.toString();
        System.arraycopy(more, 0, args, 5, more.length);
        args[args.length - 1] = contract().toString();
        return CliRun.of(args);
    }

    @Test
    void aMissingSchemaFileIsNamedAsNotFound() throws Exception {
        Path missing = dir.resolve("nosuch.json");

        CliRun r = CliRun.of("--data-dir", dir.resolve("data").toString(), "extract", "--schema", missing.toString(),
                "--model", "none", contract().toString());

        assertThat(r.code()).isEqualTo(ParseCommand.EXIT_BAD_INPUT);
        assertThat(r.err()).isEqualTo("lectern: schema file " + missing + " not found" + System.lineSeparator());
    }

    @Test
    void aSchemaThatIsNotJsonSaysWhereAndWhyInAFewWords() throws Exception {
        CliRun cut = extract("{\"type\":\"object\",\n \"properties\":{\"a\":{\"type\":\"string\"}}", "--model", "none");
        CliRun stray = extract("{\"type\":\"object\",\n \"properties\": {,}}", "--model", "none");

        assertThat(cut.code()).isEqualTo(ParseCommand.EXIT_BAD_INPUT);
        assertThat(cut.err()).isEqualTo("lectern: schema file " + dir.resolve("schema.json") + " is not valid JSON at line 2,"
                + " column 38: unexpected end-of-input: expected close marker for Object (opened at line 1, column 1)"
                + System.lineSeparator());
        assertThat(stray.code()).isEqualTo(ParseCommand.EXIT_BAD_INPUT);
        assertThat(stray.err()).startsWith("lectern: schema file " + dir.resolve("schema.json")
                + " is not valid JSON at line 2, column 17: unexpected character (',' (code 44))");
        for (CliRun r : List.of(cut, stray)) {
            assertThat(r.err()).doesNotContain("Source", "REDACTED", "StreamReadFeature", "Exception").hasLineCount(1);
        }
    }

    @Test
    void aPropertyThatIsNotASchemaIsRefusedByNameWithAModelAndWithout() throws Exception {
        Path model = SyntheticModels.write(dir.resolve("tiny.gguf"), ModelShape.TINY, GgmlType.Q8_0, 3);
        String schema = "{\"type\":\"object\",\"properties\":{\"a\":\"string\"}}";
        for (String m : List.of(model.toString(), "none")) {
            CliRun r = extract(schema, "--model", m, "--ctx", "2048");

            assertThat(r.code()).as(r.err()).isEqualTo(ParseCommand.EXIT_BAD_INPUT);
            assertThat(r.err()).as("--model %s", m).contains("property 'a' must be a schema object")
                    .doesNotContain("Exception");
            assertThat(r.out()).isEmpty();
        }
    }

    /**
     * A local server speaking llama-server's streaming chat API that writes {@code answer} and stops with
     * {@code finishReason}; closed by the caller.
     */
    private static HttpServer llamaServer(String answer, String finishReason) throws Exception {
        ObjectMapper json = new ObjectMapper();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", ex -> reply(ex, "{\"status\":\"ok\"}"));
        server.createContext("/props", ex -> reply(ex, "{\"default_generation_settings\":{\"n_ctx\":4096},"
                + "\"model_path\":\"/m/served.gguf\"}"));
        server.createContext("/tokenize", ex -> {
            int n = json.readTree(ex.getRequestBody()).path("content").asText().length() / 4 + 1;
            reply(ex, "{\"tokens\":" + java.util.stream.IntStream.range(0, n).boxed().toList() + "}");
        });
        server.createContext("/v1/chat/completions", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().add("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                ObjectNode c = json.createObjectNode();
                c.putArray("choices").addObject().putNull("finish_reason").putObject("delta").put("content", answer);
                ObjectNode last = json.createObjectNode();
                last.putArray("choices").addObject().put("finish_reason", finishReason).putObject("delta");
                last.putObject("usage").put("prompt_tokens", 100).put("completion_tokens", 10);
                out.write(("data: " + c + "\n\ndata: " + last + "\n\ndata: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
            }
        });
        server.start();
        return server;
    }

    private static void reply(HttpExchange ex, String body) throws java.io.IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    private static String url(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void anOutputCutShortBeforeAnyValueExitsWithOneSayingNothingWasExtractedAndStillPrintsTheShape() throws Exception {
        HttpServer server = llamaServer("{\"governing_law\":{\"value\":\"the laws of the State of Delaware and the", "length");
        CliRun r;
        try {
            r = extract(SCHEMA, "--server", url(server));
        } finally {
            server.stop(0);
        }

        assertThat(r.code()).as(r.err()).isEqualTo(ExtractCommand.EXIT_NOTHING_EXTRACTED).isEqualTo(1);
        assertThat(r.err()).contains("lectern: Nothing was extracted: the model's output was cut short before the JSON was"
                + " complete (LENGTH: it reached the limit of 160 tokens) and no field got a value, so every field is null.");
        JsonNode out = new ObjectMapper().readTree(r.out());
        assertThat(out.path("mode").asText()).isEqualTo("generated");
        assertThat(out.path("fields").path("governing_law").path("value").isNull()).isTrue();
    }

    @Test
    void aCompleteAnswerThatFindsNoFieldInTheDocumentExitsWithZero() throws Exception {
        HttpServer server = llamaServer("{\"governing_law\":{\"value\":null,\"source\":1}}", "stop");
        CliRun r;
        try {
            r = extract(SCHEMA, "--server", url(server));
        } finally {
            server.stop(0);
        }

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("Nothing was extracted");
        assertThat(new ObjectMapper().readTree(r.out()).path("fields").path("governing_law").path("value").isNull()).isTrue();
    }

    @Test
    void aModelsFolderOfOnlyUnusableFilesIsCountedAndPointsToModelsListInsteadOfNoneInstalled() throws Exception {
        Path models = Files.createDirectories(dir.resolve("data/models"));
        Files.write(models.resolve("empty.gguf"), new byte[0]);
        Files.writeString(models.resolve("text.gguf"), "hello, this is text and not a model\n");
        byte[] whole = Files.readAllBytes(SyntheticModels.write(dir.resolve("tiny.gguf"), ModelShape.TINY, GgmlType.Q8_0, 3));
        Files.write(models.resolve("cut.gguf"), java.util.Arrays.copyOf(whole, whole.length / 2));

        CliRun r = extract(SCHEMA);

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("lectern: 3 files in the models folder " + models + " cannot be used as models: "
                + "answering in evidence mode", "`lectern models list`").doesNotContain("no language model installed");
        assertThat(r.out()).contains("\"mode\" : \"evidence\"");
    }

    @Test
    void aModelNamedWithDashDashModelThatLlamaCppCannotLoadFailsInsteadOfExtractingInEvidenceMode() throws Exception {
        Path model = AskCommandTest.modelLlamaCppRefuses(dir.resolve("misshapen.gguf"));

        CliRun r = extract(SCHEMA, "--model", model.toString(), "--ctx", "2048");

        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("cannot answer with " + model, "llama.cpp could not load misshapen.gguf: ")
                .doesNotContain("answering in evidence mode");
        assertThat(r.out()).isEmpty();
    }
}
