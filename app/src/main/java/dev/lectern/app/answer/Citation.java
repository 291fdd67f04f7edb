package dev.lectern.app.answer;

import java.util.Objects;

/**
 * Where an answer's claim comes from: source number {@code n} of the answer, the document's file
 * path, the page it starts on and the page it ends on ({@code lastPage}; both 0 for a document
 * without pages), and {@code [start, end)} in the document text (the text {@code lectern parse
 * --json} prints), with {@code quote} exactly that range's text so anyone can check it.
 */
public record Citation(int n, String doc, int page, int lastPage, int start, int end, String quote) {
    /** A citation on one page. */
    public Citation(int n, String doc, int page, int start, int end, String quote) {
        this(n, doc, page, page, start, end, quote);
    }

    public Citation {
        Objects.requireNonNull(doc, "doc");
        Objects.requireNonNull(quote, "quote");
        if (n < 1) {
            throw new IllegalArgumentException("citation numbers start at 1, got " + n);
        }
        if (page < 0) {
            throw new IllegalArgumentException("page must be 0 (no pages) or a 1-based page number, got " + page);
        }
        if (lastPage < page || (page == 0) != (lastPage == 0)) {
            throw new IllegalArgumentException("citation " + n + " ends on page " + lastPage + " before its first page "
                    + page + ": the last page is the first or a later one, and 0 only for a document without pages");
        }
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("citation " + n + " has an invalid range [" + start + ", " + end
                    + "): start must be >= 0 and end >= start");
        }
        if (quote.length() != end - start) {
            throw new IllegalArgumentException("citation " + n + " quote has " + quote.length()
                    + " characters but its range [" + start + ", " + end + ") has " + (end - start)
                    + ": the quote must be exactly the document text of the range");
        }
    }

    /** The citation of a whole source. */
    public static Citation of(Source s) {
        return new Citation(s.n(), s.doc(), s.page(), s.lastPage(), s.start(), s.end(), s.text());
    }

    /** The first page as JSON gives it: null for a document without pages, whose offsets place the quote. */
    public Integer pageOrNull() {
        return page == 0 ? null : page;
    }

    /** The last page as JSON gives it: null for a document without pages. */
    public Integer lastPageOrNull() {
        return page == 0 ? null : lastPage;
    }

    /** "p. 3", "pp. 3-4", or empty for a document without pages. */
    public String pagesLabel() {
        return page == 0 ? "" : lastPage > page ? "pp. " + page + "\u2013" + lastPage : "p. " + page;
    }
}
