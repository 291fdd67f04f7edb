package dev.lectern.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.indexing.lucene.LuceneIndex;
import dev.lectern.parsing.model.Document;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Questions that compare years go to the latest year's report, which prints the earlier year too. */
class YearRoutingTest {
    @TempDir
    Path dir;

    @Test
    void aComparisonOfTwoYearsGoesToTheLatestYearsReport() throws Exception {
        try (LuceneIndex index = LuceneIndex.open(dir.resolve("index"), TestCorpus.embedder())) {
            Document older = null;
            Document newer = null;
            for (int year = 2019; year <= 2022; year++) {
                Document d = TestCorpus.parse(TestCorpus.write(dir, "INITECH_" + year + "_annual_report.txt",
                        "Initech annual report " + year + "\n\nTotal debt was " + (100 + year % 10) + " million at the end of "
                                + year + ", against " + (99 + year % 10) + " million a year before.\n"));
                index.addDocument(d, TestCorpus.chunks(d));
                older = year == 2021 ? d : older;
                newer = year == 2022 ? d : newer;
            }
            for (int i = 0; i < 3; i++) {
                Document d = TestCorpus.parse(TestCorpus.write(dir, "other-" + i + ".txt",
                        "Globex memo " + i + "\n\nThe cafeteria opens at nine.\n"));
                index.addDocument(d, TestCorpus.chunks(d));
            }
            index.embedPending((a, b, c, e, t) -> { }, () -> false);
            List<Passage> hits = index.retrieve(SearchRequest.of("Has Initech's debt increased between 2021 and 2022?", 3));
            assertThat(hits.get(0).docId()).isEqualTo(newer.id());
            List<Passage> reversed = index.retrieve(SearchRequest.of("Has Initech's debt increased between 2022 and 2021?", 3));
            assertThat(reversed.get(0).docId()).isEqualTo(newer.id());
            assertThat(older).isNotNull();
        }
    }
}
