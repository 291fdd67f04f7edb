package dev.lectern.indexing;

import java.time.Instant;

/**
 * A document as the index knows it. {@code stage} says how far it has come: keyword search works
 * from {@link Stage#KEYWORD}, semantic search from {@link Stage#READY}.
 */
public record IndexedDocument(String id, String path, String title, String mediaType, String language, int pages,
                              boolean paginated, int chunks, Stage stage, String embeddingModel, Instant added) {
    /** How far a document has come through ingest; each stage is committed before the next starts. */
    public enum Stage {
        /** Chunks are committed and searchable by keyword; vectors are not computed yet. */
        KEYWORD,
        /** Vectors are committed too: hybrid search covers the document. */
        READY
    }
}
