package dev.lectern.inference;

/** Receives generated text as it streams: one call per decoded piece (a token or a few). */
@FunctionalInterface
public interface TokenSink {
    void accept(String piece);

    TokenSink IGNORE = piece -> { };
}
