package dev.lectern.indexing;

/** Which evidence a search uses. Hybrid is the default; the others exist to measure it against. */
public enum SearchMode {
    /** Keyword relevance only (BM25 over the chunk text with the document language's analyzer). */
    BM25,
    /** Embedding similarity only (HNSW nearest neighbours). */
    VECTOR,
    /** Both, fused by reciprocal rank, with document routing. */
    HYBRID
}
