package dev.lectern.ui.vm;

import dev.lectern.app.answer.AnswerListener;
import dev.lectern.app.answer.AnswerOutcome;
import dev.lectern.app.answer.Conversation;
import java.io.IOException;
import java.util.function.BooleanSupplier;

/** Answers one question: {@link dev.lectern.app.answer.Answerer#ask} in the app, a fake in tests. */
@FunctionalInterface
public interface AnswerService {
    AnswerOutcome ask(Conversation conversation, String question, AnswerListener listener, BooleanSupplier cancelled)
            throws IOException;
}
