package dev.lectern.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lectern.app.eval.EvalDataset.Evidence;
import dev.lectern.app.eval.SpanMetrics.Span;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptSizeBenchmarkTest {
    @Test
    void spanRecallCountsEachEvidenceCharacterOnceAndIgnoresOtherDocuments() {
        List<Span> evidence = List.of(new Span("a.txt", 100, 200), new Span("a.txt", 300, 400));
        // two overlapping sources over the first span (150..220 covers 50 evidence chars, 120..170 adds 30 more),
        // one over half the second, and one in another document at the same offsets
        List<Span> covered = List.of(new Span("a.txt", 150, 220), new Span("a.txt", 120, 170),
                new Span("a.txt", 350, 500), new Span("b.txt", 100, 400));
        assertThat(PromptSizeBenchmark.spanRecall(covered, evidence)).isCloseTo((80 + 50) / 200.0, within(1e-9));
        assertThat(PromptSizeBenchmark.spanRecall(List.of(), evidence)).isZero();
        assertThat(PromptSizeBenchmark.spanRecall(List.of(new Span("a.txt", 0, 1000)), evidence)).isEqualTo(1.0);
    }

    @Test
    void aSourceCountsForAPageWhenItRunsOverAnEvidencePageOfTheSameDocument() {
        List<Evidence> evidence = List.of(new Evidence("10k.pdf", 60, 0, 0));
        assertThat(PromptSizeBenchmark.onEvidencePage(
                List.of(new PromptSizeBenchmark.SourcePages("10k.pdf", 59, 60)), evidence)).isTrue();
        assertThat(PromptSizeBenchmark.onEvidencePage(
                List.of(new PromptSizeBenchmark.SourcePages("10k.pdf", 61, 61)), evidence)).isFalse();
        assertThat(PromptSizeBenchmark.onEvidencePage(
                List.of(new PromptSizeBenchmark.SourcePages("other.pdf", 60, 60)), evidence)).isFalse();
        assertThat(PromptSizeBenchmark.onEvidencePage(List.of(), evidence)).isFalse();
    }

    @Test
    void figuresAverageRecallOverQuestionsAndTakeMediansOfTokens() {
        PromptSizeBenchmark.Figures f = PromptSizeBenchmark.figures("x", List.of(
                new PromptSizeBenchmark.Measure(100, 40, 2, 1.0),
                new PromptSizeBenchmark.Measure(300, 200, 3, 0.5),
                new PromptSizeBenchmark.Measure(200, 0, 0, 0.0),
                new PromptSizeBenchmark.Measure(400, 100, 1, 0.5)));
        assertThat(f.questions()).isEqualTo(4);
        assertThat(f.meanPromptTokens()).isEqualTo(250.0);
        assertThat(f.medianPromptTokens()).isEqualTo(250.0);
        assertThat(f.meanSourceTokens()).isEqualTo(85.0);
        assertThat(f.medianSourceTokens()).isEqualTo(70.0);
        assertThat(f.recall()).isEqualTo(0.5);
        assertThat(f.emptyPrompts()).isEqualTo(1);
        assertThat(PromptSizeBenchmark.median(new int[] {5, 1, 3})).isEqualTo(3.0);
    }
}
