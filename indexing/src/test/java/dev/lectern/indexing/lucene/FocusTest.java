package dev.lectern.indexing.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FocusTest {
    private static final String TEXT = "We value your privacy. We collect your email address and location. "
            + "Contact us with questions. Cookies are small files.";

    private static List<String> words(String s) {
        return Arrays.asList(s.toLowerCase(Locale.ROOT).replaceAll("[^a-z ]", "").split(" "));
    }

    @Test
    void aSentenceScoresItsShareOfTheQueryTermWeight() {
        List<Sentences.Span> sentences = Sentences.of(TEXT);
        double[] score = Focus.scores(TEXT, sentences, Map.of("email", 3.0, "location", 1.0), FocusTest::words, null, 1.0);
        assertThat(score).containsExactly(0.0, 1.0, 0.0, 0.0);
    }

    @Test
    void vectorSimilarityAddsWithItsWeight() {
        List<Sentences.Span> sentences = Sentences.of(TEXT);
        double[] score = Focus.scores(TEXT, sentences, Map.of("cookies", 1.0), FocusTest::words,
                new double[] {0.2, 0.4, 0.1, 0.3}, 0.5);
        assertThat(score[0]).isEqualTo(0.1);
        assertThat(score[3]).isEqualTo(1.15);
    }

    @Test
    void theBestSentenceIsChosenAndWidenedOnlyByNeighboursScoringNearlyAsWell() {
        List<Sentences.Span> sentences = Sentences.of(TEXT);
        Focus.Window alone = Focus.choose(sentences, new double[] {0.1, 0.9, 0.5, 0.0}, 0.8, 1000);
        assertThat(TEXT.substring(alone.start(), alone.end())).isEqualTo("We collect your email address and location.");
        assertThat(alone.best()).isEqualTo(0.9);
        assertThat(alone.inside()).isEqualTo(0.9);

        Focus.Window widened = Focus.choose(sentences, new double[] {0.1, 0.9, 0.8, 0.0}, 0.8, 1000);
        assertThat(TEXT.substring(widened.start(), widened.end()))
                .isEqualTo("We collect your email address and location. Contact us with questions.");
        assertThat(widened.inside()).isEqualTo(1.7, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aWindowStaysWithinItsLengthLimit() {
        List<Sentences.Span> sentences = Sentences.of(TEXT);
        Focus.Window w = Focus.choose(sentences, new double[] {0.9, 0.9, 0.9, 0.9}, 0.5, 50);
        assertThat(w.end() - w.start()).isLessThanOrEqualTo(50);
        assertThat(TEXT.substring(w.start(), w.end())).isEqualTo("We value your privacy.");
    }

    @Test
    void aChunkWithoutSentencesHasNoFocus() {
        assertThatThrownBy(() -> Focus.choose(List.of(), new double[0], 0.5, 100)).isInstanceOf(IllegalArgumentException.class);
    }
}
