package dev.lectern.app.answer;

import dev.lectern.inference.ChatMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The questions and answers so far, oldest first: what a follow-up question is read against.
 * Not thread-safe; one conversation belongs to one chat.
 */
public final class Conversation {
    /** One exchange: the question as asked, as searched (rewritten to stand alone), and the answer. */
    public record Turn(String question, String standalone, Answer answer) {
        public Turn {
            Objects.requireNonNull(question, "question");
            Objects.requireNonNull(standalone, "standalone");
            Objects.requireNonNull(answer, "answer");
        }
    }

    private final List<Turn> turns = new ArrayList<>();

    public List<Turn> turns() {
        return List.copyOf(turns);
    }

    public void add(Turn t) {
        turns.add(Objects.requireNonNull(t, "turn"));
    }

    public Optional<Turn> last() {
        return turns.isEmpty() ? Optional.empty() : Optional.of(turns.get(turns.size() - 1));
    }

    public boolean isEmpty() {
        return turns.isEmpty();
    }

    /** The conversation as chat messages (questions as asked, answers as given), for the rewriting prompt. */
    public List<ChatMessage> history() {
        List<ChatMessage> out = new ArrayList<>();
        for (Turn t : turns) {
            out.add(ChatMessage.user(t.question()));
            out.add(ChatMessage.assistant(t.answer().text()));
        }
        return out;
    }
}
