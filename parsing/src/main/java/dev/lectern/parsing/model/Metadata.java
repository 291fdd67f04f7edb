package dev.lectern.parsing.model;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a document says about itself. {@code extra} keeps any other properties the format had
 * (producer, subject, keywords, sender, ...), sorted by name.
 */
public record Metadata(String author, Instant created, Instant modified, Map<String, String> extra) {
    public static final Metadata EMPTY = new Metadata(null, null, null, Map.of());

    public Metadata {
        author = author == null || author.isBlank() ? null : author.strip();
        extra = Map.copyOf(new TreeMap<>(extra));
    }

    public Optional<String> authorOpt() {
        return Optional.ofNullable(author);
    }
}
