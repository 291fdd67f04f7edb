package dev.lectern.indexing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lectern.indexing.embed.Embedder;
import dev.lectern.indexing.embed.EmbeddingModels;
import dev.lectern.indexing.lucene.LuceneIndex;
import dev.lectern.parsing.model.Document;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneIndexTest {
    @TempDir
    Path dir;

    private static long count(LuceneIndex index, String query, String docId) throws Exception {
        return index.retrieve(new SearchRequest(query, 100, SearchMode.BM25, false)).stream()
                .filter(p -> p.docId().equals(docId)).count();
    }

    @Test
    void openingAnIndexThatIsAlreadyOpenSaysTheWorkspaceIsInUseAndWhatToDo() throws Exception {
        Path folder = dir.resolve("i");
        try (LuceneIndex first = LuceneIndex.open(folder, null)) {
            assertThatThrownBy(() -> LuceneIndex.open(folder, null)).isInstanceOf(WorkspaceInUseException.class)
                    .hasMessageContaining(folder.toString())
                    .hasMessageContaining("in use by another Lectern (the desktop app, or a running ingest, watch or chat)")
                    .hasMessageContaining("close that and try again");
        }
        try (LuceneIndex again = LuceneIndex.open(folder, null)) {
            assertThat(again.documents()).as("the failed open let go of the folder").isEmpty();
        }
    }

    @Test
    void anIndexInUseCanBeReadAsLastCommittedButNotChanged() throws Exception {
        Path folder = dir.resolve("i");
        try (LuceneIndex writer = LuceneIndex.open(folder, null)) {
            Document d = TestCorpus.parse(TestCorpus.write(dir, "nda.txt", TestCorpus.NDA));
            writer.addDocument(d, TestCorpus.chunks(d));
            try (LuceneIndex reader = LuceneIndex.openReadOnly(folder, null, dev.lectern.indexing.lucene.RetrievalTuning.DEFAULTS, false)) {
                assertThat(reader.readOnly()).isTrue();
                assertThat(reader.documents()).extracting(IndexedDocument::id).containsExactly(d.id());
                assertThat(count(reader, "terminate written notice", d.id())).isPositive();
                assertThatThrownBy(() -> reader.remove(d.id())).isInstanceOf(WorkspaceInUseException.class);
                Document other = TestCorpus.parse(TestCorpus.write(dir, "policy.md", TestCorpus.ACME_POLICY));
                assertThatThrownBy(() -> reader.addDocument(other, TestCorpus.chunks(other)))
                        .isInstanceOf(WorkspaceInUseException.class);
            }
            assertThat(writer.documents()).hasSize(1);
        }
    }

    @Test
    void addingTheSameContentTwiceDoesNothing() throws Exception {
        try (LuceneIndex index = LuceneIndex.open(dir.resolve("i"), null)) {
            Document d = TestCorpus.parse(TestCorpus.write(dir, "nda.txt", TestCorpus.NDA));
            assertThat(index.addDocument(d, TestCorpus.chunks(d))).isTrue();
            long chunks = index.chunkCount();
            long hits = count(index, "terminate written notice", d.id());
            Document copy = TestCorpus.parse(TestCorpus.write(dir, "copy-of-nda.txt", TestCorpus.NDA));
            assertThat(index.addDocument(copy, TestCorpus.chunks(copy))).isFalse();
            assertThat(index.documents()).hasSize(1);
            assertThat(index.chunkCount()).isEqualTo(chunks);
            assertThat(count(index, "terminate written notice", d.id())).isEqualTo(hits).isPositive();
        }
    }

    @Test
    void aChangedFileReplacesItsOldChunks() throws Exception {
        try (LuceneIndex index = LuceneIndex.open(dir.resolve("i"), null)) {
            Path file = TestCorpus.write(dir, "policy.md", TestCorpus.ACME_POLICY);
            Document v1 = TestCorpus.parse(file);
            index.addDocument(v1, TestCorpus.chunks(v1));
            TestCorpus.write(dir, "policy.md", TestCorpus.ACME_POLICY.replace("thirty days", "ninety days"));
            Document v2 = TestCorpus.parse(file);
            assertThat(v2.id()).isNotEqualTo(v1.id());
            assertThat(index.addDocument(v2, TestCorpus.chunks(v2))).isTrue();
            assertThat(index.documents()).extracting(IndexedDocument::id).containsExactly(v2.id());
            assertThat(count(index, "thirty", v1.id())).isZero();
            assertThat(index.retrieve(new SearchRequest("ninety days", 5, SearchMode.BM25, false)).get(0).docId())
                    .isEqualTo(v2.id());
        }
    }

    @Test
    void removingADocumentRemovesAllItsChunksAndVectors() throws Exception {
        try (LuceneIndex index = LuceneIndex.open(dir.resolve("i"), TestCorpus.embedder())) {
            Document a = TestCorpus.parse(TestCorpus.write(dir, "acme.md", TestCorpus.ACME_POLICY));
            Document n = TestCorpus.parse(TestCorpus.write(dir, "nda.txt", TestCorpus.NDA));
            index.addDocument(a, TestCorpus.chunks(a));
            index.addDocument(n, TestCorpus.chunks(n));
            index.embedPending((x, y, z, w, t) -> { }, () -> false);
            assertThat(index.remove(a.id())).isTrue();
            assertThat(index.remove(a.id())).isFalse();
            assertThat(index.documents()).extracting(IndexedDocument::id).containsExactly(n.id());
            for (SearchMode m : SearchMode.values()) {
                List<Passage> hits = index.retrieve(new SearchRequest("privacy policy personal data", 50, m, false));
                assertThat(hits).as(m.name()).allMatch(p -> p.docId().equals(n.id()));
            }
        }
    }

    @Test
    void keywordSearchWorksBeforeVectorsAreComputed() throws Exception {
        try (LuceneIndex index = LuceneIndex.open(dir.resolve("i"), TestCorpus.embedder())) {
            Document n = TestCorpus.parse(TestCorpus.write(dir, "nda.txt", TestCorpus.NDA));
            index.addDocument(n, TestCorpus.chunks(n));
            assertThat(index.document(n.id()).get().stage()).isEqualTo(IndexedDocument.Stage.KEYWORD);
            List<Passage> hits = index.retrieve(SearchRequest.of("Delaware governing law", 1));
            assertThat(hits.get(0).text()).contains("Delaware");
            assertThat(hits.get(0).why().vectorRank()).isZero();
            index.embedPending((x, y, z, w, t) -> { }, () -> false);
            assertThat(index.document(n.id()).get().stage()).isEqualTo(IndexedDocument.Stage.READY);
            assertThat(index.document(n.id()).get().embeddingModel()).isEqualTo(TestCorpus.embedder().modelId());
        }
    }

    @Test
    void documentsSurviveReopeningTheIndex() throws Exception {
        Document n = TestCorpus.parse(TestCorpus.write(dir, "nda.txt", TestCorpus.NDA));
        try (LuceneIndex index = LuceneIndex.open(dir.resolve("i"), null)) {
            index.addDocument(n, TestCorpus.chunks(n));
        }
        try (LuceneIndex index = LuceneIndex.open(dir.resolve("i"), null)) {
            assertThat(index.documents()).hasSize(1);
            IndexedDocument d = index.documents().get(0);
            assertThat(d.path()).isEqualTo(n.source().toString());
            assertThat(d.chunks()).isEqualTo(TestCorpus.chunks(n).size());
            assertThat(index.documentAt(n.source().toString())).isPresent();
        }
    }

    @Test
    void changingTheEmbeddingModelMakesTheVectorsAgain() throws Exception {
        Document n = TestCorpus.parse(TestCorpus.write(dir, "nda.txt", TestCorpus.NDA));
        try (LuceneIndex index = LuceneIndex.open(dir.resolve("i"), TestCorpus.embedder())) {
            index.addDocument(n, TestCorpus.chunks(n));
            index.embedPending((x, y, z, w, t) -> { }, () -> false);
        }
        String other = TestCorpus.embedder().modelId().equals("all-minilm-l6-v2-q") ? "bge-small-en-v1.5-q" : "all-minilm-l6-v2-q";
        try (Embedder second = EmbeddingModels.open(other, 1);
             LuceneIndex index = LuceneIndex.open(dir.resolve("i"), second)) {
            assertThat(index.document(n.id()).get().stage()).isEqualTo(IndexedDocument.Stage.KEYWORD);
            long redone = index.embedPending((x, y, z, w, t) -> { }, () -> false);
            assertThat(redone).isEqualTo(index.chunkCount());
            assertThat(index.document(n.id()).get().embeddingModel()).isEqualTo(other);
            List<Passage> hits = index.retrieve(new SearchRequest("How can the agreement be ended?", 1, SearchMode.VECTOR, false));
            assertThat(hits.get(0).why().vectorRank()).isEqualTo(1);
        }
    }

    @Test
    void cancelledEmbeddingLeavesTheDocumentAtTheKeywordStageAndResumes() throws Exception {
        try (LuceneIndex index = LuceneIndex.open(dir.resolve("i"), TestCorpus.embedder())) {
            Document n = TestCorpus.parse(TestCorpus.write(dir, "nda.txt", TestCorpus.NDA));
            index.addDocument(n, TestCorpus.chunks(n));
            assertThat(index.embedPending((x, y, z, w, t) -> { }, () -> true)).isZero();
            assertThat(index.document(n.id()).get().stage()).isEqualTo(IndexedDocument.Stage.KEYWORD);
            assertThat(index.embedPending((x, y, z, w, t) -> { }, () -> false)).isEqualTo(index.chunkCount());
            assertThat(index.document(n.id()).get().stage()).isEqualTo(IndexedDocument.Stage.READY);
        }
    }

    @Test
    void registryKnowsWhereEachPageStartsSoCitationsNameTheRightPage() throws Exception {
        Path pdf = dir.resolve("three-pages.pdf");
        try (org.apache.pdfbox.pdmodel.PDDocument doc = new org.apache.pdfbox.pdmodel.PDDocument()) {
            for (String text : List.of("Alpha clause on the first page.", "Bravo clause on the second page.",
                    "Charlie clause on the third page.")) {
                org.apache.pdfbox.pdmodel.PDPage page = new org.apache.pdfbox.pdmodel.PDPage();
                doc.addPage(page);
                try (var cs = new org.apache.pdfbox.pdmodel.PDPageContentStream(doc, page)) {
                    cs.beginText();
                    cs.setFont(new org.apache.pdfbox.pdmodel.font.PDType1Font(
                            org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName.HELVETICA), 12);
                    cs.newLineAtOffset(72, 700);
                    cs.showText(text);
                    cs.endText();
                }
            }
            doc.save(pdf.toFile());
        }
        Document d = TestCorpus.parse(pdf);
        try (LuceneIndex index = LuceneIndex.open(dir.resolve("i"), null)) {
            index.addDocument(d, TestCorpus.chunks(d));
        }
        try (LuceneIndex reopened = LuceneIndex.open(dir.resolve("i"), null)) {
            IndexedDocument e = reopened.document(d.id()).orElseThrow();
            for (String word : List.of("Alpha", "Bravo", "Charlie")) {
                int at = d.text().indexOf(word);
                assertThat(e.pageAt(at)).as(word).isEqualTo(List.of("Alpha", "Bravo", "Charlie").indexOf(word) + 1);
            }
            assertThat(e.pageAt(0)).isEqualTo(1);
        }
    }
}
