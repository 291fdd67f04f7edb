package dev.lectern.app.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AbstentionTest {
    private final Abstention abstention = new Abstention();

    @Test
    void abstainsWhenNothingWasRetrieved() {
        assertThat(abstention.decide("What is the notice period?", List.of()).abstain()).isTrue();
    }

    @Test
    void abstainsWhenNoQuestionWordOccursAndVectorsAreFar() {
        var p = TestPassages.withVector("The supplier delivers goods monthly.", "msa.pdf", 1, 0.12, List.of());

        Abstention.Decision d = abstention.decide("Who won the 1998 football world cup?", List.of(p));

        assertThat(d.abstain()).isTrue();
        assertThat(d.reason()).contains("unrelated");
    }

    @Test
    void abstainsOnKeywordOnlyIndexesWhenNoQuestionWordOccurs() {
        var p = TestPassages.withVector("The supplier delivers goods monthly.", "msa.pdf", 0, 0, List.of());

        assertThat(abstention.decide("Explain photosynthesis", List.of(p)).abstain()).isTrue();
    }

    @Test
    void answersWhenAQuestionWordOccursInTheText() {
        var p = TestPassages.withVector("Either party may terminate on 30 days' notice.", "nda.pdf", 1, 0.1, List.of());

        assertThat(abstention.decide("How can the contract be terminated?", List.of(p)).abstain()).isFalse();
    }

    @Test
    void answersWhenAQuestionWordOccursInTheHeadings() {
        var p = TestPassages.withVector("Either party may end it on 30 days' notice.", "nda.pdf", 0, 0,
                List.of("Termination"));

        assertThat(abstention.decide("What does the termination clause say?", List.of(p)).abstain()).isFalse();
    }

    @Test
    void answersWhenWordsDifferButMeaningIsClose() {
        var p = TestPassages.withVector("Either party may end the agreement with a month's warning.", "nda.pdf", 1, 0.62,
                List.of());

        assertThat(abstention.decide("How do I cancel?", List.of(p)).abstain()).isFalse();
    }

    @Test
    void doesNotJudgeAQuestionWithoutContentWords() {
        var p = TestPassages.withVector("Unrelated text.", "x.pdf", 1, 0.05, List.of());

        assertThat(abstention.decide("What is it?", List.of(p)).abstain()).isFalse();
    }

    @Test
    void abstainsWhenTheQuestionNamesWhatNoDocumentMentionsAndSaysSo() {
        // the passages share words with the question, so only the names can tell
        var p = TestPassages.withVector("The Receiving Party shall keep the Confidential Information secret.", "nda.txt", 1, 0.6,
                List.of());
        java.util.Set<String> inTheStore = java.util.Set.of("receiving", "party", "confidential", "information", "mentors");
        Abstention names = new Abstention(Abstention.DEFAULT_MIN_SIMILARITY, Abstention.DEFAULT_TOP,
                n -> inTheStore.contains(n.toLowerCase(java.util.Locale.ROOT)));

        Abstention.Decision d = names.decide("Consider the NDA between CopAcc and Kraft Heinz; may the Receiving Party "
                + "keep the Confidential Information?", List.of(p));

        assertThat(d.abstain()).isTrue();
        assertThat(d.forReader()).isEqualTo("none of your documents mentions CopAcc or Kraft Heinz");
        assertThat(abstention.decide("Consider the NDA between CopAcc and Kraft Heinz; may the Receiving Party "
                + "keep the Confidential Information?", List.of(p)).abstain()).as("without the store's words").isFalse();
    }

    @Test
    void aNameCountsAsThereWhenOneOfItsDistinctiveWordsIs() {
        var p = TestPassages.withVector("The Receiving Party shall keep the Confidential Information secret.", "nda.txt", 1, 0.6,
                List.of());
        Abstention names = new Abstention(Abstention.DEFAULT_MIN_SIMILARITY, Abstention.DEFAULT_TOP,
                n -> n.equalsIgnoreCase("furtwangen") || n.equalsIgnoreCase("mentors"));

        assertThat(names.decide("Consider the NDA between Hochschule Furtwangen University and ToP Mentors; may the "
                + "Receiving Party keep the Confidential Information?", List.of(p)).abstain()).isFalse();
    }

    @Test
    void aNameOfEverydayWordsThatOnlyOccurApartIsNotThere() {
        var p = TestPassages.withVector("Payments by card are processed with your express consent.", "policy.txt", 1, 0.6,
                List.of());
        // "American" and "Express" each occur somewhere, never together, and both are everyday words
        Abstention.Mentions store = new Abstention.Mentions() {
            @Override
            public boolean mentioned(String name) {
                return name.equalsIgnoreCase("American") || name.equalsIgnoreCase("Express") || name.equalsIgnoreCase("Fiverr");
            }

            @Override
            public boolean everyday(String word) {
                return !word.equalsIgnoreCase("Fiverr");
            }
        };
        Abstention names = new Abstention(Abstention.DEFAULT_MIN_SIMILARITY, Abstention.DEFAULT_TOP, store);

        Abstention.Decision d = names.decide("How does American Express process card payments?", List.of(p));
        assertThat(d.abstain()).isTrue();
        assertThat(d.forReader()).isEqualTo("none of your documents mentions American Express");
        // beside a name that is there, words that occur apart do not decide
        assertThat(names.decide("Does \"Fiverr\" let American Express process card payments?", List.of(p)).abstain()).isFalse();
    }

    @Test
    void rejectsASimilarityThatIsNotACosine() {
        assertThatThrownBy(() -> new Abstention(2.0, 5)).hasMessageContaining("[-1, 1]");
    }
}
