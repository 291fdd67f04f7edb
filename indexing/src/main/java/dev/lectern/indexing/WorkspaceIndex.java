package dev.lectern.indexing;

import dev.lectern.parsing.model.Chunk;
import dev.lectern.parsing.model.Document;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * One workspace's searchable store. Ingest is staged: {@link #addDocument} commits a document's
 * chunks (keyword search works at once), {@link #embedPending} later commits their vectors. Every
 * commit is atomic, so a crash or kill leaves the index at its last commit, and the next ingest
 * resumes from there without duplicates.
 */
public interface WorkspaceIndex extends Retriever, Closeable {

    /** Called as vectors are computed: documents and chunks done so far, of the totals. */
    @FunctionalInterface
    interface EmbedProgress {
        void update(int docsDone, int docsTotal, long chunksDone, long chunksTotal, String currentTitle);
    }

    /** A passage widened to its neighbours, for context; citations keep the passage's own span. */
    record Context(String docId, int start, int end, String text) {
    }

    List<IndexedDocument> documents();

    Optional<IndexedDocument> document(String docId);

    /** The document most recently added from {@code path}, if any. */
    Optional<IndexedDocument> documentAt(String path);

    /**
     * Adds a parsed document's chunks and commits. A document with the same content is left alone
     * (returns false), unless the file it was indexed from is gone (moved or renamed: it is then
     * indexed again at its new path); another version from the same path is replaced in the same
     * commit.
     */
    boolean addDocument(Document doc, List<Chunk> chunks) throws IOException;

    /**
     * Whether a document was indexed by an earlier version of Lectern, in an older record format
     * (without statement tags or cover-page aliases, chunked before clause numbers stayed with
     * their clauses, or HTML read with its hidden elements): ingesting its file again indexes it
     * again, and {@link #addDocument} then
     * replaces it instead of skipping it.
     */
    default boolean outdated(String docId) {
        return false;
    }

    /**
     * Whether this index was opened for reading only (another Lectern has it open for writing): it
     * answers from its last commit, and refuses changes.
     */
    default boolean readOnly() {
        return false;
    }

    /** Computes and commits vectors for every document still at the keyword stage; returns chunks embedded. */
    long embedPending(EmbedProgress progress, BooleanSupplier cancelled) throws IOException;

    /** Removes a document and all its chunks and vectors; false when it was not there. */
    boolean remove(String docId) throws IOException;

    /** The passage's chunk with {@code radius} neighbours on each side, within its document. */
    Context expand(Passage passage, int radius) throws IOException;

    long chunkCount();

    /**
     * How close in meaning two short texts are (cosine of their passage embeddings, in [-1, 1]);
     * empty when the index has no embedding model. For checking that an answer says what its
     * sources say.
     */
    default java.util.OptionalDouble similarity(String a, String b) {
        return java.util.OptionalDouble.empty();
    }

    /**
     * How close in meaning each of {@code texts} is to {@code query}: the cosine of the query's
     * embedding (as a search query) and each text's (as a passage), in [-1, 1], in the order of
     * {@code texts}, computed in one batch. Empty when the index has no embedding model. For ranking
     * the sentences of retrieved passages by meaning.
     */
    default java.util.Optional<double[]> similarities(String query, List<String> texts) {
        return java.util.Optional.empty();
    }

    /**
     * Whether some document of the workspace mentions {@code name}: every word of it (as the index
     * reads words: stemmed, without stop words) in one passage, or in a document's name, title or
     * aliases. True when the name has no word the index keeps (it cannot tell). For saying "none of
     * your documents mentions CopAcc" instead of answering from passages about something else.
     */
    default boolean mentions(String name) throws IOException {
        return true;
    }

    /**
     * Whether {@code word} is an everyday word (one token of the embedding model's vocabulary:
     * "American", "Express", "Thesis") rather than a proper name ("Furtwangen", "VMware", "3M"):
     * finding an everyday word in the documents does not show they mention a name made of it. False
     * when the index has no embedding model.
     */
    default boolean everydayWord(String word) {
        return false;
    }

    /** The model that made (or will make) this index's vectors; null when the index has no embedder. */
    String embeddingModel();
}
