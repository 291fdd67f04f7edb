package dev.lectern.app.answer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.app.answer.CitationParser.ParsedAnswer;
import dev.lectern.app.answer.CitationParser.ParsedSentence;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CitationParserTest {
    private final CitationParser parser = new CitationParser();

    @Test
    void aCitationAtTheEndOfASentenceBelongsToIt() {
        ParsedAnswer a = parser.parse("The fee is $5 [1]. Notice is 30 days.[2] Payment is monthly.", 3);

        assertThat(a.sentences()).extracting(ParsedSentence::text)
                .containsExactly("The fee is $5.", "Notice is 30 days.", "Payment is monthly.");
        assertThat(a.sentences()).extracting(ParsedSentence::citations)
                .containsExactly(List.of(1), List.of(2), List.of());
    }

    @Test
    void readsListsAdjacentGroupsAndRanges() {
        assertThat(parser.parse("A [2, 3].", 5).sentences().get(0).citations()).containsExactly(2, 3);
        assertThat(parser.parse("A [1][4].", 5).sentences().get(0).citations()).containsExactly(1, 4);
        assertThat(parser.parse("A [1-3].", 5).sentences().get(0).citations()).containsExactly(1, 2, 3);
        assertThat(parser.parse("A [1\u20133].", 5).sentences().get(0).citations()).containsExactly(1, 2, 3);
        assertThat(parser.parse("A [Source 2].", 5).sentences().get(0).citations()).containsExactly(2);
        assertThat(parser.parse("A [1; 2 and 4].", 5).sentences().get(0).citations()).containsExactly(1, 2, 4);
    }

    @Test
    void dropsAndReportsNumbersNoSourceHas() {
        ParsedAnswer a = parser.parse("X holds [2][7]. Y too [0].", 3);

        assertThat(a.sentences().get(0).citations()).containsExactly(2);
        assertThat(a.sentences().get(1).citations()).isEmpty();
        assertThat(a.outOfRange()).containsExactly(0, 7);
        assertThat(a.cited()).containsExactly(2);
    }

    @Test
    void aSentenceWithoutItsOwnMarkerInheritsNothing() {
        ParsedAnswer a = parser.parse("Revenue rose [1]. This was driven by pricing.", 2);

        assertThat(a.sentences().get(1).citations()).isEmpty();
    }

    @Test
    void aMarkerInsideASentenceCounts() {
        ParsedAnswer a = parser.parse("The supplier [2] must deliver within 10 days.", 2);

        assertThat(a.sentences()).hasSize(1);
        assertThat(a.sentences().get(0).citations()).containsExactly(2);
        assertThat(a.sentences().get(0).text()).isEqualTo("The supplier must deliver within 10 days.");
    }

    @Test
    void bracketsThatAreNotCitationsStayText() {
        ParsedAnswer a = parser.parse("Clause [a] applies [see annex].", 3);

        assertThat(a.sentences().get(0).text()).isEqualTo("Clause [a] applies [see annex].");
        assertThat(a.cited()).isEmpty();
    }

    @Test
    void aHugeRangeIsTakenAsItsTwoEnds() {
        ParsedAnswer a = parser.parse("A [2-999999999].", 3);

        assertThat(a.sentences().get(0).citations()).containsExactly(2);
        assertThat(a.outOfRange()).containsExactly(999999999);
    }

    @Test
    void randomAnswersNeverThrowAndStayConsistent() {
        Random random = new Random(7);
        String[] pieces = {"The fee", " is", " $1.5 million", ".", " ", "[", "]", "1", "2", "9", "12", "-", ",", "[3]",
                "[1, 2]", "[1][2]", "[2-4]", "[0]", "[Source 3]", "\n", "U.S.", " e.g.", "!", "?", " The", "|", "- ",
                "1. ", "\u2013", "[99999999999]", "[", "x"};
        for (int round = 0; round < 5000; round++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(30);
            for (int i = 0; i < n; i++) {
                sb.append(pieces[random.nextInt(pieces.length)]);
            }
            String text = sb.toString();
            int sources = random.nextInt(5);

            ParsedAnswer a = parser.parse(text, sources);

            int last = 0;
            for (ParsedSentence s : a.sentences()) {
                assertThat(s.start()).as(text).isGreaterThanOrEqualTo(last).isLessThan(s.end());
                assertThat(s.end()).as(text).isLessThanOrEqualTo(text.length());
                assertThat(s.citations()).as(text).allSatisfy(c -> assertThat(c).isBetween(1, sources));
                assertThat(s.citations()).as(text).doesNotHaveDuplicates();
                assertThat(a.cited()).as(text).containsAll(s.citations());
                last = s.end();
            }
            assertThat(a.cited()).as(text).allSatisfy(c -> assertThat(c).isBetween(1, sources));
            assertThat(a.outOfRange()).as(text).allSatisfy(c -> assertThat(c < 1 || c > sources).isTrue());
        }
    }
}
