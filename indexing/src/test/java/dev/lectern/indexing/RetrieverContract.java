package dev.lectern.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.indexing.lucene.LuceneIndex;
import dev.lectern.parsing.model.Document;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every retriever must do, whatever evidence it uses: BM25, vectors and hybrid each run this
 * suite through a subclass.
 */
abstract class RetrieverContract {
    @TempDir
    Path dir;

    LuceneIndex index;
    Document acme;
    Document globex;
    Document nda;

    abstract SearchMode mode();

    @BeforeEach
    void ingest() throws Exception {
        index = LuceneIndex.open(dir.resolve("index"), TestCorpus.embedder());
        acme = TestCorpus.parse(TestCorpus.write(dir, "acme-privacy.md", TestCorpus.ACME_POLICY));
        globex = TestCorpus.parse(TestCorpus.write(dir, "globex-privacy.md", TestCorpus.GLOBEX_POLICY));
        nda = TestCorpus.parse(TestCorpus.write(dir, "nda.txt", TestCorpus.NDA));
        for (Document d : List.of(acme, globex, nda)) {
            index.addDocument(d, TestCorpus.chunks(d));
        }
        index.embedPending((a, b, c, e, t) -> { }, () -> false);
    }

    @AfterEach
    void close() throws Exception {
        index.close();
    }

    List<Passage> search(String q, int k) throws Exception {
        return index.retrieve(new SearchRequest(q, k, mode(), true));
    }

    @Test
    void findsThePassageThatAnswersTheQuestion() throws Exception {
        List<Passage> hits = search("How long is the notice period to terminate the agreement?", 3);
        assertThat(hits).isNotEmpty();
        assertThat(hits.get(0).docId()).isEqualTo(nda.id());
        assertThat(hits.get(0).text()).contains("thirty days' written notice");
    }

    @Test
    void returnsAtMostKPassagesBestFirst() throws Exception {
        List<Passage> hits = search("privacy policy data sharing retention", 4);
        assertThat(hits).hasSizeBetween(1, 4);
        for (int i = 1; i < hits.size(); i++) {
            assertThat(hits.get(i).score()).isLessThanOrEqualTo(hits.get(i - 1).score());
        }
        // a focused chunk's rest may follow as passages of its own: same chunk, other text
        assertThat(hits).extracting(p -> p.chunkId() + "@" + p.start()).doesNotHaveDuplicates();
    }

    @Test
    void passagesCarryExactOffsetsPagesAndHeadings() throws Exception {
        for (Passage p : search("Which law governs the agreement?", 5)) {
            Document d = p.docId().equals(nda.id()) ? nda : p.docId().equals(acme.id()) ? acme : globex;
            assertThat(d.text().substring(p.start(), p.end())).isEqualTo(p.text());
            assertThat(p.pageStart()).isEqualTo(1);
            assertThat(p.docPath()).isEqualTo(d.source().toString());
            assertThat(p.title()).isEqualTo(d.title());
        }
        Passage law = search("Which law governs the agreement?", 1).get(0);
        assertThat(law.headingPath()).contains("ARTICLE V GENERAL");
    }

    @Test
    void everyHitExplainsItself() throws Exception {
        for (Passage p : search("delete account data after closing", 3)) {
            HitExplanation why = p.why();
            switch (mode()) {
                case BM25 -> assertThat(why.bm25Rank()).isPositive();
                case VECTOR -> assertThat(why.vectorRank()).isPositive();
                case HYBRID -> assertThat(why.bm25Rank() + why.vectorRank()).isPositive();
            }
            assertThat(why.fused()).isPositive();
            assertThat(why.describe()).contains("score");
        }
    }

    @Test
    void aQueryThatNamesADocumentFavoursIt() throws Exception {
        List<Passage> hits = search("Consider Globex's privacy policy; who receives my data from third parties?", 3);
        assertThat(hits.get(0).docId()).isEqualTo(globex.id());
        assertThat(hits.get(0).why().routing()).isPositive();
        List<Passage> acmeHits = search("Consider Acme's privacy policy; who receives my data from third parties?", 3);
        assertThat(acmeHits.get(0).docId()).isEqualTo(acme.id());
    }

    @Test
    void passageCanBeWidenedToItsNeighboursForContext() throws Exception {
        Passage p = search("Either party may terminate on written notice", 1).get(0);
        WorkspaceIndex.Context c = index.expand(p, 1);
        assertThat(c.start()).isLessThanOrEqualTo(p.start());
        assertThat(c.end()).isGreaterThanOrEqualTo(p.end());
        assertThat(c.text()).contains(p.text());
        assertThat(c.end() - c.start()).isGreaterThan(p.end() - p.start());
    }
}
