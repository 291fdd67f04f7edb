package dev.lectern.app.cli;

import dev.lectern.indexing.embed.EmbeddingModels;
import java.util.Arrays;
import java.util.Iterator;

/**
 * The bundled embedding models' ids, for the {@code --model} options' {@code ${COMPLETION-CANDIDATES}}:
 * the help then names every model there is, and a model added to {@link EmbeddingModels} appears in it.
 */
final class EmbeddingModelIds implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        return Arrays.stream(EmbeddingModels.values()).map(EmbeddingModels::id).iterator();
    }
}
