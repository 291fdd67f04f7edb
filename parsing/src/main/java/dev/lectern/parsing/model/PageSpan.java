package dev.lectern.parsing.model;

/**
 * One page of a document: its 1-based number and the {@code [start, end)} range of
 * {@link Document#text()} that holds its text. Pages are contiguous and in order.
 */
public record PageSpan(int number, int start, int end) {
    public PageSpan {
        if (number < 1) {
            throw new IllegalArgumentException("page number must be 1-based, got " + number);
        }
        if (start < 0 || end < start) {
            throw new IllegalArgumentException(
                    "page " + number + " has an invalid range [" + start + ", " + end + "): start must be >= 0 and end >= start");
        }
    }

    public int length() {
        return end - start;
    }

    public boolean contains(int offset) {
        return offset >= start && offset < end;
    }
}
