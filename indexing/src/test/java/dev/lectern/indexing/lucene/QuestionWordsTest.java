package dev.lectern.indexing.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuestionWordsTest {
    @Test
    void questionWordsAndPronounsLeaveTheKeywordQuery() {
        assertThat(HybridSearch.withoutQuestionWords("How do you protect my information from hackers?"))
                .isEqualTo("protect information from hackers?");
        assertThat(HybridSearch.withoutQuestionWords("Who can see which tasks I hire workers for?"))
                .isEqualTo("see tasks hire workers for?");
    }

    @Test
    void aQuestionOfQuestionWordsAloneIsKeptWhole() {
        assertThat(HybridSearch.withoutQuestionWords("Who? What? Why?")).isEqualTo("Who? What? Why?");
    }
}
