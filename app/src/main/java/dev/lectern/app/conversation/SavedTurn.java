package dev.lectern.app.conversation;

import dev.lectern.app.answer.Answer;
import java.util.List;
import java.util.Objects;

/** One question and its answer as kept in a conversation's history; {@code asked} is ISO-8601. */
public record SavedTurn(String question, String standalone, Answer answer, List<String> notices, String asked) {
    public SavedTurn {
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(answer, "answer");
        standalone = standalone == null ? question : standalone;
        notices = notices == null ? List.of() : List.copyOf(notices);
    }
}
