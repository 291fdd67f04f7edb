package dev.lectern.app.answer;

/** Hears an answer being made: what stage it is at, and the model's text as it streams. */
public interface AnswerListener {
    /** A short status line such as "Searching 3 documents" or "Reading 5 sources (640 tokens)". */
    default void status(String message) {
    }

    /** A piece of the model's answer as it is generated (raw, with its [n] markers). */
    default void token(String piece) {
    }

    AnswerListener NONE = new AnswerListener() {
    };
}
