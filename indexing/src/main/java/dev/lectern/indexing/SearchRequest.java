package dev.lectern.indexing;

import java.util.Objects;

/**
 * One search: the user's query, how many passages to return, which evidence to use, and whether
 * the query is understood as well as matched: questions that name a document ("3M's FY2018 10-K")
 * favour it, and questions that ask for a financial statement's figure look for that statement.
 * Without it a search is plain keyword and vector matching, as the baselines measure.
 */
public record SearchRequest(String query, int k, SearchMode mode, boolean routing) {
    /** The most passages one search returns. */
    public static final int MAX_K = 1000;

    public SearchRequest {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(mode, "mode");
        if (query.isBlank()) {
            throw new IllegalArgumentException("the query is empty: type a question or some keywords");
        }
        if (!hasWords(query)) {
            throw new IllegalArgumentException("the query '" + query.strip()
                    + "' has no letters or digits: type a question or some keywords");
        }
        if (k < 1 || k > MAX_K) {
            throw new IllegalArgumentException("k must be between 1 and " + MAX_K + ", got " + k);
        }
    }

    /**
     * Whether {@code text} has a letter or a digit (in any script). Punctuation alone matches no word,
     * and its vector is as near to every passage as to any: a search for it returns arbitrary passages.
     */
    public static boolean hasWords(CharSequence text) {
        return text.codePoints().anyMatch(Character::isLetterOrDigit);
    }

    public static SearchRequest of(String query, int k) {
        return new SearchRequest(query, k, SearchMode.HYBRID, true);
    }

    public SearchRequest withMode(SearchMode m) {
        return new SearchRequest(query, k, m, routing);
    }

    public SearchRequest withRouting(boolean r) {
        return new SearchRequest(query, k, mode, r);
    }
}
