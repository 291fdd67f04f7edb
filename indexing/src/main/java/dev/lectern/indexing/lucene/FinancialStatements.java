package dev.lectern.indexing.lucene;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Analysts ask for figures by their everyday names ("capex", "COGS", "quick ratio") and filings
 * print them in their primary statements under formal line items ("Purchases of property, plant
 * and equipment", "Cost of sales", "Total current assets"). When a question asks for such a
 * figure, the wording of the statement that holds it is added to the keyword query, so the
 * statement's page competes with the many pages that merely mention the figure.
 */
final class FinancialStatements {
    private record Hint(Pattern when, String words) {
    }

    private static final List<Hint> HINTS = List.of(
            new Hint(Pattern.compile("\\b(cash flows? statement|statement of cash flows?|capex|capital expenditures?|free cash flow|fcf|"
                    + "dividends? paid|cash dividends|operating cash flow|investing activities|financing activities)\\b"),
                    "consolidated statements of cash flows net cash provided by operating activities investing activities "
                            + "financing activities purchases of property plant and equipment dividends paid"),
            new Hint(Pattern.compile("\\b(income statement|statement of (income|operations|earnings)|p&l|cogs|cost of goods sold|"
                    + "cost of (sales|revenue)|gross (margin|profit)|operating (margin|income)|ebitda|net income|"
                    + "earnings per share|eps|revenues?|net sales|effective tax rate|sg&a)\\b"),
                    "consolidated statements of operations income earnings net sales revenue cost of sales gross profit "
                            + "operating income selling general and administrative expenses net earnings"),
            new Hint(Pattern.compile("\\b(balance sheets?|statement of financial position|quick ratio|current ratio|working capital|"
                    + "inventor(y|ies)|total assets|total liabilities|liabilit(y|ies)|accounts payable|accounts receivable|"
                    + "days payable|days sales|days inventory|dpo|dso|dio|cash conversion cycle|debt|cash and cash equivalents)\\b"),
                    "consolidated balance sheets total current assets total current liabilities inventories accounts payable "
                            + "receivables total assets total liabilities shareholders equity"));

    private FinancialStatements() {
    }

    /** The statement wording to add to {@code query}, or "" when it asks for no statement figure. */
    static String expansion(String query) {
        String q = query.toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder();
        for (Hint h : HINTS) {
            if (h.when().matcher(q).find()) {
                out.append(' ').append(h.words());
            }
        }
        return out.toString();
    }
}
