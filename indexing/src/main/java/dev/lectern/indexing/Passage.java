package dev.lectern.indexing;

import java.util.List;

/**
 * A retrieved chunk, or part of one: the exact span that a citation points at ({@code start}/{@code end}
 * in the document text, {@code sourceStart}/{@code sourceEnd} in the file's own text where the format
 * has one, else equal to start/end), its chunk's pages and headings, and why it was returned. The
 * first passages of a search are focused on the sentences of their chunk that answer it; the rest
 * of such a chunk may follow later in the list as passages of their own, with the same
 * {@code chunkId}. {@code WorkspaceIndex.expand} gives a passage's whole chunk and its neighbours.
 */
public record Passage(String chunkId, String docId, String docPath, String title, String text, int start, int end,
                      int sourceStart, int sourceEnd, int pageStart, int pageEnd, List<String> headingPath,
                      HitExplanation why) {
    public Passage {
        headingPath = List.copyOf(headingPath);
    }

    public double score() {
        return why.fused();
    }
}
