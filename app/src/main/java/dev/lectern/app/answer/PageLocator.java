package dev.lectern.app.answer;

import dev.lectern.indexing.IndexedDocument;
import dev.lectern.indexing.Passage;
import dev.lectern.indexing.WorkspaceIndex;

/**
 * The page of an offset inside a passage. The index stores a passage's first and last page but not
 * where its page breaks fall, so {@link #PASSAGE_START} is exact only for one-page passages; a
 * locator that knows the document's page spans (from a parse) can do better.
 */
@FunctionalInterface
public interface PageLocator {
    /** 0 when the document has no pages; else the 1-based page holding document offset {@code offset}. */
    int pageAt(Passage passage, int offset);

    /** The passage's first page: right for every span of a passage that lies on one page. */
    PageLocator PASSAGE_START = (passage, offset) -> Math.max(passage.pageStart(), 0);

    /** {@link #PASSAGE_START}, or 0 for the index's documents that have no pages (plain text, Markdown). */
    static PageLocator of(WorkspaceIndex index) {
        return (passage, offset) -> index.document(passage.docId()).map(IndexedDocument::paginated).orElse(true)
                ? PASSAGE_START.pageAt(passage, offset) : 0;
    }
}
