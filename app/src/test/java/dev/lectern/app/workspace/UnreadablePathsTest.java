package dev.lectern.app.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.indexing.IndexedDocument;
import dev.lectern.indexing.lucene.LuceneIndex;
import dev.lectern.parsing.DocumentParser;
import dev.lectern.parsing.TokenCounter;
import dev.lectern.parsing.chunk.StructureChunker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What cannot be read inside a folder is reported by name, and the rest of the folder is still ingested. */
class UnreadablePathsTest {
    @TempDir
    Path dir;

    private IngestReport ingest(List<Path> inputs) throws Exception {
        try (Workspace w = new Workspace("w", LuceneIndex.open(dir.resolve("index"), null), new DocumentParser(),
                new StructureChunker(TokenCounter.APPROXIMATE, 128), 1)) {
            IngestReport r = w.ingest(inputs, IngestListener.NONE, () -> false);
            assertThat(w.index().documents()).extracting(IndexedDocument::path).contains(dir.resolve("docs/ok.txt").toString());
            return r;
        }
    }

    @Test
    void aLinkToNothingInsideAFolderIsReportedAndTheRestIngested() throws Exception {
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(docs.resolve("ok.txt"), "A readable memo about herons.");
        Files.createSymbolicLink(docs.resolve("gone.pdf"), dir.resolve("nowhere/gone.pdf"));

        IngestReport r = ingest(List.of(docs));

        assertThat(r.files()).filteredOn(o -> o.status() == FileOutcome.Status.FAILED).singleElement()
                .satisfies(o -> assertThat(o.message()).isEqualTo("gone.pdf is a link to " + dir.resolve("nowhere/gone.pdf")
                        + ", which does not exist: skipped"));
    }

    @Test
    void aPathThatDoesNotExistIsOneFailureAmongTheOthers() throws Exception {
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Path ok = Files.writeString(docs.resolve("ok.txt"), "A readable memo about herons.");

        IngestReport r = ingest(List.of(ok, dir.resolve("nosuch.pdf")));

        assertThat(r.count(FileOutcome.Status.ADDED)).isEqualTo(1);
        assertThat(r.files()).filteredOn(o -> o.status() == FileOutcome.Status.FAILED).singleElement()
                .satisfies(o -> assertThat(o.message()).startsWith("nosuch.pdf does not exist"));
    }

    @Test
    void anUnreadableSubfolderIsReportedAndTheRestOfTheFolderIngested() throws Exception {
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(docs.resolve("ok.txt"), "A readable memo about herons.");
        Path locked = Files.createDirectories(docs.resolve("locked"));
        Files.writeString(locked.resolve("x.txt"), "storks");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        try {
            Assumptions.assumeFalse(Files.isReadable(locked), "running as root: every folder can be read");

            IngestReport r = ingest(List.of(docs));

            assertThat(r.files()).filteredOn(o -> o.status() == FileOutcome.Status.FAILED).singleElement()
                    .satisfies(o -> assertThat(o.message()).contains(locked.toString(), "cannot be read"));
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }
}
