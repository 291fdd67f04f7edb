package dev.lectern.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.indexing.lucene.LuceneIndex;
import dev.lectern.parsing.model.Document;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first passages of a search cite the sentences that answer it, not their whole chunk. */
class FocusedSearchTest {
    private static final String POLICY = "Privacy at Initech\n\n"
            + "We  value your   privacy. We collect your e-mail address to send you receipts. "
            + "Our support team answers   questions on weekdays. Cookies remember your language settings.\n";

    @TempDir
    Path dir;

    LuceneIndex index;
    Document policy;
    Path file;

    @BeforeEach
    void ingest() throws Exception {
        index = LuceneIndex.open(dir.resolve("index"), TestCorpus.embedder());
        file = TestCorpus.write(dir, "initech-privacy.txt", POLICY);
        Document other = TestCorpus.parse(TestCorpus.write(dir, "nda.txt", TestCorpus.NDA));
        policy = TestCorpus.parse(file);
        for (Document d : List.of(policy, other)) {
            index.addDocument(d, TestCorpus.chunks(d));
        }
        index.embedPending((a, b, c, e, t) -> { }, () -> false);
    }

    @AfterEach
    void close() throws Exception {
        index.close();
    }

    @Test
    void theTopPassageIsTheSentenceThatAnswersWithExactOffsets() throws Exception {
        Passage top = index.retrieve(SearchRequest.of("Why do you collect my e-mail address?", 5)).get(0);
        assertThat(top.text()).isEqualTo("We collect your e-mail address to send you receipts.");
        assertThat(policy.text().substring(top.start(), top.end())).isEqualTo(top.text());
        String source = Files.readString(file);
        assertThat(source.substring(top.sourceStart(), top.sourceEnd())).isEqualTo(top.text());
    }

    @Test
    void theClauseThatNamesTheDocumentDoesNotPickThePassage() throws Exception {
        Document globex = TestCorpus.parse(TestCorpus.write(dir, "globex-privacy.txt", "Privacy at Globex\n\n"
                + "Consider this privacy statement carefully before you use the site. Globex stores invoices for seven years. "
                + "Cookies remember your language settings.\n"));
        index.addDocument(globex, TestCorpus.chunks(globex));
        index.embedPending((a, b, c, e, t) -> { }, () -> false);
        // with its naming clause, the question's words are those of the first sentence
        Passage top = index.retrieve(SearchRequest.of("Consider Globex's privacy statement; how long are they stored?", 5)).get(0);
        assertThat(top.docId()).isEqualTo(globex.id());
        assertThat(top.text()).isEqualTo("Globex stores invoices for seven years.");
    }

    @Test
    void theRestOfAFocusedChunkStaysInTheListAndExpandGivesTheWholeChunk() throws Exception {
        List<Passage> hits = index.retrieve(SearchRequest.of("Why do you collect my e-mail address?", 10));
        Passage top = hits.get(0);
        List<Passage> sameChunk = hits.stream().filter(p -> p.chunkId().equals(top.chunkId())).toList();
        assertThat(sameChunk).hasSizeGreaterThan(1);
        String joined = String.join(" ", sameChunk.stream().map(Passage::text).toList());
        assertThat(joined).contains("Cookies remember your language settings.", "We value your privacy.");
        for (int i = 1; i < hits.size(); i++) {
            assertThat(hits.get(i).score()).isLessThanOrEqualTo(hits.get(i - 1).score());
        }
        assertThat(index.expand(top, 0).text()).contains(top.text(), "Cookies remember");
    }

    @Test
    void withoutQueryUnderstandingPassagesAreWholeChunks() throws Exception {
        Passage top = index.retrieve(SearchRequest.of("Why do you collect my e-mail address?", 5).withRouting(false)).get(0);
        assertThat(top.text()).contains("We value your privacy.", "Cookies remember");
    }
}
