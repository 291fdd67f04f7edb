package dev.lectern.indexing.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SentencesTest {
    private static List<String> split(String text) {
        return Sentences.of(text).stream().map(s -> text.substring(s.start(), s.end())).toList();
    }

    @Test
    void splitsAfterStopsFollowedByACapitalAndAtLineBreaks() {
        assertThat(split("We collect data. We share it with partners? Never!\nSecurity\n  We encrypt it; Keys rotate."))
                .containsExactly("We collect data.", "We share it with partners?", "Never!", "Security", "We encrypt it;",
                        "Keys rotate.");
    }

    @Test
    void abbreviationsInitialsAndClauseNumbersDoNotEndASentence() {
        assertThat(split("Acme Inc. and J. Smith agree, e.g. to terms in Sec. 4 here. The parties sign."))
                .containsExactly("Acme Inc. and J. Smith agree, e.g. to terms in Sec. 4 here.", "The parties sign.");
        assertThat(split("See clause 2. Then 3.1. Applies")).containsExactly("See clause 2. Then 3.1. Applies");
    }

    @Test
    void aStopBeforeLowerCaseTextIsNoBoundary() {
        assertThat(split("Shares approx. ten per cent. of the total.")).containsExactly("Shares approx. ten per cent. of the total.");
    }

    @Test
    void spansSkipSurroundingWhitespaceAndEmptyLines() {
        String text = "  First one.  \n\n   Second one.   ";
        List<Sentences.Span> spans = Sentences.of(text);
        assertThat(spans).containsExactly(new Sentences.Span(2, 12), new Sentences.Span(19, 30));
        assertThat(Sentences.of("   \n ")).isEmpty();
    }

    @Test
    void tablesOfFiguresAreTabularAndProseIsNot() {
        assertThat(Sentences.tabular("| (Millions) | 2018 | 2017 |\n| --- | --- | --- |\n| Purchases of PP&E | $(1,577) | $(1,373) |"))
                .isTrue();
        assertThat(Sentences.tabular("Net sales 12,345 11,234\nCost of sales 8,001 7,500\nGross profit 4,344 3,734")).isTrue();
        assertThat(Sentences.tabular("The Recipient shall keep the information confidential for 5 years from 2019.\n"
                + "It may disclose it to its advisers.")).isFalse();
    }

    @Test
    void headingsAreTitlesAndSentencesAreNot() {
        assertThat(Sentences.titleLike("## 9. Governing Law")).isTrue();
        assertThat(Sentences.titleLike("Information We Collect")).isTrue();
        assertThat(Sentences.titleLike("This Agreement is governed by the laws of the State of Delaware.")).isFalse();
        assertThat(Sentences.titleLike("We share data with processors, advertisers and affiliates who help us run the service")).isFalse();
    }
}
