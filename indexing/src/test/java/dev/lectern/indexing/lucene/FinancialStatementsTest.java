package dev.lectern.indexing.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FinancialStatementsTest {
    @Test
    void capitalExpenditurePointsAtTheCashFlowStatement() {
        assertThat(FinancialStatements.expansion("What was 3M's FY2018 capital expenditure?"))
                .contains("statements of cash flows", "purchases of property plant and equipment");
    }

    @Test
    void marginsPointAtTheIncomeStatementAndRatiosAtTheBalanceSheet() {
        assertThat(FinancialStatements.expansion("Is the gross margin improving?")).contains("cost of sales", "gross profit");
        assertThat(FinancialStatements.expansion("Has the quick ratio improved?")).contains("balance sheets", "total current liabilities");
    }

    @Test
    void aQuestionAboutNoStatementFigureGetsNothing() {
        assertThat(FinancialStatements.expansion("Who can see which tasks I hire workers for?")).isEmpty();
        assertThat(FinancialStatements.expansion("Does the agreement survive termination?")).isEmpty();
    }

    @Test
    void wordsMatchWholeNotInsideOtherWords() {
        // "eps" inside "steps", "debt" inside "indebted"
        assertThat(FinancialStatements.expansion("What steps must the receiving party take?")).isEmpty();
        assertThat(FinancialStatements.expansion("Is the buyer indebtedness covered?")).isEmpty();
    }
}
