package dev.lectern.indexing.lucene;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits a passage into sentences: at line breaks (plain text and parsed pages keep a paragraph or
 * list item to a line), and after a full stop, question mark, exclamation mark or semicolon that is
 * followed by a space and a capital, digit, bracket or quote ("... the Agreement. The Recipient"),
 * unless the word before the stop is an abbreviation ("e.g.", "Inc.", "U.S.") or a clause number
 * ("1."). Spans exclude surrounding whitespace and cover every other character of the text.
 */
final class Sentences {
    /** A {@code [start, end)} range of the text. */
    record Span(int start, int end) {
        int length() {
            return end - start;
        }
    }

    /** Common abbreviations that end in a full stop without ending a sentence (lower case, no stop). */
    private static final Set<String> ABBREVIATIONS = Set.of("e.g", "i.e", "etc", "inc", "ltd", "co", "corp", "no", "nos",
            "art", "sec", "para", "vs", "v", "mr", "mrs", "ms", "dr", "st", "jr", "sr", "approx", "cf", "fig", "u.s",
            "u.k", "e.u", "llc", "l.l.c", "n.a", "s.a", "p", "pp", "ref", "incl", "resp", "dept", "viz", "al");

    private Sentences() {
    }

    static List<Span> of(String text) {
        List<Span> out = new ArrayList<>();
        int n = text.length();
        int start = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                add(text, start, i, out);
                start = i + 1;
            } else if ((c == '.' || c == '?' || c == '!' || c == ';') && i + 1 < n && Character.isWhitespace(text.charAt(i + 1))
                    && text.charAt(i + 1) != '\n' && startsSentence(text, i + 1) && (c != '.' || !abbreviation(text, i))) {
                add(text, start, i + 1, out);
                start = i + 1;
            }
        }
        add(text, start, n, out);
        return out;
    }

    /**
     * A heading rather than a sentence: a Markdown heading, or one short line (ten words at most)
     * without closing punctuation, such as "9. Governing Law" or "Information We Collect".
     */
    static boolean titleLike(String text) {
        String t = text.strip();
        if (t.isEmpty() || t.indexOf('\n') >= 0) {
            return false;
        }
        if (t.startsWith("#")) {
            return true;
        }
        char last = t.charAt(t.length() - 1);
        return ".?!;:,)\"'".indexOf(last) < 0 && t.split("\\s+").length <= 10;
    }

    /**
     * Whether the text reads as a table rather than prose: at least a third of its lines are table
     * rows ("| Net sales | 12,345 |", as the parser writes tables) or mostly figures ("Net sales
     * 12,345 11,234 (1.2)%"). Sentence splitting says nothing useful there.
     */
    static boolean tabular(String text) {
        int lines = 0;
        int figureLines = 0;
        for (String line : text.split("\n")) {
            String[] tokens = line.trim().split("\\s+");
            if (tokens.length == 0 || tokens[0].isEmpty()) {
                continue;
            }
            lines++;
            int figures = 0;
            for (String tok : tokens) {
                if (tok.chars().anyMatch(Character::isDigit) && tok.chars().noneMatch(Character::isLetter)) {
                    figures++;
                }
            }
            if (tokens[0].startsWith("|") || figures >= 2 && figures * 3 >= tokens.length) {
                figureLines++;
            }
        }
        return lines > 0 && figureLines * 3 >= lines;
    }

    private static void add(String text, int start, int end, List<Span> out) {
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        if (end > start) {
            out.add(new Span(start, end));
        }
    }

    /** The next non-space character after {@code from} could open a sentence. */
    private static boolean startsSentence(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) {
                return Character.isUpperCase(c) || Character.isDigit(c) || "([\"'“‘•-–*".indexOf(c) >= 0;
            }
        }
        return false;
    }

    /** The word ending at the full stop {@code dot} is an abbreviation, an initial or a clause number. */
    private static boolean abbreviation(String text, int dot) {
        int s = dot;
        while (s > 0 && !Character.isWhitespace(text.charAt(s - 1)) && "([\"'“".indexOf(text.charAt(s - 1)) < 0) {
            s--;
        }
        String word = text.substring(s, dot).toLowerCase(Locale.ROOT);
        if (word.isEmpty()) {
            return false;
        }
        if (word.length() == 1 && Character.isLetter(word.charAt(0))) {
            return true; // an initial: "J. Smith", "(a)." is not common enough to matter
        }
        if (word.chars().allMatch(ch -> Character.isDigit(ch) || ch == '.')) {
            return true; // "1." or "2.3." opening a numbered clause
        }
        return ABBREVIATIONS.contains(word);
    }
}
