package dev.lectern.ui.vm;

import dev.lectern.app.answer.Answer;
import java.util.List;

/**
 * One question and its answer in the chat pane. While {@link State#STREAMING} {@code streamed}
 * holds the model's text so far; when done, {@code answer} holds the cited, checked answer.
 */
public record ChatEntry(String question, State state, String status, String streamed, Answer answer,
                        List<String> notices, String error) {
    /** Where an answer stands. */
    public enum State {
        STREAMING, DONE, STOPPED, FAILED
    }

    public ChatEntry {
        notices = notices == null ? List.of() : List.copyOf(notices);
    }

    public static ChatEntry asking(String question) {
        return new ChatEntry(question, State.STREAMING, "Searching...", "", null, List.of(), null);
    }

    public boolean notFound() {
        return answer != null && answer.mode() == Answer.Mode.NOT_FOUND;
    }

    public ChatEntry withStream(String text, String st) {
        return new ChatEntry(question, state, st, text, answer, notices, error);
    }
}
