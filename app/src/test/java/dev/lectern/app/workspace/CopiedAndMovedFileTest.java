package dev.lectern.app.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.indexing.IndexedDocument;
import dev.lectern.indexing.lucene.LuceneIndex;
import dev.lectern.parsing.DocumentParser;
import dev.lectern.parsing.TokenCounter;
import dev.lectern.parsing.chunk.StructureChunker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A document is known by its content: a copy under another name is indexed once and the report says
 * of which file; a file moved or renamed since it was indexed is indexed again where it is now, so
 * that its citations open it.
 */
class CopiedAndMovedFileTest {
    private static final String TEXT = "The lease ends on 31 March 2027. The tenant may renew it once for two years.";

    @TempDir
    Path dir;

    private Workspace workspace(LuceneIndex lucene) {
        return new Workspace("w", lucene, new DocumentParser(), new StructureChunker(TokenCounter.APPROXIMATE, 128), 1);
    }

    @Test
    void aCopyUnderAnotherNameIsIndexedOnceAndTheReportNamesTheOriginal() throws Exception {
        Path lease = Files.writeString(dir.resolve("lease.txt"), TEXT);
        Path copy = Files.writeString(dir.resolve("lease (copy).txt"), TEXT);
        LuceneIndex lucene = LuceneIndex.open(dir.resolve("index"), null);
        try (Workspace w = workspace(lucene)) {
            w.ingest(List.of(lease), IngestListener.NONE, () -> false);

            FileOutcome o = w.ingest(List.of(copy), IngestListener.NONE, () -> false).files().get(0);

            assertThat(o.status()).isEqualTo(FileOutcome.Status.UNCHANGED);
            assertThat(o.reason()).isEqualTo(Workspace.COPY);
            assertThat(o.message()).isEqualTo("same content as " + lease.toAbsolutePath().normalize()
                    + ", which is indexed already");
            assertThat(lucene.documents()).extracting(IndexedDocument::path)
                    .containsExactly(lease.toAbsolutePath().normalize().toString());
            FileOutcome again = w.ingest(List.of(lease), IngestListener.NONE, () -> false).files().get(0);
            assertThat(again.message()).isEqualTo(Workspace.ALREADY_INDEXED);
        }
    }

    @Test
    void aRenamedFileIsIndexedAgainAtItsNewPathAndTheOldEntryGoes() throws Exception {
        Path lease = Files.writeString(dir.resolve("lease.txt"), TEXT);
        LuceneIndex lucene = LuceneIndex.open(dir.resolve("index"), null);
        try (Workspace w = workspace(lucene)) {
            w.ingest(List.of(lease), IngestListener.NONE, () -> false);
            Path renamed = Files.move(lease, dir.resolve("Lease 2024 signed.txt"));

            FileOutcome o = w.ingest(List.of(renamed), IngestListener.NONE, () -> false).files().get(0);

            assertThat(o.status()).isEqualTo(FileOutcome.Status.REPLACED);
            assertThat(o.message()).contains("moved: it was indexed from " + lease.toAbsolutePath().normalize());
            assertThat(lucene.documents()).extracting(IndexedDocument::path)
                    .containsExactly(renamed.toAbsolutePath().normalize().toString());
            assertThat(lucene.retrieve(dev.lectern.indexing.SearchRequest.of("when does the lease end", 3))).isNotEmpty()
                    .allSatisfy(p -> assertThat(p.docPath()).isEqualTo(renamed.toAbsolutePath().normalize().toString()));
        }
    }

    @Test
    void aFileOverwrittenWithACopyOfAnotherLosesItsOldTextFromTheIndex() throws Exception {
        Path a = Files.writeString(dir.resolve("a.txt"), TEXT);
        Path b = Files.writeString(dir.resolve("b.txt"), "Beta memo: the hippopotamus budget is closed.");
        LuceneIndex lucene = LuceneIndex.open(dir.resolve("index"), null);
        try (Workspace w = workspace(lucene)) {
            w.ingest(List.of(a, b), IngestListener.NONE, () -> false);
            Files.copy(a, b, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

            FileOutcome o = w.ingest(List.of(b), IngestListener.NONE, () -> false).files().get(0);

            assertThat(o.reason()).isEqualTo(Workspace.COPY);
            assertThat(o.message()).contains("the earlier version of this file was removed");
            assertThat(lucene.documents()).extracting(IndexedDocument::path)
                    .containsExactly(a.toAbsolutePath().normalize().toString());
            assertThat(lucene.retrieve(dev.lectern.indexing.SearchRequest.of("hippopotamus", 3)))
                    .noneMatch(p -> p.text().contains("hippopotamus"));
        }
    }

    @Test
    void aDocumentIsFoundByThePathIngestPrintedRelativeToTheWorkingFolder() throws Exception {
        Path lease = Files.writeString(dir.resolve("lease.txt"), TEXT);
        LuceneIndex lucene = LuceneIndex.open(dir.resolve("index"), null);
        try (Workspace w = workspace(lucene)) {
            w.ingest(List.of(lease), IngestListener.NONE, () -> false);
            String relative = Path.of("").toAbsolutePath().relativize(lease.toAbsolutePath()).toString();

            assertThat(w.find(relative)).extracting(IndexedDocument::path)
                    .containsExactly(lease.toAbsolutePath().normalize().toString());
        }
    }
}
