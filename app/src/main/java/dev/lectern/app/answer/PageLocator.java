package dev.lectern.app.answer;

import dev.lectern.indexing.IndexedDocument;
import dev.lectern.indexing.Passage;
import dev.lectern.indexing.WorkspaceIndex;

/**
 * The page of an offset inside a passage, so a citation names the page its quote is on even when
 * the passage runs across a page break.
 */
@FunctionalInterface
public interface PageLocator {
    /** 0 when the document has no pages; else the 1-based page holding document offset {@code offset}. */
    int pageAt(Passage passage, int offset);

    /** The passage's first page: right for every span of a passage that lies on one page. */
    PageLocator PASSAGE_START = (passage, offset) -> Math.max(passage.pageStart(), 0);

    /**
     * The exact page from the page starts the index stores for each document; 0 for documents that
     * have no pages (plain text, Markdown); the passage's first page for indexes written before page
     * starts were stored.
     */
    static PageLocator of(WorkspaceIndex index) {
        return (passage, offset) -> index.document(passage.docId()).map(d -> {
            if (!d.paginated()) {
                return 0;
            }
            int page = d.pageAt(offset);
            return page > 0 ? page : PASSAGE_START.pageAt(passage, offset);
        }).orElse(PASSAGE_START.pageAt(passage, offset));
    }
}
