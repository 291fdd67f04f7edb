package dev.lectern.parsing.model;

/**
 * A table kept whole: its caption or title when one was found (may be empty), and its Markdown
 * rendering, which is exactly {@code text.substring(start, end)} of the owning document. Rows of a
 * table are never split by the chunker.
 */
public record Table(String caption, String markdown, int start, int end, int rows, int columns) {
    public Table {
        caption = caption == null ? "" : caption;
        if (markdown == null || markdown.isEmpty()) {
            throw new IllegalArgumentException("a table needs its Markdown text");
        }
        if (start < 0 || end - start != markdown.length()) {
            throw new IllegalArgumentException("table range [" + start + ", " + end
                    + ") does not match its Markdown length " + markdown.length());
        }
        if (rows < 1 || columns < 1) {
            throw new IllegalArgumentException("a table needs at least one row and one column, got "
                    + rows + "x" + columns);
        }
    }
}
