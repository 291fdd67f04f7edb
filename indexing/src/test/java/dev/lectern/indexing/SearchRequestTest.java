package dev.lectern.indexing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SearchRequestTest {
    @Test
    void aQueryOfPunctuationAloneIsRefusedSayingWhy() {
        assertThatThrownBy(() -> SearchRequest.of(" ?!...;; ", 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the query '?!...;;' has no letters or digits: type a question or some keywords");
    }

    @Test
    void aQueryOfWordsOrNumbersInAnyScriptIsAccepted() {
        for (String query : new String[] {"notice?", "2018", "\u5951\u7d04\u306e\u671f\u9593\u306f\uff1f", "\u0394\u03af\u03ba\u03b7!"}) {
            assertThat(SearchRequest.of(query, 5).query()).isEqualTo(query);
        }
    }
}
