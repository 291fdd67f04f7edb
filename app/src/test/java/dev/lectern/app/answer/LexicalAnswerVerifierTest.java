package dev.lectern.app.answer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.app.answer.AnswerVerifier.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class LexicalAnswerVerifierTest {
    private static final List<Source> SOURCES = List.of(
            source(1, "Acme Corp. shall pay Globex a fee of $1,234,567 within 30 days of the invoice."),
            source(2, "Revenue grew 12% to 1,234.5 million in fiscal 2019, driven by the \"Premium Plan\"."));
    private final CitationParser parser = new CitationParser();
    private final AnswerVerifier verifier = new LexicalAnswerVerifier();

    private static Source source(int n, String text) {
        return new Source(n, "id", "doc.pdf", 1, 0, text.length(), text, 1.0);
    }

    private List<Verdict> verify(String answer) {
        return verifier.verify(parser.parse(answer, SOURCES.size()).sentences(), SOURCES);
    }

    @Test
    void aFaithfulSentenceIsSupported() {
        assertThat(verify("Acme pays Globex a fee of $1,234,567 within 30 days [1].")).extracting(Verdict::supported)
                .containsExactly(true);
    }

    @Test
    void numbersAreComparedNormalised() {
        assertThat(verify("Acme pays a fee of about $1.2 million [1].").get(0).supported()).isTrue();
        assertThat(verify("Revenue grew 12 percent in 2019 [2].").get(0).supported()).isTrue();
        assertThat(verify("Revenue grew to $1,234.5 million [2].").get(0).supported()).isTrue();
    }

    @Test
    void aNumberTheSourceDoesNotStateIsUnsupported() {
        Verdict v = verify("Acme pays within 45 days [1].").get(0);

        assertThat(v.supported()).isFalse();
        assertThat(v.problems()).anySatisfy(p -> assertThat(p).contains("45"));
    }

    @Test
    void aNumberFromAnotherSourceThanTheCitedOneIsUnsupported() {
        assertThat(verify("Revenue grew within 30 days [2].").get(0).supported()).isFalse();
    }

    @Test
    void aNameTheSourceDoesNotMentionIsUnsupported() {
        Verdict v = verify("The fee is paid by Initech within 30 days [1].").get(0);

        assertThat(v.supported()).isFalse();
        assertThat(v.problems()).anySatisfy(p -> assertThat(p).contains("Initech"));
    }

    @Test
    void aQuotedTermMustAppearVerbatim() {
        assertThat(verify("Growth came from the \"Premium Plan\" [2].").get(0).supported()).isTrue();
        assertThat(verify("Growth came from the \"Gold Plan\" [2].").get(0).supported()).isFalse();
    }

    @Test
    void aSentenceAboutSomethingElseIsUnsupported() {
        assertThat(verify("The warehouse flooded causing severe inventory losses [1].").get(0).supported()).isFalse();
    }

    @Test
    void aSentenceWithoutCitationIsUnsupportedUnlessItIsMeta() {
        List<Verdict> v = verify("Acme pays Globex a fee. The documents do not say when the contract ends.");

        assertThat(v).extracting(Verdict::supported).containsExactly(false, true);
        assertThat(LexicalAnswerVerifier.isMeta("The sources do not specify a renewal term.")).isTrue();
        assertThat(LexicalAnswerVerifier.isMeta("I could not find the termination date.")).isTrue();
        assertThat(LexicalAnswerVerifier.isMeta("The contract ends in 2025.")).isFalse();
    }

    @Test
    void stemmedWordsMatchAcrossForms() {
        assertThat(verify("Acme Corp. is paying the invoiced fees [1].").get(0).supported()).isTrue();
    }

    @Test
    void rejectsAThresholdOutsideZeroToOne() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LexicalAnswerVerifier(1.5))
                .hasMessageContaining("must be in (0, 1]");
    }
}
