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

    @Test
    void aPageHeadedByAStatementTitleIsThatStatement() {
        assertThat(FinancialStatements.kind(java.util.List.of(),
                "Amcor plc and Subsidiaries\n\nConsolidated Statements of Income\n($ in millions)\n| Net sales | 14,694 |"))
                .isEqualTo(FinancialStatements.INCOME);
        assertThat(FinancialStatements.kind(java.util.List.of(), "CONSOLIDATED BALANCE SHEETS\n| Assets | |"))
                .isEqualTo(FinancialStatements.BALANCE_SHEET);
        assertThat(FinancialStatements.kind(java.util.List.of("Item 8", "Consolidated Statement of Cash Flows"), "| (Millions) | 2022 |"))
                .isEqualTo(FinancialStatements.CASH_FLOWS);
    }

    @Test
    void aSentenceThatMentionsAStatementOrAListOfThemIsNone() {
        assertThat(FinancialStatements.kind(java.util.List.of(),
                "Revenue is recognised as shown in the consolidated statements of income for each year.")).isNull();
        assertThat(FinancialStatements.kind(java.util.List.of(),
                "Index to Financial Statements\nConsolidated Statements of Income\nConsolidated Balance Sheets\n")).isNull();
    }

    @Test
    void aQuestionNamesTheStatementsItsFiguresAreIn() {
        assertThat(FinancialStatements.kinds("What is the retention ratio, from the cash flow statement and net income?"))
                .containsExactly(FinancialStatements.CASH_FLOWS, FinancialStatements.INCOME);
        assertThat(FinancialStatements.kinds("Who are the parties to the agreement?")).isEmpty();
    }

    @Test
    void aTableWhoseTitleStandsJustBeforeItIsThatStatement() {
        assertThat(FinancialStatements.kind(java.util.List.of(), "The year went well.\n\nConsolidated Balance Sheets\n\n",
                "| Assets | 2022 | 2021 |\n| Cash | 5 | 4 |")).isEqualTo(FinancialStatements.BALANCE_SHEET);
        assertThat(FinancialStatements.kind(java.util.List.of(), "Consolidated Balance Sheets\n\nWe hold cash.\n\n",
                "| Assets | 2022 | 2021 |")).as("the title is not the last line before the chunk").isNull();
    }
}
