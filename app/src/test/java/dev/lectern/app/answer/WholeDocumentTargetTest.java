package dev.lectern.app.answer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.indexing.IndexedDocument;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which document a whole-document request means when the question names it. */
class WholeDocumentTargetTest {
    private static IndexedDocument doc(String path, String title, boolean paginated) {
        return new IndexedDocument(path, path, title, "x", "en", paginated ? 4 : 0, paginated, 10,
                IndexedDocument.Stage.READY, null, Instant.EPOCH, List.of());
    }

    private final List<IndexedDocument> library = List.of(
            doc("/d/annual-report.docx", "Northwind Instruments Corp. Annual Report", false),
            doc("/d/annual-report.pdf", "Northwind Instruments Corp. Annual Report", true),
            doc("/d/sample-nda.docx", "Mutual Non-Disclosure Agreement", false),
            doc("/d/sample-nda.pdf", "Mutual Non-Disclosure Agreement", true),
            doc("/d/scanned-letter.png", "scanned-letter", true));

    @Test
    void aFileNamedInTheQuestionIsTheOneRead() {
        assertThat(WholeDocumentAnswerer.named("Summarise sample-nda.pdf", library)).get()
                .extracting(IndexedDocument::path).isEqualTo("/d/sample-nda.pdf");
        assertThat(WholeDocumentAnswerer.named("Summarise sample-nda.docx", library)).get()
                .extracting(IndexedDocument::path).isEqualTo("/d/sample-nda.docx");
    }

    @Test
    void aWordOfTheFileNameOrTitleNamesItAndTheCopyWithPagesIsPreferred() {
        assertThat(WholeDocumentAnswerer.named("Summarise the NDA", library)).get()
                .extracting(IndexedDocument::path).isEqualTo("/d/sample-nda.pdf");
        assertThat(WholeDocumentAnswerer.named("List every obligation in the non-disclosure agreement", library)).get()
                .extracting(IndexedDocument::path).isEqualTo("/d/sample-nda.pdf");
        assertThat(WholeDocumentAnswerer.named("Give me a summary of the Northwind annual report", library)).get()
                .extracting(IndexedDocument::path).isEqualTo("/d/annual-report.pdf");
    }

    @Test
    void aQuestionNamingNoDocumentOrTwoEquallyIsLeftToThePassages() {
        assertThat(WholeDocumentAnswerer.named("Summarise this contract", library)).isEmpty();
        assertThat(WholeDocumentAnswerer.named("Summarise the report and the letter", library)).isEmpty();
    }
}
