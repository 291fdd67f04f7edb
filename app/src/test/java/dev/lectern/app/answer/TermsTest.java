package dev.lectern.app.answer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TermsTest {
    @Test
    void wordFormsOfOneStemMeet() {
        assertThat(Terms.stem("terminate")).isEqualTo(Terms.stem("terminated")).isEqualTo(Terms.stem("termination"))
                .isEqualTo(Terms.stem("terminating"));
        assertThat(Terms.stem("companies")).isEqualTo(Terms.stem("company"));
        assertThat(Terms.stem("payments")).isEqualTo(Terms.stem("payment")).isEqualTo(Terms.stem("pay"));
        assertThat(Terms.stem("acme's")).isEqualTo(Terms.stem("acme"));
    }

    @Test
    void contentTermsDropStopAndQuestionWords() {
        assertThat(Terms.contentTerms("What is the notice period for termination?"))
                .containsExactly("notic", "period", "terminat");
    }

    @Test
    void numbersNormaliseSeparatorsScalesAndPercentages() {
        Numbers.Mention million = Numbers.find("$1.2 million").get(0);
        assertThat(million.matches(Numbers.find("1,234,567").get(0))).isTrue();
        assertThat(million.matches(Numbers.find("1,300,000").get(0))).isFalse();
        assertThat(Numbers.find("12%").get(0).matches(Numbers.find("12 percent").get(0))).isTrue();
        assertThat(Numbers.find("three years").get(0).value()).isEqualTo(3);
        assertThat(Numbers.find("FY2018")).isEmpty();
    }
}
