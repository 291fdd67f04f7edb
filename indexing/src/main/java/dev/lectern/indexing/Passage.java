package dev.lectern.indexing;

import java.util.List;

/**
 * A retrieved chunk: the exact span that a citation points at ({@code start}/{@code end} in the
 * document text, {@code sourceStart}/{@code sourceEnd} in the file's own text where the format has
 * one, else equal to start/end), its pages and headings, and why it was returned.
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
