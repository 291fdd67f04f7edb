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
    /** The primary statements, as {@link #kind} tags their pages and {@link #kinds} asks for them. */
    static final String CASH_FLOWS = "cashflows";
    static final String INCOME = "income";
    static final String BALANCE_SHEET = "balance";

    private record Hint(String kind, Pattern when, String words) {
    }

    private static final List<Hint> HINTS = List.of(
            new Hint(CASH_FLOWS, Pattern.compile("\\b(cash flows? statement|statement of cash flows?|capex|capital expenditures?|free cash flow|fcf|"
                    + "dividends? paid|cash dividends|operating cash flow|investing activities|financing activities|"
                    + "capital[- ]intensive|capital intensity)\\b"),
                    "consolidated statements of cash flows net cash provided by operating activities investing activities "
                            + "financing activities purchases of property plant and equipment dividends paid"),
            new Hint(INCOME, Pattern.compile("\\b(income statement|statement of (income|operations|earnings)|p&l|cogs|cost of goods sold|"
                    + "cost of (sales|revenue)|gross (margins?|profits?)|operating (margins?|income)|ebitda|net income|"
                    + "earnings per share|eps|revenues?|net sales|effective tax rate|sg&a|capital[- ]intensive|capital intensity)\\b"),
                    "consolidated statements of operations income earnings net sales revenue cost of sales gross profit "
                            + "operating income selling general and administrative expenses net earnings"),
            new Hint(BALANCE_SHEET, Pattern.compile("\\b(balance sheets?|statement of financial position|quick ratio|current ratio|working capital|"
                    + "inventor(y|ies)|total assets|total liabilities|liabilit(y|ies)|accounts payable|accounts receivable|"
                    + "days payable|days sales|days inventory|dpo|dso|dio|cash conversion cycle|debt|cash and cash equivalents|"
                    + "capital[- ]intensive|capital intensity)\\b"),
                    "consolidated balance sheets total current assets total current liabilities inventories accounts payable "
                            + "receivables total assets total liabilities shareholders equity"));

    private FinancialStatements() {
    }

    /**
     * A statement's title at the head of a line: "Consolidated Statements of Income", "CONSOLIDATED
     * BALANCE SHEETS", "Statement of Cash Flows". A sentence that mentions a statement ("as shown in
     * the consolidated statements of income") does not start a line with it.
     */
    private static final Pattern TITLE = Pattern.compile("(?im)^[\\s|#*]*(?:consolidated\\s+(?:and\\s+combined\\s+)?)?"
            + "(?:(statements?\\s+of\\s+cash\\s+flows?)|(statements?\\s+of\\s+(?:consolidated\\s+)?(?:income|operations|earnings)|income\\s+statements?)"
            + "|(balance\\s+sheets?|statements?\\s+of\\s+financial\\s+(?:position|condition)))\\s*(?:\\(|\\||$)");
    /** How far into a chunk its page's statement title may stand. */
    private static final int TITLE_WINDOW = 300;

    /**
     * The primary statement a chunk begins (or sits under, by its heading path), or null. A chunk
     * that names several statements at its head (a table of contents, an auditor's opinion) is
     * none of them.
     */
    static String kind(List<String> headingPath, String text) {
        return kind(headingPath, "", text);
    }

    /** As above, also looking at the last line of {@code lead}, the text just before the chunk (a table's title). */
    static String kind(List<String> headingPath, String lead, String text) {
        String before = lead.strip();
        before = before.substring(before.lastIndexOf('\n') + 1);
        String head = (headingPath.isEmpty() ? "" : headingPath.get(headingPath.size() - 1) + "\n")
                + (before.isEmpty() ? "" : before + "\n")
                + text.substring(0, Math.min(text.length(), TITLE_WINDOW));
        java.util.regex.Matcher m = TITLE.matcher(head);
        String found = null;
        while (m.find()) {
            String k = m.group(1) != null ? CASH_FLOWS : m.group(2) != null ? INCOME : BALANCE_SHEET;
            if (found != null && !found.equals(k)) {
                return null;
            }
            found = k;
        }
        return found;
    }

    /** The statements whose figures {@code query} asks for. */
    static List<String> kinds(String query) {
        String q = query.toLowerCase(Locale.ROOT);
        List<String> out = new java.util.ArrayList<>();
        for (Hint h : HINTS) {
            if (h.when().matcher(q).find()) {
                out.add(h.kind());
            }
        }
        return out;
    }

    /** The statement wording to add to {@code query}, or "" when it asks for no statement figure. */
    static String expansion(String query) {
        return expansion(kinds(query));
    }

    /** The wording of the statements {@link #kinds} found, to add to a query; "" for none. */
    static String expansion(List<String> kinds) {
        StringBuilder out = new StringBuilder();
        for (Hint h : HINTS) {
            if (kinds.contains(h.kind())) {
                out.append(' ').append(h.words());
            }
        }
        return out.toString();
    }
}
