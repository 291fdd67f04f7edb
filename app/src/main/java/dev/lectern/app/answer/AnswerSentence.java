package dev.lectern.app.answer;

import java.util.List;
import java.util.Objects;

/**
 * One sentence of an answer, the source numbers it cites, and whether the verifier found it backed
 * by those sources.
 */
public record AnswerSentence(String text, List<Integer> citations, boolean supported) {
    public AnswerSentence {
        Objects.requireNonNull(text, "text");
        citations = List.copyOf(citations);
        for (int n : citations) {
            if (n < 1) {
                throw new IllegalArgumentException("citation numbers start at 1, got " + n + " in: " + text);
            }
        }
    }
}
