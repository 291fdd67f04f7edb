package dev.lectern.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private Path twoSmallDocuments() throws Exception {
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(docs.resolve("lease.txt"), """
                WAREHOUSE LEASE

                1. Rent. The tenant pays rent of four thousand dollars on the first day of every month. Late rent
                costs a fee of five percent. Rent is paid by bank transfer to the account the landlord names.

                2. Term. The lease runs for three years. Either party may end it on ninety days' written notice.
                The tenant may renew it once for two more years.

                3. Repairs. The landlord repairs the roof and the walls. The tenant repairs everything inside.
                """, StandardCharsets.UTF_8);
        Files.writeString(docs.resolve("annual-report.txt"), """
                ACME ANNUAL REPORT 2023

                Revenue grew by twelve percent to 4.2 billion dollars, driven by the cloud segment. Gross margin
                fell slightly because component prices rose in the second half of the year.

                Capital expenditure was 310 million dollars, mostly for two new data centres. Free cash flow was
                540 million dollars. The board proposes a dividend of 1.10 dollars a share.

                Headcount rose to 9,800 employees. The company opened offices in Lisbon and Toronto.
                """, StandardCharsets.UTF_8);
        return docs;
    }

    @Test
    void ingestBenchIngestsTheFolderIntoAScratchWorkspaceAndPrintsItsTable() throws Exception {
        Path docs = twoSmallDocuments();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long scratchBefore = scratchFolders(tmp);
        CliRun r = run("bench", "ingest", docs.toString(), "--threads", "1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("2 files (2 ingested, 0 failed)", "2 page-equivalents",
                "| what | seconds | figure | goal | met |", "| keyword search ready |", ">= 50 pages/s",
                "| vectors done (keyword + vector stage) |", ">= 6 pages/s", "chunks embedded", "chunks/s",
                "| peak heap used");
        assertThat(r.out()).containsPattern("\\| keyword search ready \\| \\d+\\.\\d \\| \\d+\\.\\d pages/s");
        assertThat(scratchFolders(tmp)).as("the scratch workspace is deleted").isEqualTo(scratchBefore);
    }

    @Test
    void searchBenchTimesEveryModeOnASyntheticIndexAndPrintsItsTable() throws Exception {
        Path docs = twoSmallDocuments();
        CliRun r = run("bench", "search", "--chunks", "500", "--queries", "5", "--warmup", "3", "--sample", "8",
                "--threads", "1", docs.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("corpus: 2 files (0 failed)", "index: 500 synthetic chunks",
                "sentences of the documents", "| mode | queries | p50 ms | p95 ms | max ms | mean ms | goal | met |",
                "| BM25 | 5 |", "| vector | 5 |", "| hybrid | 5 |", "p95 <= 50 ms", "| query embedding alone");
        assertThat(r.out()).containsPattern("[1-4] segment\\(s\\) after a force-merge to at most 4; \\d+\\.\\d MB on disk, \\d+ bytes per chunk");
    }

    @Test
    void searchBenchUsesTheDatasetQuestionsBesideADocsFolder() throws Exception {
        Path docs = twoSmallDocuments();
        Files.writeString(dir.resolve("questions.jsonl"), """
                {"id": "q1", "question": "How much notice ends the warehouse lease?", "evidence": []}
                {"id": "q2", "question": "What was Acme's capital expenditure in 2023?", "evidence": []}
                """, StandardCharsets.UTF_8);
        CliRun r = run("bench", "search", "--chunks", "60", "--queries", "4", "--warmup", "2", "--sample", "4",
                "--threads", "1", docs.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("cycling 2 distinct questions of", "questions.jsonl", "| hybrid | 4 |");
    }

    @Test
    void benchesRefuseSomethingThatIsNotAFolder() {
        Path missing = dir.resolve("nowhere");
        assertThat(run("bench", "ingest", missing.toString()).code()).isEqualTo(ParseCommand.EXIT_BAD_INPUT);
        CliRun r = run("bench", "search", missing.toString());
        assertThat(r.code()).isEqualTo(ParseCommand.EXIT_BAD_INPUT);
        assertThat(r.err()).contains("nowhere", "not a folder");
    }

    private static long scratchFolders(Path tmp) throws Exception {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().startsWith("lectern-bench-ingest-")).count();
        }
    }

    @Test
    void promptBenchComparesLecternsPromptWithTheNaiveOneOnASpanLabelledSet() throws Exception {
        Path docs = twoSmallDocuments();
        String lease = Files.readString(docs.resolve("lease.txt"), StandardCharsets.UTF_8);
        int start = lease.indexOf("The lease runs");
        int end = lease.indexOf("two more years.") + "two more years.".length();
        Files.writeString(dir.resolve("questions.jsonl"), "{\"id\": \"q1\", \"question\": \"How long does the lease run?\", "
                + "\"evidence\": [{\"doc\": \"docs/lease.txt\", \"start\": " + start + ", \"end\": " + end + "}]}\n",
                StandardCharsets.UTF_8);
        CliRun r = run("--data-dir", dir.resolve("data").toString(), "bench", "prompt", dir.toString(), "--no-vectors",
                "--budgets", "none", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertThat(json.path("questions").asInt()).isEqualTo(1);
        assertThat(json.path("tokenCounter").asText()).contains("estimateTokens");
        var configs = json.path("groups").get(0).path("configs");
        assertThat(configs.get(0).path("config").asText()).contains("700-token");
        assertThat(configs.get(1).path("config").asText()).contains("top 4 chunks of 1000 chars");
        // the naive index holds each small file as one chunk: its prompt holds the whole evidence
        assertThat(configs.get(1).path("evidenceRecall").asDouble()).isEqualTo(1.0);
        assertThat(configs.get(0).path("evidenceRecall").asDouble()).isGreaterThan(0.0);
        assertThat(configs.get(0).path("meanSourceTokens").asDouble())
                .isLessThan(configs.get(1).path("meanSourceTokens").asDouble());
        assertThat(json.path("textMismatches").asInt()).isZero();
    }
}
