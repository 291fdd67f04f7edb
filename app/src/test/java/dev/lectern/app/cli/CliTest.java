package dev.lectern.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {
    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void ingestReportCountsOnePageAndOneChunkInTheSingular() {
        java.io.StringWriter text = new java.io.StringWriter();
        dev.lectern.app.workspace.IngestReport report = new dev.lectern.app.workspace.IngestReport(java.util.List.of(
                new dev.lectern.app.workspace.FileOutcome(Path.of("letter.png"),
                        dev.lectern.app.workspace.FileOutcome.Status.ADDED, "d1", 1, 1, null, null),
                new dev.lectern.app.workspace.FileOutcome(Path.of("nda.pdf"),
                        dev.lectern.app.workspace.FileOutcome.Status.ADDED, "d2", 4, 27, null, null)),
                0.5, 0.5, 1, false);

        IngestCommand.printReport(report, new java.io.PrintWriter(text));

        assertThat(text.toString()).contains("letter.png  (1 page, 1 chunk)").contains("nda.pdf  (4 pages, 27 chunks)")
                .contains("vectors for 1 chunk in");
    }

    @Test
    void docsAndRemoveCountOneDocumentAndOneChunkInTheSingular() throws Exception {
        Path note = Files.writeString(dir.resolve("note.txt"), "The office is closed on Fridays.\n");
        String data = dir.resolve("data").toString();
        assertThat(run("--data-dir", data, "ingest", "--no-vectors", note.toString()).code()).isZero();

        CliRun docs = run("--data-dir", data, "docs");
        CliRun removed = run("--data-dir", data, "remove", "note.txt");

        assertThat(docs.out()).contains("1 document, 1 chunk in workspace 'default'").containsPattern(" 1 chunk  .*note\\.txt");
        assertThat(removed.out()).contains("note.txt (1 chunk)");
    }

    @Test
    void versionNamesLecternAndItsJava() {
        CliRun r = run("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("lectern ").contains("Java 17");
    }

    @Test
    void helpListsTheCommandsAndTheDataFolder() {
        CliRun r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("parse", "bench", "--data-dir", "LECTERN_HOME");
    }

    @Test
    void everyCommandSummaryInTheHelpIsAWholeSentence() {
        // the command lists show only the first line of a description: one cut mid-sentence reads as a bug
        java.util.List<String> cut = new java.util.ArrayList<>();
        java.util.Deque<CommandLine> todo = new java.util.ArrayDeque<>(java.util.List.of(new CommandLine(new LecternCommand())));
        while (!todo.isEmpty()) {
            CommandLine c = todo.pop();
            String[] d = c.getCommandSpec().usageMessage().description();
            if (d.length == 0 || !d[0].strip().matches("(?s).*[.)]$")) {
                cut.add(c.getCommandSpec().qualifiedName() + ": " + (d.length == 0 ? "(none)" : d[0]));
            }
            todo.addAll(c.getSubcommands().values());
        }
        assertThat(cut).as("commands whose help summary is not a whole sentence").isEmpty();
    }

    @Test
    void theEmbeddingModelOptionNamesEveryBundledModelAndTheDefault() {
        for (String command : new String[] {"search", "docs", "ingest", "eval"}) {
            String help = run(command, "--help").out().replaceAll("\\s+", " ");

            assertThat(help).as(command).contains("Embedding model",
                    "(default: " + dev.lectern.indexing.embed.EmbeddingModels.DEFAULT_ID + ")",
                    "Bundled: bge-small-en-v1.5-q, all-minilm-l6-v2-q.");
        }
    }

    @Test
    void dataDirOptionIsHonoured() {
        LecternCommand root = new LecternCommand();
        new CommandLine(root).parseArgs("--data-dir", dir.toString());
        assertThat(root.dataDirectory()).isEqualTo(dir.toAbsolutePath().normalize());
    }

    @Test
    void parseJsonGivesOffsetsThatIndexTheText() throws Exception {
        Path md = dir.resolve("policy.md");
        Files.writeString(md, """
                # Privacy Policy

                We collect your e-mail address when you register.

                ## Sharing

                We never sell personal data. We share it with processors bound by contract.
                """, StandardCharsets.UTF_8);
        CliRun r = run("parse", md.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        String text = doc.get("text").asText();
        assertThat(text).contains("We never sell personal data.");
        JsonNode pages = doc.get("pages");
        assertThat(pages.size()).isEqualTo(1);
        assertThat(pages.get(0).get("start").asInt()).isZero();
        assertThat(pages.get(0).get("end").asInt()).isEqualTo(text.length());
        assertThat(doc.get("sections").size()).isEqualTo(2);
        assertThat(doc.get("sections").get(1).get("headingPath").toString()).contains("Privacy Policy", "Sharing");
        assertThat(doc.get("chunks").size()).isPositive();
        for (JsonNode c : doc.get("chunks")) {
            int s = c.get("start").asInt();
            int e = c.get("end").asInt();
            assertThat(text.substring(s, e)).isEqualTo(c.get("text").asText());
            assertThat(c.get("pageStart").asInt()).isEqualTo(1);
            assertThat(c.get("id").asText()).isNotBlank();
            assertThat(c.has("headingPath")).isTrue();
        }
        for (String key : new String[] {"tables", "metadata", "title", "language"}) {
            assertThat(doc.has(key)).as(key).isTrue();
        }
    }

    @Test
    void humanOutputShowsSectionsAndChunks() throws Exception {
        Path txt = dir.resolve("nda.txt");
        Files.writeString(txt, "ARTICLE IV TERM AND TERMINATION\n\n4.2 Termination. Either party may terminate this "
                + "Agreement on thirty days' written notice.\n", StandardCharsets.UTF_8);
        CliRun r = run("parse", txt.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Sections (2)", "ARTICLE IV TERM AND TERMINATION", "4.2 Termination", "Chunks (");
    }

    @Test
    void parseShowsTheChunksIngestIndexes() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 40; i++) {
            text.append("Clause ").append(i).append(". The supplier keeps the records of batch ").append(i)
                    .append(" for the customer's audit at any reasonable time during business hours.\n\n");
        }
        Path txt = Files.writeString(dir.resolve("supply.txt"), text.toString());

        JsonNode parsed = new ObjectMapper().readTree(run("parse", "--json", txt.toString()).out());
        CliRun ingest = run("--data-dir", dir.resolve("data").toString(), "ingest", "--no-vectors", txt.toString());

        assertThat(ingest.out()).contains("(" + parsed.get("chunks").size() + " chunks)");
    }

    @Test
    void searchShowsTheRestOfAFocusedPassageAsSuchAndNoPageForAFileWithoutPages() throws Exception {
        Path memo = Files.writeString(dir.resolve("memo.txt"), "Version two of the memo. Now about flamingos standing on one leg.");
        String data = dir.resolve("data").toString();
        run("--data-dir", data, "ingest", "--no-vectors", memo.toString());

        CliRun human = run("--data-dir", data, "search", "--no-vectors", "flamingos");
        JsonNode json = new ObjectMapper().readTree(run("--data-dir", data, "search", "--no-vectors", "--json", "flamingos").out());

        assertThat(human.out()).contains("1. memo.txt\n").contains("flamingos standing");
        if (json.get("passages").size() > 1) { // the focused sentence, then the rest of its chunk
            assertThat(human.out()).contains("the rest of the passage of 1");
        }
        assertThat(json.get("passages")).isNotEmpty().allSatisfy(p -> {
            assertThat(p.get("pageStart").isNull()).isTrue();
            assertThat(p.get("pageEnd").isNull()).isTrue();
        });
    }

    @Test
    void aSearchByMeaningSaysWhichDocumentsHaveNoVectorsYet() throws Exception {
        Path memo = Files.writeString(dir.resolve("memo.txt"), "The heron budget closes in March.");
        String data = dir.resolve("data").toString();
        run("--data-dir", data, "ingest", "--no-vectors", memo.toString());

        CliRun vector = run("--data-dir", data, "search", "--no-vectors", "--mode", "vector", "heron");
        CliRun keywords = run("--data-dir", data, "search", "--no-vectors", "heron");

        assertThat(vector.err()).contains("1 document of 1 have no vectors yet", "a search by meaning alone does not find");
        assertThat(keywords.err()).doesNotContain("no vectors");
    }

    @Test
    void badFileExitsWithAMessageNamingTheFileAndTheReason() throws Exception {
        Path corrupt = dir.resolve("statement.pdf");
        Files.write(corrupt, "%PDF-1.7\nthis is not really a pdf".getBytes(StandardCharsets.US_ASCII));
        CliRun r = run("parse", corrupt.toString());
        assertThat(r.code()).isEqualTo(ParseCommand.EXIT_BAD_INPUT);
        assertThat(r.err()).contains("statement.pdf", "damaged");
        assertThat(r.out()).isEmpty();

        CliRun missing = run("parse", dir.resolve("nowhere.docx").toString());
        assertThat(missing.code()).isEqualTo(ParseCommand.EXIT_BAD_INPUT);
        assertThat(missing.err()).contains("nowhere.docx", "no such file");
    }

    @Test
    void pagesBenchRefusesAFolderThatIsNotADataset() {
        CliRun r = run("bench", "pages", dir.toString());
        assertThat(r.code()).isEqualTo(ParseCommand.EXIT_BAD_INPUT);
        assertThat(r.err()).contains("questions.jsonl");
    }

    private Path tinyDataset() throws Exception {
        Path set = Files.createDirectories(dir.resolve("set"));
        Files.createDirectories(set.resolve("docs"));
        Files.writeString(set.resolve("docs/nda.txt"), "Either party may end this agreement on thirty days' notice.\n");
        Files.writeString(set.resolve("questions.jsonl"), "{\"id\": \"q1\", \"question\": \"How much notice ends the agreement?\", "
                + "\"evidence\": [{\"doc\": \"docs/nda.txt\", \"start\": 0, \"end\": 20}]}\n");
        return set;
    }

    @Test
    void evalTraceWritesOneLinePerQuestion() throws Exception {
        Path trace = dir.resolve("trace.jsonl");
        CliRun r = run("--data-dir", dir.resolve("data").toString(), "eval", tinyDataset().toString(), "--no-vectors",
                "--trace", trace.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode line = new ObjectMapper().readTree(Files.readAllLines(trace).get(0));
        assertThat(line.get("id").asText()).isEqualTo("q1");
        assertThat(line.get("top").get(0).get("doc").asText()).endsWith("nda.txt");
        assertThat(line.get("spanPrecision1").asDouble()).isPositive();
    }

    @Test
    void evalTraceInAMissingFolderIsRefusedBeforeAnyWork() throws Exception {
        Path trace = dir.resolve("no-such-folder/trace.jsonl");
        CliRun r = run("--data-dir", dir.resolve("data").toString(), "eval", tinyDataset().toString(), "--no-vectors",
                "--trace", trace.toString());
        assertThat(r.code()).isEqualTo(ParseCommand.EXIT_BAD_INPUT);
        assertThat(r.err()).contains(trace.toString(), "its folder does not exist").doesNotContain("ingesting");
    }

    @Test
    void evalMeasuresHowOftenQuestionsAboutOtherDocumentsAreDeclined() throws Exception {
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.createDirectories(other.resolve("docs"));
        Files.writeString(other.resolve("questions.jsonl"),
                "{\"id\": \"f1\", \"question\": \"What was the FY2018 capital expenditure of 3M?\", \"evidence\": [{\"doc\": \"docs/3M_2018_10K.pdf\", \"page\": 60}]}\n"
                        + "{\"id\": \"f2\", \"question\": \"How much notice ends the agreement?\", \"evidence\": [{\"doc\": \"docs/3M_2018_10K.pdf\", \"page\": 61}]}\n");

        CliRun r = run("--data-dir", dir.resolve("data").toString(), "eval", tinyDataset().toString(), "--no-vectors",
                "--unanswerable", other.toString(), "--floor", "answered=1", "--floor", "declined=0.5");

        assertThat(r.code()).as(r.err()).isZero();
        // 3M is nowhere in the NDA; the other question could be asked of it and is answered
        assertThat(r.out()).contains("answered 1.000 of this dataset's questions", "declined 0.500 of the 2 questions");
        CliRun strict = run("--data-dir", dir.resolve("data").toString(), "eval", tinyDataset().toString(), "--no-vectors",
                "--unanswerable", other.toString(), "--floor", "declined=0.9");
        assertThat(strict.code()).isEqualTo(1);
        assertThat(strict.err()).contains("floor declined=0.9: measured 0.5000 is below 0.9000");
    }
}
