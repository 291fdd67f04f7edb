package dev.lectern.app;

/** "1 page", "4 pages": counts as people write them, in messages and the CLI's report lines. */
public final class Counts {
    private Counts() {
    }

    /** {@code n} and {@code word}, with an "s" unless {@code n} is one (regular English nouns only). */
    public static String of(long n, String word) {
        return n + " " + noun(n, word);
    }

    /** A list as people write it: "a", "a and b", "a, b and c" (with {@code conjunction} "and" or "or"). */
    public static String series(java.util.List<String> items, String conjunction) {
        if (items.size() <= 1) {
            return items.isEmpty() ? "" : items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " " + conjunction + " " + items.get(items.size() - 1);
    }

    /** {@code word} as it follows the number {@code n}, for a table that prints the number in its own column. */
    public static String noun(long n, String word) {
        return word + (n == 1 ? "" : "s");
    }
}
