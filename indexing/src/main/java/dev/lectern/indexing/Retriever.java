package dev.lectern.indexing;

import java.io.IOException;
import java.util.List;

/** Finds the passages that best answer a query, best first. */
@FunctionalInterface
public interface Retriever {
    List<Passage> retrieve(SearchRequest request) throws IOException;
}
