package dev.lectern.parsing;

import dev.lectern.parsing.model.Document;
import java.nio.file.Path;

/** Turns one file into a {@link Document}. Implementations keep no per-file state between calls. */
@FunctionalInterface
public interface TextExtractor {
    Document extract(Path file) throws ParseException;
}
