package dev.lectern.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class QuestionClausesTest {
    private static final Set<String> NAMES = Set.of("Kenway's", "\"Fiverr\"'s", "3M's");

    @Test
    void anOpeningClauseThatNamesTheDocumentIsDropped() {
        assertThat(QuestionClauses.withoutNamingClause("Consider \"Fiverr\"'s privacy policy; who can see my tasks?", NAMES::contains))
                .isEqualTo("who can see my tasks?");
        assertThat(QuestionClauses.withoutNamingClause("In Kenway's NDA, does the obligation survive termination?", NAMES::contains))
                .isEqualTo("does the obligation survive termination?");
    }

    @Test
    void aClauseThatNamesNothingOrIsNotFollowedByAQuestionStays() {
        assertThat(QuestionClauses.withoutNamingClause("In 2019, what was the revenue?", NAMES::contains))
                .isEqualTo("In 2019, what was the revenue?");
        assertThat(QuestionClauses.withoutNamingClause("What is 3M's capital expenditure, in USD millions?", NAMES::contains))
                .isEqualTo("What is 3M's capital expenditure, in USD millions?");
    }
}
