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
     * WordPiece/BPE-like estimate: each run of letters costs one token per 6 characters (common
     * words are one token, long or rare ones split into pieces), each run of digits one per 3
     * digits, each other visible character (punctuation, currency signs, table bars) one, as
     * WordPiece splits them off. It is meant to err high, so that a chunk sized with it is not
     * silently truncated by an embedder with a hard input limit (bge-small reads ~510 tokens).
     * Not yet checked against a real tokenizer: the index, which owns the embedding model, can
     * pass its own counter instead.
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
