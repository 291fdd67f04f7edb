package dev.lectern.app.answer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.inference.ChatMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuestionRewriterTest {
    private final QuestionRewriter rewriter = new QuestionRewriter();

    @Test
    void recognisesFollowUps() {
        assertThat(rewriter.isFollowUp("What about for convenience?")).isTrue();
        assertThat(rewriter.isFollowUp("Does it renew automatically?")).isTrue();
        assertThat(rewriter.isFollowUp("Can that clause be waived?")).isTrue();
        assertThat(rewriter.isFollowUp("And Germany?")).isTrue();
        assertThat(rewriter.isFollowUp("How long?")).isTrue();
    }

    @Test
    void leavesStandaloneQuestionsAlone() {
        assertThat(rewriter.isFollowUp("What is the notice period for termination of the supply agreement?")).isFalse();
        assertThat(rewriter.rewrite("What was 3M's revenue in 2018?", "What is the notice period?"))
                .isEqualTo("What was 3M's revenue in 2018?");
    }

    @Test
    void prependsThePreviousQuestionsContentWords() {
        String r = rewriter.rewrite("What about for convenience?", "What is the notice period for termination?");

        assertThat(r).isEqualTo("notice period termination What about for convenience?");
    }

    @Test
    void doesNotRepeatWordsTheFollowUpAlreadyHas() {
        String r = rewriter.rewrite("Is that notice period negotiable?", "What is the notice period for termination?");

        assertThat(r).isEqualTo("termination Is that notice period negotiable?");
    }

    @Test
    void aFirstQuestionIsNotRewritten() {
        assertThat(rewriter.rewrite("Does it renew?", null)).isEqualTo("Does it renew?");
    }

    @Test
    void modelPromptCarriesTheRecentConversationAndTheFollowUp() {
        List<ChatMessage> history = List.of(ChatMessage.user("What is the notice period for termination?"),
                ChatMessage.assistant("30 days [1]."));

        List<ChatMessage> chat = rewriter.modelPrompt("What about for convenience?", history);

        assertThat(chat.get(0).role()).isEqualTo(ChatMessage.Role.SYSTEM);
        assertThat(chat.get(0).content()).contains("understood without the conversation").contains("Reply with the rewritten question only");
        assertThat(chat.get(1).content()).contains("User: What is the notice period for termination?")
                .contains("Assistant: 30 days [1].").endsWith("Follow-up question: What about for convenience?\n\nStandalone question:");
    }

    @Test
    void parsesTheModelsReplyOrFallsBack() {
        assertThat(rewriter.parseModelReply("Standalone question: \"What is the notice period for convenience?\"\n", "x"))
                .isEqualTo("What is the notice period for convenience?");
        assertThat(rewriter.parseModelReply("  ", "What about it?")).isEqualTo("What about it?");
    }

    @Test
    void aFollowUpToASummaryBorrowsWhatWasSummarisedNotTheRequestToSummarise() {
        QuestionRewriter r = new QuestionRewriter();
        String q = r.rewrite("What does it say about notices?", "Summarise the NDA");
        assertThat(q).isEqualTo("NDA What does it say about notices?");
        assertThat(WholeDocumentRequest.detect(q)).isEmpty();
    }

    @Test
    void wordsJoinedByAnAmpersandAreCarriedWhole() {
        assertThat(new QuestionRewriter().rewrite("And in 2023?", "What was R&D expense in 2024?"))
                .isEqualTo("R&D expense 2024 And in 2023?");
    }

    @Test
    void aLongChatCarriesTheLastQuestionsWordsNotEveryEarlierTopic() {
        QuestionRewriter r = new QuestionRewriter();
        String first = "What is the liability cap in the Master Supply Agreement?";
        String second = r.rewrite("Does it apply to gross negligence?", first);
        String third = r.rewrite("And the insurance?", second);
        String fourth = r.rewrite("Until when?", third);

        assertThat(fourth.split("\\s+")).hasSizeLessThanOrEqualTo(QuestionRewriter.MAX_CARRIED + 2);
        assertThat(fourth).endsWith("Until when?").contains("insurance");
    }

    @Test
    void aRequestToSummariseANamedDocumentStandsAlone() {
        QuestionRewriter r = new QuestionRewriter();
        assertThat(r.rewrite("Summarise the NDA", "What are the payment obligations of Initech Corporation?"))
                .isEqualTo("Summarise the NDA");
        assertThat(r.isFollowUp("Summarise it")).isTrue();
    }
}
