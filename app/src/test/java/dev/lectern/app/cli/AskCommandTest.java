package dev.lectern.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lectern.inference.gguf.GgmlType;
import dev.lectern.inference.gguf.ModelShape;
import dev.lectern.inference.gguf.ModelValidator;
import dev.lectern.inference.gguf.SyntheticModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AskCommandTest {
    @TempDir
    Path dir;

    private Path contract() throws Exception {
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(docs.resolve("nda.md"), """
                # Non-Disclosure Agreement

                ## Termination

                Either party may terminate this Agreement by giving thirty (30) days' prior written notice.

                ## Governing Law

                This Agreement is governed by the laws of the State of Delaware.
                """);
        return docs;
    }

    @Test
    void askWithoutAModelAnswersInEvidenceModeWithExactCitations() throws Exception {
        Path docs = contract();
        CliRun r = CliRun.of("--data-dir", dir.resolve("data").toString(), "ask", "--json", "--docs", docs.toString(),
                "What is the notice period for termination?");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode a = new ObjectMapper().readTree(r.out());
        assertThat(a.get("mode").asText()).isEqualTo("evidence");
        assertThat(a.get("answer").asText()).contains("thirty (30) days");
        JsonNode c = a.get("citations").get(0);
        String doc = c.get("doc").asText();
        assertThat(doc).endsWith("nda.md");
        // offsets index the text `lectern parse DOC --json` gives
        CliRun parsed = CliRun.of("parse", doc, "--json");
        String text = new ObjectMapper().readTree(parsed.out()).get("text").asText();
        assertThat(text.substring(c.get("start").asInt(), c.get("end").asInt())).isEqualTo(c.get("quote").asText());
        assertThat(a.get("sentences").get(0).get("citations").get(0).asInt()).isEqualTo(c.get("n").asInt());
        assertThat(r.err()).contains("evidence mode");
    }

    @Test
    void askWithAModelRunsLlamaCppAndFlagsWhatItCannotSupport() throws Exception {
        Path docs = contract();
        Path model = SyntheticModels.write(dir.resolve("tiny.gguf"), ModelShape.TINY, GgmlType.Q8_0, 3);
        CliRun r = CliRun.of("--data-dir", dir.resolve("data").toString(), "ask", "--json", "--model", model.toString(),
                "--ctx", "2048", "--docs", docs.toString(), "What is the notice period for termination?");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode a = new ObjectMapper().readTree(r.out());
        assertThat(a.get("mode").asText()).isEqualTo("generated");
        // random weights write gibberish: every sentence of it must be flagged, none passed as supported
        assertThat(a.get("sentences")).isNotEmpty();
        a.get("sentences").forEach(s -> assertThat(s.get("supported").asBoolean()).isFalse());
    }

    @Test
    void aQuestionAboutADocumentThatIsNotThereIsNotFoundAndSaysWhy() throws Exception {
        Path docs = contract();
        Path model = SyntheticModels.write(dir.resolve("tiny.gguf"), ModelShape.TINY, GgmlType.Q8_0, 3);
        // its words (notice, termination) are all in the contract; the party it names is not
        String question = "What notice does the agreement with Kraft Heinz require for termination?";
        for (String[] modelArgs : List.of(new String[0], new String[] {"--model", model.toString(), "--ctx", "2048"})) {
            List<String> args = new java.util.ArrayList<>(List.of("--data-dir", dir.resolve("data").toString(), "ask", "--json"));
            args.addAll(List.of(modelArgs));
            args.addAll(List.of("--docs", docs.toString(), question));

            CliRun r = CliRun.of(args.toArray(String[]::new));

            assertThat(r.code()).as(r.err()).isZero();
            JsonNode a = new ObjectMapper().readTree(r.out());
            assertThat(a.get("mode").asText()).as("with %s", List.of(modelArgs)).isEqualTo("not_found");
            assertThat(a.get("answer").asText()).contains("none of your documents mentions Kraft Heinz");
            // the closest passages come along, exact ranges of the contract's text
            assertThat(a.get("closest")).as("with %s", List.of(modelArgs)).isNotEmpty().allSatisfy(c -> {
                assertThat(c.get("doc").asText()).endsWith("nda.md");
                assertThat(c.get("quote").asText()).hasSize(c.get("end").asInt() - c.get("start").asInt());
            });
        }
        // a whole-document request too: the only document there is not the one asked for
        CliRun whole = CliRun.of("--data-dir", dir.resolve("data").toString(), "ask", "--json", "--docs", docs.toString(),
                "Summarise the Kraft Heinz agreement");
        JsonNode w = new ObjectMapper().readTree(whole.out());
        assertThat(w.get("mode").asText()).as(whole.err()).isEqualTo("not_found");
        assertThat(w.get("answer").asText()).contains("none of your documents mentions Kraft Heinz");
    }

    @Test
    void brokenModelFileIsReportedByNameNotCrashed() throws Exception {
        Path docs = contract();
        Path bad = Files.writeString(dir.resolve("model.gguf"), "<html>404</html> not a model at all, just a page");
        CliRun r = CliRun.of("--data-dir", dir.resolve("data").toString(), "ask", "--model", bad.toString(),
                "--docs", docs.toString(), "What is the notice period?");
        assertThat(r.code()).isEqualTo(ParseCommand.EXIT_BAD_INPUT);
        assertThat(r.err()).contains("model.gguf").contains("not a GGUF model file");
    }

    /** Passes Lectern's GGUF checks, but its embedding length disagrees with its tensors, so llama.cpp refuses it. */
    static Path modelLlamaCppRefuses(Path file) throws Exception {
        SyntheticModels.writer(ModelShape.TINY, GgmlType.Q8_0).putU32("llama.embedding_length", 128).write(file, 3);
        ModelValidator.validateChatModel(file);
        return file;
    }

    @Test
    void aModelNamedWithDashDashModelThatLlamaCppCannotLoadFailsWithItsReasonInsteadOfAnsweringInEvidenceMode()
            throws Exception {
        Path docs = contract();
        Path model = modelLlamaCppRefuses(dir.resolve("misshapen.gguf"));

        CliRun r = CliRun.of("--data-dir", dir.resolve("data").toString(), "ask", "--model", model.toString(),
                "--ctx", "2048", "--docs", docs.toString(), "What is the notice period for termination?");

        assertThat(r.code()).as(r.err()).isEqualTo(ModelOptions.EXIT_MODEL_FAILED).isEqualTo(1);
        assertThat(r.err()).contains("cannot answer with " + model, "llama.cpp could not load misshapen.gguf: ")
                .doesNotContain("evidence mode:").doesNotContain("answering in evidence mode")
                // llama.cpp's own reason, not only the binding's "could not load model from given file path"
                .doesNotContain("could not load model from given file path");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void theDefaultModelThatLlamaCppCannotLoadFallsBackToEvidenceModeNamingTheFile() throws Exception {
        Path docs = contract();
        Path models = Files.createDirectories(dir.resolve("data/models"));
        modelLlamaCppRefuses(models.resolve("misshapen.gguf"));

        CliRun r = CliRun.of("--data-dir", dir.resolve("data").toString(), "ask", "--ctx", "2048", "--json",
                "--docs", docs.toString(), "What is the notice period for termination?");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("the default model misshapen.gguf could not be started (llama.cpp could not load",
                "answering in evidence mode");
        assertThat(new ObjectMapper().readTree(r.out()).get("mode").asText()).isEqualTo("evidence");
    }

    /** The models folder of the test's data folder with a truncated copy of a tiny model, set as the default. */
    private Path truncatedDefault() throws Exception {
        Path models = Files.createDirectories(dir.resolve("data/models"));
        byte[] whole = Files.readAllBytes(SyntheticModels.write(dir.resolve("tiny.gguf"), ModelShape.TINY, GgmlType.Q8_0, 3));
        Path cut = Files.write(models.resolve("chat.gguf"), java.util.Arrays.copyOf(whole, whole.length / 2));
        Files.writeString(models.resolve("default-model"), "chat.gguf\n");
        return cut;
    }

    @Test
    void aCorruptedDefaultModelIsNamedWithTheReasonBeforeAnsweringInEvidenceMode() throws Exception {
        Path docs = contract();
        Path cut = truncatedDefault();

        CliRun r = CliRun.of("--data-dir", dir.resolve("data").toString(), "ask", "--json", "--docs", docs.toString(),
                "What is the notice period for termination?");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("lectern: the default model " + cut + " cannot be used (", "it is truncated",
                "): answering in evidence mode").doesNotContain("no language model installed");
        assertThat(new ObjectMapper().readTree(r.out()).get("mode").asText()).isEqualTo("evidence");
    }

    @Test
    void aCorruptedDefaultModelIsNamedWhenAnotherInstalledModelAnswersInstead() throws Exception {
        Path docs = contract();
        Path cut = truncatedDefault();
        SyntheticModels.write(dir.resolve("data/models/other.gguf"), ModelShape.TINY, GgmlType.Q8_0, 4);

        CliRun r = CliRun.of("--data-dir", dir.resolve("data").toString(), "ask", "--json", "--ctx", "2048",
                "--docs", docs.toString(), "What is the notice period for termination?");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("lectern: the default model " + cut + " cannot be used (", "it is truncated",
                "); answering with other.gguf instead");
        assertThat(new ObjectMapper().readTree(r.out()).get("mode").asText()).isEqualTo("generated");
    }

    @Test
    void aModelsFolderOfOnlyUnusableEntriesIsCountedAndPointsToModelsListInsteadOfNoneInstalled() throws Exception {
        Path docs = contract();
        Path models = Files.createDirectories(dir.resolve("data/models"));
        Files.write(models.resolve("empty.gguf"), new byte[0]);
        Files.createDirectories(models.resolve("folder.gguf"));
        Files.createSymbolicLink(models.resolve("gone.gguf"), dir.resolve("moved-away.gguf"));

        CliRun r = CliRun.of("--data-dir", dir.resolve("data").toString(), "ask", "--json", "--docs", docs.toString(),
                "What is the notice period for termination?");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("lectern: 3 files in the models folder " + models + " cannot be used as models: "
                + "answering in evidence mode", "`lectern models list` shows each model file and whether it can be used")
                .doesNotContain("no language model installed");
        assertThat(new ObjectMapper().readTree(r.out()).get("mode").asText()).isEqualTo("evidence");
    }

    @Test
    void aModelsFolderWhoseOnlyEntryIsAFolderNamesIt() throws Exception {
        Path docs = contract();
        Path folder = Files.createDirectories(dir.resolve("data/models/folder.gguf"));

        CliRun r = CliRun.of("--data-dir", dir.resolve("data").toString(), "ask", "--json", "--docs", docs.toString(),
                "What is the notice period for termination?");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("lectern: the model " + folder + " cannot be used (a folder, not a model file): "
                + "answering in evidence mode").doesNotContain("no language model installed");
    }

    private CliRun askWithModel(Path docs, String model) {
        return CliRun.of("--data-dir", dir.resolve("data").toString(), "ask", "--model", model, "--docs", docs.toString(),
                "What is the notice period for termination?");
    }

    @Test
    void anInstalledModelNamedWithDashDashModelThatIsBrokenIsReportedAsUnusableWithTheReason() throws Exception {
        Path docs = contract();
        Path models = Files.createDirectories(dir.resolve("data/models"));
        Files.writeString(models.resolve("text.gguf"), "hello, this is text and not a model\n");
        byte[] whole = Files.readAllBytes(SyntheticModels.write(dir.resolve("tiny.gguf"), ModelShape.TINY, GgmlType.Q8_0, 3));
        Files.write(models.resolve("cut.gguf"), java.util.Arrays.copyOf(whole, whole.length / 2));

        CliRun text = askWithModel(docs, "text.gguf");
        CliRun cut = askWithModel(docs, "cut");

        assertThat(text.code()).isEqualTo(ParseCommand.EXIT_BAD_INPUT);
        assertThat(text.err()).contains("text.gguf: the file is in " + models + " but cannot be used: not a GGUF model file")
                .doesNotContain("no such model file");
        assertThat(cut.code()).isEqualTo(ParseCommand.EXIT_BAD_INPUT);
        assertThat(cut.err()).contains("cut.gguf: the file is in " + models + " but cannot be used: ", "it is truncated")
                .doesNotContain("no such model file");
    }

    @Test
    void aFolderOrABrokenLinkNamedWithDashDashModelSaysWhatItIs() throws Exception {
        Path docs = contract();
        Path models = Files.createDirectories(dir.resolve("data/models"));
        Files.createDirectories(models.resolve("folder.gguf"));
        Path link = models.resolve("gone.gguf");
        try {
            Files.createSymbolicLink(link, dir.resolve("deleted.gguf"));
        } catch (UnsupportedOperationException | java.io.IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no symbolic links here: " + e);
        }

        CliRun folder = askWithModel(docs, "folder.gguf");
        CliRun broken = askWithModel(docs, "gone");

        assertThat(folder.code()).isEqualTo(ParseCommand.EXIT_BAD_INPUT);
        assertThat(folder.err()).contains("folder.gguf: is a folder in " + models + ", not a .gguf model file");
        assertThat(broken.code()).isEqualTo(ParseCommand.EXIT_BAD_INPUT);
        assertThat(broken.err()).contains("gone.gguf: is a broken symbolic link in " + models + ": it points to "
                + dir.resolve("deleted.gguf") + ", which does not exist");
    }

    @Test
    void docsOfWhichNoneCanBeReadAreNamedAndLeaveNoScratchWorkspaceBehind() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path damaged = Files.createDirectories(dir.resolve("damaged"));
        Files.writeString(damaged.resolve("statement.pdf"), "%PDF-1.7\nthis is not really a pdf");

        CliRun none = CliRun.of("--data-dir", dir.resolve("data").toString(), "ask", "--docs", empty.toString(), "What is the term?");
        CliRun bad = CliRun.of("--data-dir", dir.resolve("data").toString(), "ask", "--docs", damaged.toString(), "What is the term?");

        assertThat(none.code()).isEqualTo(ParseCommand.EXIT_BAD_INPUT);
        assertThat(none.err()).contains("none of the files given with --docs could be read: " + empty)
                .doesNotContain("scratch-", "use --docs");
        assertThat(bad.code()).isEqualTo(ParseCommand.EXIT_BAD_INPUT);
        assertThat(bad.err()).contains("skipped", "statement.pdf", "damaged",
                "none of the files given with --docs could be read: " + damaged + " (the reasons are above)")
                .doesNotContain("scratch-", "use --docs");
        assertThat(new dev.lectern.app.workspace.Workspaces(dir.resolve("data")).names()).isEmpty();
    }

    @Test
    void emptyWorkspaceSaysHowToAddDocuments() {
        CliRun r = CliRun.of("--data-dir", dir.resolve("data").toString(), "ask", "What is the notice period?");
        assertThat(r.code()).isEqualTo(ParseCommand.EXIT_BAD_INPUT);
        assertThat(r.err()).contains("no documents").contains("lectern ingest");
    }
}
