package dev.lectern.indexing;

import java.time.Instant;
import java.util.List;

/**
 * A document as the index knows it. {@code stage} says how far it has come: keyword search works
 * from {@link Stage#KEYWORD}, semantic search from {@link Stage#READY}.
 */
public record IndexedDocument(String id, String path, String title, String mediaType, String language, int pages,
                              boolean paginated, int chunks, Stage stage, String embeddingModel, Instant added,
                              List<Integer> pageStarts) {
    /** {@code pageStarts}: where each page begins in the document text, page 1 first; empty when unknown. */
    public IndexedDocument {
        pageStarts = pageStarts == null ? List.of() : List.copyOf(pageStarts);
    }

    /**
     * The 1-based page holding document offset {@code offset}, or 0 when the document has no pages
     * or the index predates stored page starts (then callers fall back to the passage's first page).
     */
    public int pageAt(int offset) {
        if (!paginated || pageStarts.isEmpty()) {
            return 0;
        }
        int lo = 0;
        int hi = pageStarts.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (pageStarts.get(mid) <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo + 1;
    }

    public IndexedDocument withStage(Stage s, String model) {
        return new IndexedDocument(id, path, title, mediaType, language, pages, paginated, chunks, s, model, added,
                pageStarts);
    }

    /** How far a document has come through ingest; each stage is committed before the next starts. */
    public enum Stage {
        /** Chunks are committed and searchable by keyword; vectors are not computed yet. */
        KEYWORD,
        /** Vectors are committed too: hybrid search covers the document. */
        READY
    }
}
