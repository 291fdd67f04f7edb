package dev.lectern.indexing.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.parsing.DocumentParser;
import dev.lectern.parsing.chunk.StructureChunker;
import dev.lectern.parsing.model.Chunk;
import dev.lectern.parsing.model.Document;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A document indexed by an earlier version is indexed again when its file comes back, not skipped. */
class IndexFormatTest {
    @TempDir
    Path dir;

    @Test
    void aDocumentIndexedByAnEarlierVersionIsReplacedNotSkipped() throws Exception {
        Path file = Files.writeString(dir.resolve("report.txt"), "Consolidated Balance Sheets\n\n| Cash | 5 | 4 |\n\nNotes follow.\n");
        Document doc = new DocumentParser().extract(file);
        List<Chunk> chunks = new StructureChunker(dev.lectern.parsing.TokenCounter.APPROXIMATE, 60).chunk(doc);
        try (LuceneIndex index = LuceneIndex.open(dir.resolve("index"), null)) {
            assertThat(index.addDocument(doc, chunks)).isTrue();
            assertThat(index.outdated(doc.id())).isFalse();
            assertThat(index.addDocument(doc, chunks)).as("same file, same version").isFalse();
            index.rewriteFormat(doc.id(), 1);
        }
        try (LuceneIndex index = LuceneIndex.open(dir.resolve("index"), null)) {
            assertThat(index.outdated(doc.id())).as("format read back from the registry").isTrue();
            long chunkCount = index.chunkCount();
            assertThat(index.addDocument(doc, chunks)).isTrue();
            assertThat(index.outdated(doc.id())).isFalse();
            assertThat(index.chunkCount()).as("replaced, not duplicated").isEqualTo(chunkCount);
            assertThat(index.documents()).hasSize(1);
        }
    }

    @Test
    void onlyHtmlIndexedBeforeHiddenElementsWereLeftOutIsIndexedAgain() throws Exception {
        Path html = Files.writeString(dir.resolve("terms.html"), "<html><body><p>Refunds within 30 days.</p></body></html>");
        Path text = Files.writeString(dir.resolve("memo.txt"), "A memo about the refund policy.\n");
        DocumentParser parser = new DocumentParser();
        Document h = parser.extract(html);
        Document t = parser.extract(text);
        StructureChunker chunker = new StructureChunker(dev.lectern.parsing.TokenCounter.APPROXIMATE, 60);
        try (LuceneIndex index = LuceneIndex.open(dir.resolve("index"), null)) {
            index.addDocument(h, chunker.chunk(h));
            index.addDocument(t, chunker.chunk(t));
            index.rewriteFormat(h.id(), 3);
            index.rewriteFormat(t.id(), 3);

            assertThat(index.outdated(h.id())).as("HTML read with its hidden elements").isTrue();
            assertThat(index.outdated(t.id())).as("text read as it still is").isFalse();
        }
    }
}
