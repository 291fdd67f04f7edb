package dev.lectern.parsing.model;

import java.util.List;

/**
 * A retrievable piece of a document: exactly {@code document.text().substring(start, end)}, on pages
 * {@code pageStart..pageEnd}, under {@code headingPath}. Ids are deterministic: the same document
 * chunked with the same settings gives the same ids.
 */
public record Chunk(String id, String documentId, String text, int start, int end, int pageStart, int pageEnd,
                    List<String> headingPath, int tokens) {
    public Chunk {
        headingPath = List.copyOf(headingPath);
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a chunk needs an id");
        }
        if (start < 0 || end - start != text.length()) {
            throw new IllegalArgumentException("chunk " + id + " range [" + start + ", " + end
                    + ") does not match its text length " + text.length());
        }
        if (pageStart < 1 || pageEnd < pageStart) {
            throw new IllegalArgumentException("chunk " + id + " has invalid pages " + pageStart + ".." + pageEnd);
        }
    }
}
