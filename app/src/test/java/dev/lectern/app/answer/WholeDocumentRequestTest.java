package dev.lectern.app.answer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.app.answer.WholeDocumentRequest.Kind;
import org.junit.jupiter.api.Test;

class WholeDocumentRequestTest {
    @Test
    void recognisesSummaries() {
        assertThat(WholeDocumentRequest.detect("Summarise this contract"))
                .contains(new WholeDocumentRequest(Kind.SUMMARY, "this contract"));
        assertThat(WholeDocumentRequest.detect("Please summarize the annual report."))
                .contains(new WholeDocumentRequest(Kind.SUMMARY, "the annual report"));
        assertThat(WholeDocumentRequest.detect("Give me a brief overview of the NDA"))
                .contains(new WholeDocumentRequest(Kind.SUMMARY, "the nda"));
        assertThat(WholeDocumentRequest.detect("What is this document about?"))
                .contains(new WholeDocumentRequest(Kind.SUMMARY, "this document"));
    }

    @Test
    void recognisesRequestsForEveryItem() {
        assertThat(WholeDocumentRequest.detect("List every obligation of the supplier"))
                .contains(new WholeDocumentRequest(Kind.LIST_ALL, "obligation of the supplier"));
        assertThat(WholeDocumentRequest.detect("list all deadlines"))
                .contains(new WholeDocumentRequest(Kind.LIST_ALL, "deadlines"));
        assertThat(WholeDocumentRequest.detect("What are all the termination rights?"))
                .contains(new WholeDocumentRequest(Kind.LIST_ALL, "termination rights"));
        assertThat(WholeDocumentRequest.detect("Find all mentions of Globex"))
                .contains(new WholeDocumentRequest(Kind.LIST_ALL, "mentions of globex"));
    }

    @Test
    void ordinaryQuestionsAreNotWholeDocumentRequests() {
        assertThat(WholeDocumentRequest.detect("What is the notice period?")).isEmpty();
        assertThat(WholeDocumentRequest.detect("When is the summary judgment deadline?")).isEmpty();
        assertThat(WholeDocumentRequest.detect("Summary judgment deadline?")).isEmpty();
        assertThat(WholeDocumentRequest.detect("Who are the parties?")).isEmpty();
    }
}
