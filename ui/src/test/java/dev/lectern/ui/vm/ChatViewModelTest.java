package dev.lectern.ui.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.app.answer.Answer;
import dev.lectern.app.answer.AnswerOutcome;
import dev.lectern.app.answer.AnswerSentence;
import dev.lectern.app.answer.Citation;
import dev.lectern.app.conversation.ConversationStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chat view-model with a scripted answerer: streaming, batching, stop, follow-ups, history, export. */
class ChatViewModelTest {
    @TempDir
    Path dir;

    static Answer cited(String text) {
        Citation c = new Citation(1, "/docs/NDA_Acme.pdf", 4, 10, 15, "notic");
        return new Answer(Answer.Mode.GENERATED, text + " [1]", List.of(new AnswerSentence(text + " [1]", List.of(1), true),
                new AnswerSentence("It renews yearly.", List.of(), false)), List.of(c), List.of(), 1);
    }

    @Test
    void tokensStreamInThenTheCitedAnswerReplacesThem() {
        List<Runnable> queued = new ArrayList<>();
        UiThread later = queued::add;
        AnswerService svc = (conv, q, l, cancelled) -> {
            l.status("Reading 1 source");
            for (String t : List.of("Ninety", " days", " [1]")) {
                l.token(t);
            }
            return new AnswerOutcome(cited("Ninety days."), q, List.of(), 10, 1, 1, 2);
        };
        ChatViewModel vm = new ChatViewModel(svc, new ConversationStore(dir), Tasks.DIRECT, later);
        vm.ask("What is the notice period?");
        // four events (a status and three tokens) were handed over as one batch
        assertThat(queued).hasSize(2);
        queued.get(0).run();
        assertThat(vm.flushes()).isEqualTo(1);
        assertThat(vm.entries.get().get(0).streamed()).isEqualTo("Ninety days [1]");
        queued.get(1).run();
        ChatEntry e = vm.entries.get().get(0);
        assertThat(e.state()).isEqualTo(ChatEntry.State.DONE);
        assertThat(e.answer().citations()).hasSize(1);
        assertThat(ChatViewModel.chipLabel(e.answer().citations().get(0).doc(), 4)).isEqualTo("NDA_Acme.pdf p. 4");
        assertThat(vm.busy.get()).isFalse();
    }

    @Test
    void followUpsSeeTheEarlierTurnsAndHistoryIsSavedPerWorkspace() throws Exception {
        AtomicReference<Integer> turnsSeen = new AtomicReference<>();
        AnswerService svc = (conv, q, l, c) -> {
            turnsSeen.set(conv.turns().size());
            return new AnswerOutcome(cited("Ninety days."), q, List.of(), 0, 0, 0, 0);
        };
        ConversationStore store = new ConversationStore(dir);
        ChatViewModel vm = new ChatViewModel(svc, store, Tasks.DIRECT, UiThread.DIRECT);
        vm.ask("What is the notice period?");
        vm.ask("And for the supplier?");
        assertThat(turnsSeen.get()).isEqualTo(1);
        assertThat(vm.history.get()).hasSize(1);
        assertThat(vm.title.get()).isEqualTo("What is the notice period?");
        assertThat(store.list().get(0).turns()).hasSize(2);

        vm.newConversation();
        assertThat(vm.entries.get()).isEmpty();
        vm.ask("Fresh question");
        assertThat(turnsSeen.get()).isZero();

        vm.open(store.list().stream().filter(c -> c.turns().size() == 2).findFirst().orElseThrow());
        assertThat(vm.entries.get()).hasSize(2);
        assertThat(vm.markdown()).contains("## 1. What is the notice period?").contains("NDA_Acme.pdf p. 4")
                .contains("not supported by the cited passages");
    }

    @Test
    void stopMarksTheAnswerStoppedAndCopyGivesTextWithSources() {
        ChatViewModel[] vm = new ChatViewModel[1];
        AnswerService svc = (conv, q, l, cancelled) -> {
            l.token("Nin");
            vm[0].stop();
            assertThat(cancelled.getAsBoolean()).isTrue();
            return new AnswerOutcome(cited("Nin."), q, List.of("Stopped: the answer is incomplete."), 0, 0, 0, 0);
        };
        vm[0] = new ChatViewModel(svc, new ConversationStore(dir), Tasks.DIRECT, UiThread.DIRECT);
        vm[0].ask("q?");
        ChatEntry e = vm[0].entries.get().get(0);
        assertThat(e.state()).isEqualTo(ChatEntry.State.STOPPED);
        assertThat(ChatViewModel.copyText(e)).contains("Nin. [1]").contains("[1] NDA_Acme.pdf p. 4");
    }

    @Test
    void copyOfANotFoundAnswerSaysWhyWhenLecternKnows() {
        String text = dev.lectern.app.answer.EvidenceAnswerer.NOT_FOUND_TEXT.replaceAll("\\.$", "")
                + ": none of your documents mentions Kraft Heinz.";
        Answer why = new Answer(Answer.Mode.NOT_FOUND, text,
                List.of(new AnswerSentence(text, List.of(), true)), List.of(), List.of(), 0);
        AnswerService svc = (conv, q, l, cancelled) -> new AnswerOutcome(why, q, List.of(), 0, 0, 0, 0);
        ChatViewModel vm = new ChatViewModel(svc, new ConversationStore(dir), Tasks.DIRECT, UiThread.DIRECT);

        vm.ask("What does the Kraft Heinz lease say about pets?");

        assertThat(ChatViewModel.copyText(vm.entries.get().get(0)))
                .isEqualTo("Not found in your documents.\nNone of your documents mentions Kraft Heinz.\n");
    }

    @Test
    void aFailureIsShownAndTheChatStaysUsable() {
        AnswerService svc = (conv, q, l, c) -> {
            throw new java.io.IOException("index is locked");
        };
        ChatViewModel vm = new ChatViewModel(svc, new ConversationStore(dir), Tasks.DIRECT, UiThread.DIRECT);
        vm.ask("q?");
        assertThat(vm.entries.get().get(0).state()).isEqualTo(ChatEntry.State.FAILED);
        assertThat(vm.entries.get().get(0).error()).isEqualTo("index is locked");
        assertThat(vm.busy.get()).isFalse();
        assertThat(vm.ask("again?")).isTrue();
    }
}
