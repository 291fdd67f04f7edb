package dev.lectern.app.answer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.indexing.Passage;
import dev.lectern.indexing.Retriever;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvidenceAnswererTest {
    private static final String DOC = "This Agreement is made between Acme and Globex. "
            + "Either party may terminate this Agreement on 30 days' written notice. "
            + "The governing law is the law of Delaware.";

    private static EvidenceAnswerer answerer(List<Passage> passages) {
        Retriever retriever = request -> passages;
        return EvidenceAnswerer.withDefaults(retriever, PageLocator.PASSAGE_START);
    }

    @Test
    void quotesTheBestSentencesEachCitedWithExactRanges() throws Exception {
        Passage p = TestPassages.of(DOC, 0, DOC.length(), 3, "/docs/nda.pdf");

        Answer a = answerer(List.of(p)).answer("How much notice is needed to terminate?");

        assertThat(a.mode()).isEqualTo(Answer.Mode.EVIDENCE);
        assertThat(a.citations()).isNotEmpty();
        Citation first = a.citations().get(0);
        assertThat(first.n()).isEqualTo(1);
        assertThat(first.quote()).contains("30 days' written notice");
        assertThat(DOC.substring(first.start(), first.end())).isEqualTo(first.quote());
        assertThat(first.page()).isEqualTo(3);
        assertThat(a.text()).contains("[1]");
        assertThat(a.sentences().get(0).citations()).containsExactly(1);
        assertThat(a.sentences()).allSatisfy(s -> assertThat(s.supported()).isTrue());
        assertThat(a.pagesRead()).isEqualTo(1);
    }

    @Test
    void withAnEmbeddingModelTheSentenceClosestInMeaningIsQuotedFirst() throws Exception {
        // each sentence shares two words with the question ("period", "termination" / "terminate", "notice")
        String doc = "Confidentiality survives termination for a period of three years. "
                + "The parties signed this agreement in Paris on a sunny morning in spring with their lawyers present. "
                + "Either party may terminate on thirty days' prior notice.";
        Passage p = TestPassages.whole(doc, "nda.pdf");
        EvidenceSelector.Meaning meaning = (q, texts) -> texts.stream()
                .mapToDouble(t -> t.contains("prior notice") ? 0.8 : t.contains("Paris") ? 0.0 : 0.3).toArray();

        Answer byWords = answerer(List.of(p)).answer("What is the notice period for termination?");
        Answer byMeaning = EvidenceAnswerer.withDefaults(request -> List.of(p), PageLocator.PASSAGE_START, meaning)
                .answer("What is the notice period for termination?");

        assertThat(byWords.citations().get(0).quote()).startsWith("Confidentiality survives");
        assertThat(byMeaning.citations().get(0).quote()).startsWith("Either party may terminate");
    }

    @Test
    void endsWithANoteThatAModelWouldWriteAFullAnswer() throws Exception {
        Answer a = answerer(List.of(TestPassages.whole(DOC, "nda.pdf"))).answer("What is the governing law?");

        assertThat(a.text()).endsWith(EvidenceAnswerer.MODEL_NOTE);
        assertThat(a.text()).contains("lectern models pull");
        assertThat(a.sentences().get(a.sentences().size() - 1).citations()).isEmpty();
    }

    @Test
    void saysNotFoundWithTheClosestPassagesWhenRetrievalIsWeak() throws Exception {
        List<Passage> passages = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            passages.add(TestPassages.withVector("Unrelated clause " + i + " about deliveries.", "d" + i + ".pdf", 1, 0.1,
                    List.of()));
        }

        Answer a = answerer(passages).answer("Who won the 1998 football world cup?");

        assertThat(a.mode()).isEqualTo(Answer.Mode.NOT_FOUND);
        assertThat(a.citations()).isEmpty();
        assertThat(a.closest()).hasSize(EvidenceAnswerer.CLOSEST);
        assertThat(a.pagesRead()).isEqualTo(5);
    }

    @Test
    void countsDistinctPagesAcrossPassages() {
        String text = "x".repeat(100);
        Passage a = new Passage("c1", "d1", "a.pdf", "", text.substring(0, 10), 0, 10, 0, 10, 2, 4, List.of(), null);
        Passage b = new Passage("c2", "d1", "a.pdf", "", text.substring(10, 20), 10, 20, 10, 20, 4, 5, List.of(), null);
        Passage c = new Passage("c3", "d2", "b.pdf", "", text.substring(0, 10), 0, 10, 0, 10, 4, 4, List.of(), null);

        assertThat(EvidenceAnswerer.pagesRead(List.of(a, b, c))).isEqualTo(5);
    }

    @Test
    void quotedTablesKeepTheirRowsOnSeparateLinesAndWrappedLinesAreJoined() {
        String quote = "The fee per year is:\n| Year | Fee |\n| 2025 | $1.6m |\nas agreed in\nwriting.";

        assertThat(EvidenceAnswerer.readable(quote))
                .isEqualTo("The fee per year is:\n| Year | Fee |\n| 2025 | $1.6m |\nas agreed in writing.");
    }

    @Test
    void theSamePassageInTwoFilesIsOneQuoteCitingBothEvenWhenOneCopyIsShorter() throws Exception {
        String pdf = "The governing law is the law of Delaware. Courts in Wilmington have jurisdiction.";
        String docx = "The governing law is the law of Delaware.";
        Answer a = answerer(List.of(TestPassages.of(docx, 0, docx.length(), 0, "/docs/nda.docx"),
                TestPassages.of(pdf, 0, pdf.length(), 2, "/docs/nda.pdf"))).answer("Which law governs and which courts?");
        AnswerSentence first = a.sentences().get(0);
        assertThat(first.citations()).hasSize(2);
        assertThat(first.text()).contains("Wilmington");
        assertThat(a.citations()).extracting(Citation::doc).containsExactlyInAnyOrder("/docs/nda.docx", "/docs/nda.pdf");
    }
}
