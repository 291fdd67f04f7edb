package dev.lectern.app.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerRecordsTest {
    @Test
    void citationRejectsAQuoteThatIsNotItsRange() {
        assertThatThrownBy(() -> new Citation(1, "a.pdf", 1, 10, 20, "short"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exactly the document text");
    }

    @Test
    void sourceRejectsTextThatDoesNotMatchItsRange() {
        assertThatThrownBy(() -> new Source(1, "id", "a.pdf", 1, 0, 3, "four", 1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exact range");
    }

    @Test
    void answerRejectsASentenceCitingAMissingSource() {
        assertThatThrownBy(() -> new Answer(Answer.Mode.GENERATED, "x [2]",
                List.of(new AnswerSentence("x", List.of(2), true)), List.of(), List.of(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no citation 2");
    }

    @Test
    void citationOfASourceCoversTheWholeSource() {
        Source s = new Source(3, "id", "a.pdf", 4, 100, 104, "text", 0.5);
        assertThat(Citation.of(s)).isEqualTo(new Citation(3, "a.pdf", 4, 100, 104, "text"));
    }
}
