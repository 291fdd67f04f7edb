package dev.lectern.app.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.indexing.lucene.LuceneIndex;
import dev.lectern.parsing.DocumentParser;
import dev.lectern.parsing.TokenCounter;
import dev.lectern.parsing.chunk.StructureChunker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ingesting a file an earlier version indexed indexes it again and says so; an up-to-date one is skipped. */
class OutdatedDocumentTest {
    @TempDir
    Path dir;

    @Test
    void aFileIndexedByAnEarlierVersionIsIndexedAgainAndTheOutcomeSaysWhy() throws Exception {
        Path memo = Files.writeString(dir.resolve("memo.txt"), "A memo about the quarterly budget and its reserves.");
        LuceneIndex lucene = LuceneIndex.open(dir.resolve("index"), null);
        try (Workspace w = new Workspace("w", lucene, new DocumentParser(), new StructureChunker(TokenCounter.APPROXIMATE, 128), 1)) {
            assertThat(w.ingest(List.of(memo), IngestListener.NONE, () -> false).files().get(0).status())
                    .isEqualTo(FileOutcome.Status.ADDED);
            assertThat(w.ingest(List.of(memo), IngestListener.NONE, () -> false).files().get(0).status())
                    .isEqualTo(FileOutcome.Status.UNCHANGED);
            dev.lectern.indexing.lucene.EarlierFormat.rewrite(lucene, lucene.documents().get(0).id());
            FileOutcome again = w.ingest(List.of(memo), IngestListener.NONE, () -> false).files().get(0);
            assertThat(again.status()).isEqualTo(FileOutcome.Status.REPLACED);
            assertThat(again.message()).contains("earlier version");
            assertThat(lucene.documents()).hasSize(1);
        }
    }
}
