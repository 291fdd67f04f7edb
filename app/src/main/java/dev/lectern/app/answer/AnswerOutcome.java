package dev.lectern.app.answer;

import java.util.List;
import java.util.Objects;

/**
 * An answer with how it came about: the question as searched, notices the user should see (a model
 * crash and the fallback taken), and timings and prompt size for the curious and for benchmarks.
 */
public record AnswerOutcome(Answer answer, String standaloneQuestion, List<String> notices, int promptTokens,
                            long retrievalMillis, long firstTokenMillis, long totalMillis) {
    public AnswerOutcome {
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(standaloneQuestion, "standaloneQuestion");
        notices = List.copyOf(notices);
    }
}
