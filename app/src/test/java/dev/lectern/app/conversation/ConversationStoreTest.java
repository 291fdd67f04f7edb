package dev.lectern.app.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.app.answer.Answer;
import dev.lectern.app.answer.AnswerSentence;
import dev.lectern.app.answer.Citation;
import dev.lectern.indexing.HitExplanation;
import dev.lectern.indexing.Passage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConversationStoreTest {
    @TempDir
    Path data;

    static Answer cited() {
        Citation c = new Citation(1, "/docs/NDA_Acme.pdf", 4, 100, 105, "ninet");
        return new Answer(Answer.Mode.GENERATED, "Ninety days [1]. It renews.",
                List.of(new AnswerSentence("Ninety days [1].", List.of(1), true), new AnswerSentence("It renews.", List.of(), false)),
                List.of(c), List.of(), 3);
    }

    static Answer notFound() {
        Passage p = new Passage("c1", "d1", "/docs/lease.pdf", "Lease", "The rent is due monthly.", 0, 24, 0, 24, 2, 2,
                List.of("Rent"), new HitExplanation(1, 2.0, 0, 0, 0, 0.5));
        return new Answer(Answer.Mode.NOT_FOUND, "Not found", List.of(new AnswerSentence("Not found", List.of(), true)),
                List.of(), List.of(p), 1);
    }

    @Test
    void conversationsRoundTripPerWorkspaceNewestFirst() throws Exception {
        ConversationStore store = ConversationStore.of(data, "legal");
        SavedConversation a = SavedConversation.start().with(new SavedTurn("What is the notice period?", null, cited(),
                List.of("a notice"), "2026-01-01T00:00:00Z"));
        SavedConversation b = new SavedConversation("b-1", "", "2027-01-01T00:00:00Z", List.of())
                .with(new SavedTurn("Is there a pet clause?", null, notFound(), List.of(), null));
        store.save(a);
        store.save(b);
        store.save(SavedConversation.start()); // empty: not written

        assertThat(store.folder()).isEqualTo(data.resolve("workspaces/legal/conversations"));
        List<SavedConversation> all = store.list();
        assertThat(all).extracting(SavedConversation::id).containsExactly("b-1", a.id());
        assertThat(all.get(1)).isEqualTo(a);
        assertThat(all.get(0).turns().get(0).answer().closest().get(0).docPath()).isEqualTo("/docs/lease.pdf");
        assertThat(all.get(1).title()).isEqualTo("What is the notice period?");
        assertThat(all.get(1).toConversation().turns()).hasSize(1);
        assertThat(store.delete("b-1")).isTrue();
        assertThat(store.list()).hasSize(1);
    }

    @Test
    void anUnreadableFileIsSkipped() throws Exception {
        ConversationStore store = ConversationStore.of(data, "w");
        Files.createDirectories(store.folder());
        Files.writeString(store.folder().resolve("x.json"), "{ broken");
        store.save(SavedConversation.start().with(new SavedTurn("q", "q", cited(), List.of(), null)));
        assertThat(store.list()).hasSize(1);
    }

    @Test
    void markdownHasQuestionsAnswersFlagsAndSources() {
        SavedConversation c = SavedConversation.start()
                .with(new SavedTurn("What is the notice period?", null, cited(), List.of(), null))
                .with(new SavedTurn("Is there a pet clause?", null, notFound(), List.of(), null));
        String md = MarkdownExport.of(c);
        assertThat(md).startsWith("# What is the notice period?")
                .contains("## 1. What is the notice period?")
                .contains("Ninety days [1].")
                .contains("It renews. _(not supported by the cited passages)_")
                .contains("1. NDA_Acme.pdf p. 4 (characters 100-105): \"ninet\"")
                .contains("## 2. Is there a pet clause?")
                .contains("**Not found in your documents.**")
                .contains("- lease.pdf p. 2: \"The rent is due monthly.\"");
    }

    @Test
    void markdownSaysWhyNothingWasFoundWhenLecternKnows() {
        String text = dev.lectern.app.answer.EvidenceAnswerer.NOT_FOUND_TEXT.replaceAll("\\.$", "")
                + ": none of your documents mentions Kraft Heinz.";
        Answer why = new Answer(Answer.Mode.NOT_FOUND, text, List.of(new AnswerSentence(text, List.of(), true)),
                List.of(), notFound().closest(), 1);
        assertThat(why.notFoundReason()).contains("none of your documents mentions Kraft Heinz");
        assertThat(notFound().notFoundReason()).isEmpty();

        String md = MarkdownExport.of(SavedConversation.start()
                .with(new SavedTurn("What does the Kraft Heinz lease say about pets?", null, why, List.of(), null)));

        assertThat(md).contains("**Not found in your documents.**\n\nNone of your documents mentions Kraft Heinz.\n");
    }
}
