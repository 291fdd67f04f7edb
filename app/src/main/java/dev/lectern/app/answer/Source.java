package dev.lectern.app.answer;

import java.util.Objects;

/**
 * A piece of evidence given to the model or shown as is: exactly {@code text} =
 * document text {@code [start, end)} of document {@code docId} (file {@code doc}), from {@code page}
 * to {@code lastPage} (both 0 when the document has no pages), numbered {@code n} in its answer.
 * {@code relevance} is the selector's score, used to order evidence and to decide what to drop when
 * space runs out.
 */
public record Source(int n, String docId, String doc, int page, int lastPage, int start, int end, String text,
                     double relevance) {
    /** A source on one page. */
    public Source(int n, String docId, String doc, int page, int start, int end, String text, double relevance) {
        this(n, docId, doc, page, page, start, end, text, relevance);
    }

    public Source {
        Objects.requireNonNull(docId, "docId");
        Objects.requireNonNull(doc, "doc");
        Objects.requireNonNull(text, "text");
        if (n < 1) {
            throw new IllegalArgumentException("source numbers start at 1, got " + n);
        }
        if (page < 0) {
            throw new IllegalArgumentException("page must be 0 (no pages) or a 1-based page number, got " + page);
        }
        if (lastPage < page || (page == 0) != (lastPage == 0)) {
            throw new IllegalArgumentException("source " + n + " ends on page " + lastPage + " before its first page "
                    + page + ": the last page is the first or a later one, and 0 only for a document without pages");
        }
        if (start < 0 || end - start != text.length()) {
            throw new IllegalArgumentException("source " + n + " range [" + start + ", " + end
                    + ") does not match its text length " + text.length()
                    + ": a source must be an exact range of its document's text");
        }
    }

    public Source withNumber(int number) {
        return new Source(number, docId, doc, page, lastPage, start, end, text, relevance);
    }
}
