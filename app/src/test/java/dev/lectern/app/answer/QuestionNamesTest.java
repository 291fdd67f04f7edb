package dev.lectern.app.answer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuestionNamesTest {
    @Test
    void aQuotedNameIsAName() {
        assertThat(QuestionNames.of("Consider \"Fiverr\"'s privacy policy; who can see which tasks i hire workers for?"))
                .containsExactly("Fiverr");
    }

    @Test
    void onlyTheNamingClauseCountsWhenTheQuestionOpensWithOne() {
        assertThat(QuestionNames.of("Consider the Non-Disclosure Agreement between CopAcc and ToP Mentors; Does the document "
                + "indicate that the Agreement does not grant the Receiving Party any rights to the Confidential Information?"))
                .containsExactly("Non-Disclosure", "CopAcc", "ToP Mentors");
    }

    @Test
    void inANamingClauseTheFirstWordAndInitialsAreNames() {
        assertThat(QuestionNames.of("Consider Kenway's Non-Disclosure Agreement; Does the document permit copies?"))
                .containsExactly("Kenway Non-Disclosure");
        assertThat(QuestionNames.of("Consider BT's Non-Disclosure Agreement; Does the document permit copies?"))
                .containsExactly("BT Non-Disclosure");
        assertThat(QuestionNames.distinctiveWords("BT Non-Disclosure")).containsExactly("BT");
    }

    @Test
    void anOpeningClauseWithoutANameLeavesTheWholeQuestion() {
        assertThat(QuestionNames.of("In 2019, what was the capital expenditure of 3M?")).containsExactly("3M");
    }

    @Test
    void periodsAmountsAndShortAcronymsAreNotNames() {
        assertThat(QuestionNames.of("What is the FY2018 capital expenditure amount (in USD millions) for 3M?")).containsExactly("3M");
        assertThat(QuestionNames.of("What is the FY2021 DPO for Verizon? Answer in $3M units.")).containsExactly("Verizon");
        assertThat(QuestionNames.of("CCC is defined as: DIO + DSO - DPO, per Q2 2023 filings of General Mills."))
                .containsExactly("General Mills");
    }

    @Test
    void wordsThatOpenASentenceAreNotNamesUnlessTheyLookLikeOne() {
        assertThat(QuestionNames.of("Round your answer. Here's the question: what did AMCOR earn?")).containsExactly("AMCOR");
        assertThat(QuestionNames.of("do you sell my data to advertisers?")).isEmpty();
        assertThat(QuestionNames.of("What is the notice period for termination?")).isEmpty();
    }

    @Test
    void wordsForAKindOfThingCannotShowANameIsThere() {
        assertThat(QuestionNames.distinctiveWords("Hochschule Furtwangen University")).containsExactly("Hochschule", "Furtwangen");
        assertThat(QuestionNames.distinctiveWords("Non-Disclosure Agreement")).isEmpty();
        assertThat(QuestionNames.distinctiveWords("3M")).containsExactly("3M");
    }

    @Test
    void aGermanQuestionsCapitalisedNounsAreNotTakenForNames() {
        assertThat(QuestionNames.of("Welches Recht gilt für die Vereinbarung mit der Firma?")).isEmpty();
        assertThat(QuestionNames.of("What notice does the agreement with Kraft Heinz require?")).containsExactly("Kraft Heinz");
    }
}
