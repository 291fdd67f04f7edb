package dev.lectern.parsing;

import dev.lectern.parsing.model.Chunk;
import dev.lectern.parsing.model.Document;
import java.util.List;

/** Splits a document into retrievable chunks whose offsets index {@link Document#text()}. */
@FunctionalInterface
public interface Chunker {
    List<Chunk> chunk(Document document);
}
