package dev.lectern.app.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lectern.app.answer.Answer;
import dev.lectern.app.answer.AnswerSentence;
import dev.lectern.app.answer.Citation;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerJsonTest {
    private static final String DOC = "Intro. The notice period is 30 days. End.";

    private static Answer answer() {
        Citation c = new Citation(1, "/docs/nda.pdf", 2, 7, 36, DOC.substring(7, 36));
        return new Answer(Answer.Mode.GENERATED, "The notice period is 30 days [1].",
                List.of(new AnswerSentence("The notice period is 30 days.", List.of(1), true)), List.of(c), List.of(), 3);
    }

    @Test
    void writesExactlyTheDocumentedKeysInOrder() throws Exception {
        JsonNode root = new ObjectMapper().readTree(AnswerJson.write(answer()));

        assertThat(root.fieldNames()).toIterable().containsExactly("answer", "mode", "sentences", "citations");
        assertThat(root.get("sentences").get(0).fieldNames()).toIterable().containsExactly("text", "citations", "supported");
        assertThat(root.get("citations").get(0).fieldNames()).toIterable()
                .containsExactly("n", "doc", "page", "last_page", "start", "end", "quote");
    }

    @Test
    void writesModesInLowerCaseWithUnderscores() {
        assertThat(AnswerJson.of(answer()).get("mode")).isEqualTo("generated");
        assertThat(Answer.Mode.NOT_FOUND.jsonName()).isEqualTo("not_found");
        assertThat(Answer.Mode.EVIDENCE.jsonName()).isEqualTo("evidence");
    }

    @Test
    void citationQuoteIsTheDocumentTextOfItsRange() throws Exception {
        JsonNode c = new ObjectMapper().readTree(AnswerJson.write(answer())).get("citations").get(0);

        assertThat(DOC.substring(c.get("start").asInt(), c.get("end").asInt())).isEqualTo(c.get("quote").asText());
        assertThat(c.get("page").asInt()).isEqualTo(2);
        assertThat(c.get("doc").asText()).isEqualTo("/docs/nda.pdf");
    }
}
