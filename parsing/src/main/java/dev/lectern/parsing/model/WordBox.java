package dev.lectern.parsing.model;

/**
 * Where the characters {@code [start, end)} of the document text sit on their page, in PDF user
 * space units (1/72 inch) with the origin at the top-left corner of the page and y growing down.
 */
public record WordBox(int start, int end, float x, float y, float width, float height) {
    public WordBox {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("word box needs a non-empty range, got [" + start + ", " + end + ")");
        }
    }

    public boolean overlaps(int from, int to) {
        return start < to && from < end;
    }
}
