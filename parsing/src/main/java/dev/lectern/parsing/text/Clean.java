package dev.lectern.parsing.text;

import java.text.Normalizer;

/** Character-level cleanup shared by every extractor. */
public final class Clean {
    private Clean() {
    }

    /** Whether {@code c} is whitespace of any kind, the non-breaking and typographic spaces included. */
    public static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B
                || c == '\u00A0' || c == '\u2007' || c == '\u202F' || c == '\u3000' || c == '\u200B'
                || c == '\uFEFF' || (c >= '\u2000' && c <= '\u200A') || c == '\u2028' || c == '\u2029'
                || c == '\u0085';
    }

    /** Characters that carry nothing visible and are dropped outright. */
    public static boolean isInvisible(char c) {
        return c == '\u00AD' /* soft hyphen */ || c == '\u200C' || c == '\u200D' || c == '\u2060'
                || (Character.getType(c) == Character.CONTROL && !isSpace(c))
                || (c >= '\uFFF0' && c != '\uFFFD' && c <= '\uFFFF');
    }

    /**
     * One line of text made clean: every kind of space becomes one ordinary space, runs collapse,
     * invisible characters go, ligatures (fi, fl, ...) are spelled out, and the ends are trimmed.
     */
    public static String line(CharSequence in) {
        StringBuilder out = new StringBuilder(in.length());
        boolean space = false;
        for (int i = 0; i < in.length(); i++) {
            char c = in.charAt(i);
            if (isSpace(c)) {
                space = out.length() > 0;
                continue;
            }
            if (isInvisible(c)) {
                continue;
            }
            if (space) {
                out.append(' ');
                space = false;
            }
            if (c >= '\uFB00' && c <= '\uFB06') {
                out.append(Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFKC));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Whether the string has at least one letter or digit. */
    public static boolean hasAlnum(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isLetterOrDigit(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
