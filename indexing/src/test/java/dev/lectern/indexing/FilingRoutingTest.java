package dev.lectern.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.indexing.lucene.LuceneIndex;
import dev.lectern.indexing.lucene.RetrievalTuning;
import dev.lectern.parsing.model.Document;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store of one company's filings over several years, annual and quarterly: a question goes to
 * the filing it means even when it names no year, no quarter, or the company only by a short name.
 */
class FilingRoutingTest {
    @TempDir
    Path dir;

    private LuceneIndex index;
    private final Map<String, String> ids = new HashMap<>();

    @BeforeEach
    void store() throws Exception {
        index = LuceneIndex.open(dir.resolve("index"), TestCorpus.embedder());
        add("INITECH_2019_10K.txt", "Initech annual report 2019\n\nInitech's gross margin was 41% and total debt was 120 million.\n");
        add("INITECH_2022_10K.txt", "Initech annual report 2022\n\nInitech's gross margin was 44% and total debt was 150 million.\n");
        add("INITECH_2023Q2_10Q.txt", "Initech quarterly report for the second quarter of 2023\n\n"
                + "Initech's gross margin was 39% in the quarter and total debt was 155 million.\n");
        add("AMERICANEXPRESS_2022_10K.txt", """
                Form 10-K
                American Express Company
                (Exact name of registrant as specified in its charter)
                | Title of each class | Trading Symbol(s) | Name of each exchange on which registered |
                | Common Shares | AXP | New York Stock Exchange |

                Card Member loans grew and the operating margin was steady.
                """);
        for (int i = 0; i < 7; i++) {
            add("memo-" + i + ".txt", "Globex memo " + i + "\n\nThe gross margin of the cafeteria and its debt are not discussed here.\n");
        }
        index.embedPending((a, b, c, e, t) -> { }, () -> false);
    }

    @org.junit.jupiter.api.AfterEach
    void close() throws Exception {
        index.close();
    }

    private void add(String name, String text) throws Exception {
        Document d = TestCorpus.parse(TestCorpus.write(dir, name, text));
        index.addDocument(d, TestCorpus.chunks(d));
        ids.put(name, d.id());
    }

    @Test
    void aQuestionNamingNoQuarterGoesToTheAnnualReportNotTheNewerQuarterly() throws Exception {
        List<Passage> hits = index.retrieve(SearchRequest.of("Is Initech's gross margin consistent, within 2% each year?", 3));
        assertThat(hits.get(0).docId()).isEqualTo(ids.get("INITECH_2022_10K.txt"));
    }

    @Test
    void aQuestionNamingTheQuarterStillGetsTheQuarterlyReport() throws Exception {
        List<Passage> hits = index.retrieve(SearchRequest.of("What was Initech's gross margin in the second quarter of 2023?", 3));
        assertThat(hits.get(0).docId()).isEqualTo(ids.get("INITECH_2023Q2_10Q.txt"));
    }

    @Test
    void aQuestionNamingNoYearGoesToTheNewestAnnualReport() throws Exception {
        List<Passage> hits = index.retrieve(SearchRequest.of("How much total debt does Initech have?", 3));
        assertThat(hits.get(0).docId()).isEqualTo(ids.get("INITECH_2022_10K.txt"));
        assertThat(index.retrieve(SearchRequest.of("How much total debt did Initech have in 2019?", 3)).get(0).docId())
                .isEqualTo(ids.get("INITECH_2019_10K.txt"));
    }

    @Test
    void aYearAloneNamesNoDocumentThoughAFileNameHoldsIt() throws Exception {
        add("Consulting Agreement (Final) 2024-03-15.txt", "Consulting Agreement\n\nThe consultant is paid a fixed fee "
                + "each month and keeps the client's information confidential.\n");
        add("NORTHWIND_ANNUAL_REPORT.txt", "Northwind annual report\n\nRevenue for fiscal 2024 was 4,812 million, "
                + "up from 4,530 million in fiscal 2023.\n");
        index.embedPending((a, b, c, e, t) -> { }, () -> false);

        Passage top = index.retrieve(SearchRequest.of("What was total revenue in fiscal 2024?", 3)).get(0);

        assertThat(top.docId()).isEqualTo(ids.get("NORTHWIND_ANNUAL_REPORT.txt"));
        assertThat(top.why().routing()).isZero();
    }

    @Test
    void aShortNameOrTickerFromTheCoverPageNamesTheFiler() throws Exception {
        for (String q : List.of("Does AMEX have a steady operating margin?", "Does AXP have a steady operating margin?")) {
            Passage top = index.retrieve(SearchRequest.of(q, 3)).get(0);
            assertThat(top.docId()).as(q).isEqualTo(ids.get("AMERICANEXPRESS_2022_10K.txt"));
            assertThat(top.why().routing()).as(q).isPositive();
        }
    }

    @Test
    void aFigureAskedForByItsAnalystsNameFindsTheStatementThatPrintsIt() throws Exception {
        StringBuilder text = new StringBuilder("Umbrella Corporation annual report 2022\n\n");
        for (int i = 0; i < 6; i++) {
            text.append("Management discussion ").append(i).append(": our capital allocation priorities stayed the same, and")
                    .append(" we expect capital expenditure to follow demand in each region over the coming years.\n\n");
        }
        text.append("Consolidated Statements of Cash Flows\n\n| (Millions) | 2022 | 2021 |\n| --- | --- | --- |\n")
                .append("| Purchases of property, plant and equipment | (1,577) | (1,373) |\n| Proceeds from sale of businesses | 12 | 8 |\n");
        add("UMBRELLA_2022_10K.txt", text.toString());
        index.embedPending((a, b, c, e, t) -> { }, () -> false);
        List<Passage> hits = index.retrieve(SearchRequest.of("What was Umbrella's capital expenditure in 2022?", 3));
        Passage statement = hits.stream().filter(p -> p.text().contains("Purchases of property")).findFirst().orElseThrow();
        assertThat(statement.why().statementRank()).isEqualTo(1);
        assertThat(hits.indexOf(statement)).isLessThan(2);
    }
}
