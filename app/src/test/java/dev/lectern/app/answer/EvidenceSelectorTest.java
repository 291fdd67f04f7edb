package dev.lectern.app.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lectern.indexing.Passage;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvidenceSelectorTest {
    private static final String NDA = "Preamble text about the parties. "
            + "This Agreement starts on the Effective Date. "
            + "Either party may terminate this Agreement on 30 days' written notice. "
            + "Such notice must be sent by registered mail. "
            + "The governing law is the law of Delaware. "
            + "Confidential information stays confidential for five years.";

    private static EvidenceSelector selector(int maxTokens) {
        return new EvidenceSelector(EvidenceSelector::estimateTokens, maxTokens, PageLocator.PASSAGE_START);
    }

    @Test
    void picksTheSentenceThatAnswersAndGivesItsExactRange() {
        Passage p = TestPassages.of("HEADER. " + NDA, 8, 8 + NDA.length(), 2, "/docs/nda.pdf");
        String doc = "HEADER. " + NDA;

        List<Source> sources = selector(40).select("What is the notice period for termination?", List.of(p));

        assertThat(sources).isNotEmpty();
        Source s = sources.get(0);
        assertThat(s.text()).contains("30 days' written notice");
        assertThat(doc.substring(s.start(), s.end())).isEqualTo(s.text());
        assertThat(s.page()).isEqualTo(2);
        assertThat(s.doc()).isEqualTo("/docs/nda.pdf");
        assertThat(s.n()).isEqualTo(1);
    }

    @Test
    void aSentenceRunningOntoTheNextPageIsCitedWithBothPages() {
        String doc = "HEADER. " + NDA;
        int pageBreak = doc.indexOf("days' written notice"); // page 3 starts mid-sentence
        Passage p = TestPassages.of(doc, 8, doc.length(), 2, "/docs/nda.pdf");
        PageLocator pages = (passage, offset) -> offset < pageBreak ? 2 : 3;

        List<Source> sources = new EvidenceSelector(EvidenceSelector::estimateTokens, 20, pages)
                .select("What is the notice period for termination?", List.of(p));

        Source s = sources.get(0);
        assertThat(s.text()).startsWith("Either party may terminate");
        assertThat(s.page()).isEqualTo(2);
        assertThat(s.lastPage()).isEqualTo(3);
        Citation c = Citation.of(s);
        assertThat(c.pagesLabel()).isEqualTo("pp. 2\u20133");
        assertThat(dev.lectern.app.json.AnswerJson.of(new Answer(Answer.Mode.EVIDENCE, "x", List.of(), List.of(c),
                List.of(), 0)).get("citations")).asList().singleElement()
                .satisfies(j -> {
                    @SuppressWarnings("unchecked")
                    java.util.Map<String, Object> cite = (java.util.Map<String, Object>) j;
                    assertThat(cite).containsEntry("page", 2).containsEntry("last_page", 3);
                });
    }

    @Test
    void aTableHeaderRowIsNeverQuotedAloneButComesWithItsRow() {
        String table = "Cash flows\n| (in millions) | 2024 | 2023 |\n| --- | --- | --- |\n| Net income | 538 | 479 |\n"
                + "| Dividends paid | (186) | (172) |";
        Passage p = TestPassages.whole(table, "/docs/report.pdf");

        List<Source> roomy = selector(30).select("What were dividends paid in 2024?", List.of(p));
        List<Source> tight = selector(12).select("How much in millions in 2024?", List.of(p));

        assertThat(roomy).extracting(Source::text)
                .anySatisfy(t -> assertThat(t).contains("| (in millions) | 2024 | 2023 |").contains("Dividends paid"));
        assertThat(tight).isNotEmpty().extracting(Source::text)
                .noneMatch(t -> t.strip().equals("| (in millions) | 2024 | 2023 |"));
    }

    @Test
    void addsTheSentenceBeforeOneThatRefersBack() {
        Passage p = TestPassages.whole(NDA, "nda.pdf");

        List<Source> sources = selector(200).select("Must the notice be sent by registered mail?", List.of(p));

        assertThat(sources).extracting(Source::text)
                .anySatisfy(t -> assertThat(t).contains("may terminate").contains("registered mail"));
    }

    @Test
    void theClauseThatNamesTheDocumentDoesNotChooseTheSentence() {
        // each sentence shares three words with the question; the first only with its naming clause
        String policy = "Fiverr's privacy policy explains who is considered a seller. "
                + "Buyers see the tasks a seller has completed.";
        Passage p = TestPassages.whole(policy, "/docs/privacy_qa/Fiverr.txt");

        List<Source> sources = selector(16).select("Consider \"Fiverr\"'s privacy policy; who can see completed tasks?", List.of(p));

        assertThat(sources).extracting(Source::text).containsExactly("Buyers see the tasks a seller has completed.");
    }

    @Test
    void rareQuestionWordsOutweighCommonOnes() {
        String a = "The agreement covers the agreement terms. The agreement is long.";
        String b = "The governing law of the agreement is Delaware law.";
        Passage pa = TestPassages.whole(a, "a.pdf");
        Passage pb = TestPassages.whole(b, "b.pdf");

        List<Source> sources = selector(20).select("Which governing law applies to the agreement?", List.of(pa, pb));

        assertThat(sources).hasSize(1);
        assertThat(sources.get(0).doc()).isEqualTo("b.pdf");
    }

    @Test
    void aTableRowComesWithItsHeaderRow() {
        String text = "Summary of results\n| Item | 2018 | 2019 |\n|---|---|---|\n| Capex | 1,577 | 1,699 |\n| Revenue | 32,765 | 32,136 |";
        Passage p = TestPassages.whole(text, "3m.pdf");

        List<Source> sources = selector(100).select("What was the revenue in 2018?", List.of(p));

        assertThat(sources).extracting(Source::text)
                .anySatisfy(t -> assertThat(t).contains("| Item | 2018 | 2019 |"))
                .anySatisfy(t -> assertThat(t).contains("| Revenue | 32,765 | 32,136 |"));
    }

    @Test
    void aListItemComesWithItsLeadIn() {
        String text = "Background paragraph.\nThe Supplier shall:\n- deliver the goods;\n- keep records of every shipment.";
        Passage p = TestPassages.whole(text, "msa.pdf");

        List<Source> sources = selector(100).select("What records must be kept?", List.of(p));

        assertThat(sources.get(0).text()).startsWith("The Supplier shall:").endsWith("every shipment.");
    }

    @Test
    void staysWithinTheTokenBudget() {
        Passage p = TestPassages.whole(NDA, "nda.pdf");

        List<Source> sources = selector(15).select("notice termination registered mail governing law Delaware", List.of(p));

        int tokens = sources.stream().mapToInt(s -> EvidenceSelector.estimateTokens(s.text())).sum();
        assertThat(tokens).isLessThanOrEqualTo(15 + 5);
        assertThat(sources).isNotEmpty();
    }

    @Test
    void overlappingPassagesOfOneDocumentGiveOneSource() {
        Passage first = TestPassages.of(NDA, 0, 150, 1, "nda.pdf");
        Passage second = TestPassages.of(NDA, 78, NDA.length(), 1, "nda.pdf");

        List<Source> sources = selector(200).select("terminate on written notice", List.of(first, second));

        assertThat(sources).hasSize(1);
        assertThat(NDA.substring(sources.get(0).start(), sources.get(0).end())).isEqualTo(sources.get(0).text());
    }

    @Test
    void numbersSourcesInDocumentThenOffsetOrder() {
        Passage late = TestPassages.of(NDA, 150, NDA.length(), 1, "b.pdf");
        Passage early = TestPassages.of(NDA, 0, 150, 1, "b.pdf");
        Passage other = TestPassages.whole("Delaware law governs. Notice is by registered mail.", "a.pdf");

        List<Source> sources = selector(500).select("Delaware law and registered mail notice", List.of(late, early, other));

        assertThat(sources).isSortedAccordingTo(PromptBuilder.DOCUMENT_ORDER);
        assertThat(sources).extracting(Source::n).containsExactly(
                java.util.stream.IntStream.rangeClosed(1, sources.size()).boxed().toArray(Integer[]::new));
    }

    @Test
    void nothingMatchingGivesNoSources() {
        assertThat(selector(100).select("photosynthesis in plants", List.of(TestPassages.whole(NDA, "nda.pdf")))).isEmpty();
    }

    @Test
    void rejectsANonPositiveBudgetWithAHint() {
        assertThatThrownBy(() -> selector(0)).hasMessageContaining("space left for sources");
    }

    @Test
    void numberedTitlesAreNotQuotedAsAnswers() {
        assertThat(EvidenceSelector.headingLike("5.5 Notices.")).isTrue();
        assertThat(EvidenceSelector.headingLike("2.4 Notice of Unauthorized Use.")).isTrue();
        assertThat(EvidenceSelector.headingLike("Section 7 Term and Termination")).isTrue();
        assertThat(EvidenceSelector.headingLike("5.5 Either Party may terminate on thirty days' notice.")).isFalse();
        assertThat(EvidenceSelector.headingLike("The notice period is 30 days.")).isFalse();
        assertThat(EvidenceSelector.headingLike("NORTHWIND INSTRUMENTS CORP.")).isTrue();
        assertThat(EvidenceSelector.headingLike("ARTICLE IV TERM AND TERMINATION")).isTrue();
        assertThat(EvidenceSelector.headingLike("Item 1A. Risk Factors")).isTrue();
        assertThat(EvidenceSelector.headingLike("Dear fellow shareholders,")).isTrue();
        assertThat(EvidenceSelector.headingLike("THE SOFTWARE IS PROVIDED AS IS.")).isFalse();
    }

    @Test
    void aBareClauseNumberIsNeverQuotedAlone() {
        // a passage cut after the number of its next clause, as chunks of numbered contracts were
        String text = "The Receiving Party may keep one archival copy of the Confidential Information. "
                + "Notices must be given in writing. 6.4.";
        Passage p = TestPassages.whole(text, "nda.pdf");
        // a stand-in model fooled by the clause numbers, as small embedding models can be
        EvidenceSelector.Meaning meaning = (q, texts) -> texts.stream()
                .mapToDouble(t -> t.strip().matches("[0-9.]+") ? 0.9 : t.contains("archival") ? 0.6 : 0.1).toArray();

        List<Source> sources = new EvidenceSelector(EvidenceSelector::estimateTokens, 25, PageLocator.PASSAGE_START,
                meaning).select("May the recipient retain anything after returning the information?", List.of(p));

        assertThat(sources).isNotEmpty();
        assertThat(sources).extracting(Source::text).noneMatch(t -> t.strip().matches("[0-9.]+"));
        assertThat(sources.get(0).text()).contains("archival copy");
    }

    @Test
    void aSentenceCloseInMeaningIsFoundWithoutSharedWords() {
        Passage p = TestPassages.whole(NDA, "nda.pdf");
        // a stand-in model: only the governing-law sentence is close to the question
        EvidenceSelector.Meaning meaning = (q, texts) -> texts.stream()
                .mapToDouble(t -> t.contains("Delaware") ? 0.8 : 0.1).toArray();
        String question = "Which jurisdiction's statutes apply?";

        assertThat(selector(200).select(question, List.of(p))).isEmpty();
        List<Source> sources = new EvidenceSelector(EvidenceSelector::estimateTokens, 15, PageLocator.PASSAGE_START,
                meaning).select(question, List.of(p));

        assertThat(sources).extracting(Source::text).containsExactly("The governing law is the law of Delaware.");
    }

    @Test
    void withoutAnAnsweringModelMeaningFallsBackToWords() {
        Passage p = TestPassages.whole(NDA, "nda.pdf");
        String question = "What is the notice period for termination?";

        List<Source> words = selector(40).select(question, List.of(p));
        List<Source> fallback = new EvidenceSelector(EvidenceSelector::estimateTokens, 40, PageLocator.PASSAGE_START,
                EvidenceSelector.Meaning.NONE).select(question, List.of(p));

        assertThat(fallback).isEqualTo(words);
    }

    @Test
    void tuningsParseOverABase() {
        EvidenceSelector.Tuning t = EvidenceSelector.Tuning.parse("sem=0, rank=0.2,floor=0.3", EvidenceSelector.Tuning.DEFAULT);

        assertThat(t).isEqualTo(new EvidenceSelector.Tuning(1, 0, 0.2, 0.3));
        assertThatThrownBy(() -> EvidenceSelector.Tuning.parse("para=1", EvidenceSelector.Tuning.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
