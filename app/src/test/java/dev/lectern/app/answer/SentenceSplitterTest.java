package dev.lectern.app.answer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.app.answer.SentenceSplitter.Kind;
import dev.lectern.app.answer.SentenceSplitter.Sentence;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SentenceSplitterTest {
    private final SentenceSplitter splitter = new SentenceSplitter();

    private List<String> texts(String text) {
        return splitter.split(text).stream().map(s -> s.text(text)).toList();
    }

    @Test
    void splitsAtFullStopsFollowedByACapital() {
        assertThat(texts("Revenue grew. Costs fell! Did margins improve? Yes."))
                .containsExactly("Revenue grew.", "Costs fell!", "Did margins improve?", "Yes.");
    }

    @Test
    void keepsAbbreviationsInsideTheirSentence() {
        assertThat(texts("Acme Inc. sells to the U.S. Army and No. 5 Ltd. on terms, e.g. net 30. Payment is due monthly."))
                .containsExactly("Acme Inc. sells to the U.S. Army and No. 5 Ltd. on terms, e.g. net 30.",
                        "Payment is due monthly.");
    }

    @Test
    void neverBreaksDecimalsOrSectionNumbers() {
        assertThat(texts("As set out in Section 4.2 the fee is $1.5 million. It is paid in 2.5 instalments."))
                .containsExactly("As set out in Section 4.2 the fee is $1.5 million.", "It is paid in 2.5 instalments.");
    }

    @Test
    void keepsInitialsWithTheName() {
        assertThat(texts("The agreement was signed by J. Smith on Monday. It took effect at once."))
                .containsExactly("The agreement was signed by J. Smith on Monday.", "It took effect at once.");
    }

    @Test
    void listItemsAreUnitsAndTheirNumbersDoNotEndThem() {
        String text = "The Supplier shall:\n1. Deliver the goods.\n2. Invoice monthly.\n- Keep records for 7 years.";
        List<Sentence> s = splitter.split(text);
        assertThat(s).extracting(x -> x.text(text)).containsExactly("The Supplier shall:", "1. Deliver the goods.",
                "2. Invoice monthly.", "- Keep records for 7 years.");
        assertThat(s).extracting(Sentence::kind).containsExactly(Kind.SENTENCE, Kind.LIST_ITEM, Kind.LIST_ITEM, Kind.LIST_ITEM);
    }

    @Test
    void aNumberWrittenTwiceAcrossALineBreakIsNotAListItem() {
        String text = "This Agreement continues for a term of three\n(3) years, unless terminated earlier.\n"
                + "The Recipient shall:\n(1) keep it secret; and\n(2) return it on request.";
        assertThat(texts(text)).containsExactly(
                "This Agreement continues for a term of three\n(3) years, unless terminated earlier.",
                "The Recipient shall:", "(1) keep it secret; and", "(2) return it on request.");
    }

    @Test
    void aSentenceCutByAPageBreakIsOneSentence() {
        String text = "The liability of either party is capped at the fees paid. This cap\n\ndoes not apply to gross negligence."
                + "\n\nGoverning law.";
        assertThat(texts(text)).containsExactly("The liability of either party is capped at the fees paid.",
                "This cap\n\ndoes not apply to gross negligence.", "Governing law.");
    }

    @Test
    void softLineWrapsDoNotEndASentence() {
        String text = "The term of this Agreement is three years from the\neffective date unless terminated earlier. Renewal is automatic.";
        assertThat(texts(text)).containsExactly(
                "The term of this Agreement is three years from the\neffective date unless terminated earlier.",
                "Renewal is automatic.");
    }

    @Test
    void shortLinesWithoutPunctuationAreHeadings() {
        String text = "4.2 Termination\nEither party may terminate on 30 days' notice.\n\nConfidentiality\n\nAll information is secret.";
        List<Sentence> s = splitter.split(text);
        assertThat(s).extracting(x -> x.text(text)).containsExactly("4.2 Termination",
                "Either party may terminate on 30 days' notice.", "Confidentiality", "All information is secret.");
        assertThat(s.get(2).kind()).isEqualTo(Kind.HEADING);
    }

    @Test
    void markdownTableRowsAreUnitsAndSeparatorsAreSkipped() {
        String text = "Results by year:\n| Item | 2018 | 2019 |\n|---|---:|---|\n| Revenue | 1.2 | 1.5 |\n| Net income | 0.3 | 0.4 |\nAll in millions.";
        List<Sentence> s = splitter.split(text);
        assertThat(s).extracting(x -> x.text(text)).containsExactly("Results by year:", "| Item | 2018 | 2019 |",
                "| Revenue | 1.2 | 1.5 |", "| Net income | 0.3 | 0.4 |", "All in millions.");
        assertThat(s.subList(1, 4)).extracting(Sentence::kind).containsOnly(Kind.TABLE_ROW);
    }

    @Test
    void offsetsAreExactAndTrimmed() {
        String text = "  First one.   Second one.\n\n  Third  ";
        for (Sentence s : splitter.split(text)) {
            String t = s.text(text);
            assertThat(t).isEqualTo(t.strip()).isNotEmpty();
        }
        assertThat(splitter.split(text).get(0).start()).isEqualTo(2);
    }

    @Test
    void randomTextAlwaysGivesOrderedNonOverlappingTrimmedSpans() {
        Random random = new Random(20240611);
        String alphabet = "aAbBzZ09 .,!?:;-|*()\"'\n\n$%e.g.U.S.Inc.";
        for (int round = 0; round < 3000; round++) {
            StringBuilder sb = new StringBuilder();
            int len = random.nextInt(120);
            for (int i = 0; i < len; i++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = sb.toString();
            int last = 0;
            for (Sentence s : splitter.split(text)) {
                assertThat(s.start()).as(text).isGreaterThanOrEqualTo(last);
                assertThat(s.end()).as(text).isLessThanOrEqualTo(text.length());
                String t = s.text(text);
                assertThat(t).as(text).isEqualTo(t.strip()).isNotEmpty();
                last = s.end();
            }
        }
    }
}
