package dev.lectern.indexing.embed;

import dev.lectern.parsing.TokenCounter;
import java.util.List;

/**
 * Turns text into dense vectors for the vector half of hybrid retrieval. Implementations wrap an
 * embedding model and hide its library: callers only see plain {@code float[]} vectors.
 *
 * <p>Every vector has {@link #dimension()} components and unit L2 length, so a dot product is the
 * cosine similarity. Passages and queries go through different methods because some models
 * (bge) expect an instruction before a query and nothing before a passage.
 *
 * <p>A model reads at most {@link #maxTokens()} tokens, two of which are its {@code [CLS]} and
 * {@code [SEP]} markers: text whose {@link #countTokens(String)} exceeds {@code maxTokens() - 2}
 * is truncated (and implementations say so in the log). Size chunks with {@link #tokenCounter()}.
 *
 * <p>Implementations are thread-safe. {@link #close()} releases native resources; an embedder
 * must not be used after it.
 */
public interface Embedder extends AutoCloseable {

    /** The model's catalogue id, e.g. {@code "bge-small-en-v1.5-q"}; stored with an index to detect a model change. */
    String modelId();

    /** Number of components of every vector this embedder returns. */
    int dimension();

    /** The model's input limit in tokens, including its two special tokens. */
    int maxTokens();

    /**
     * Embeds passages (chunks of documents), in one call for the whole list so that the
     * implementation can batch and parallelise.
     *
     * @param texts the passages; none may be {@code null}; a blank one gets a valid (if meaningless) vector
     * @return one unit-length vector per text, in the order of {@code texts}; an empty array for an empty list
     */
    float[][] embedPassages(List<String> texts);

    /** Embeds a search query, with the model's query instruction if it has one. */
    float[] embedQuery(String query);

    /** Number of tokens the model's own tokenizer makes of {@code text}, without special tokens and without truncation. */
    int countTokens(String text);

    /**
     * This embedder's tokenizer as the chunker's {@link TokenCounter}. A chunk fits the model when
     * its count is at most {@code maxTokens() - 2}.
     */
    default TokenCounter tokenCounter() {
        return (text, start, end) -> countTokens(text.subSequence(start, end).toString());
    }

    /** Releases the model; the default does nothing. */
    @Override
    default void close() {
    }
}
