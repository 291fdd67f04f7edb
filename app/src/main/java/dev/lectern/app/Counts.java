package dev.lectern.app;

/** "1 page", "4 pages": counts as people write them, in messages and the CLI's report lines. */
public final class Counts {
    private Counts() {
    }

    /** {@code n} and {@code word}, with an "s" unless {@code n} is one (regular English nouns only). */
    public static String of(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
