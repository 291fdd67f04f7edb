package dev.lectern.indexing.lucene;

import java.io.IOException;

/** Test access to how an earlier version wrote a document's registry record. */
public final class EarlierFormat {
    private EarlierFormat() {
    }

    public static void rewrite(LuceneIndex index, String docId) throws IOException {
        index.rewriteFormat(docId, 1);
    }
}
