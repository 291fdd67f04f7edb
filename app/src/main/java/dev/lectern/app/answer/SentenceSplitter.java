package dev.lectern.app.answer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Splits text into sentences with exact offsets, so a sentence can be cited as a range of its
 * document. Lines that are units of their own stay whole: Markdown table rows, list items and short
 * heading lines. Within running text a sentence ends at . ! or ? followed by space and a capital, a
 * digit or an opening bracket, except after abbreviations ("Inc.", "No.", "e.g.", "U.S."), initials
 * and list numbers. Decimals and section numbers never break ("$1.5 million", "4.2").
 * Stateless and thread-safe.
 */
public final class SentenceSplitter {
    /** What kind of unit a sentence is: readers need a table row's header, a list item's lead-in. */
    public enum Kind { SENTENCE, LIST_ITEM, TABLE_ROW, HEADING }

    /** {@code [start, end)} of the split text, trimmed of surrounding white space. */
    public record Sentence(int start, int end, Kind kind) {
        public Sentence {
            if (start < 0 || end <= start) {
                throw new IllegalArgumentException("a sentence needs start >= 0 and end > start, got [" + start + ", " + end + ")");
            }
            Objects.requireNonNull(kind, "kind");
        }

        public String text(String of) {
            return of.substring(start, end);
        }
    }

    private static final Set<String> ABBREVIATIONS = Set.of(
            "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "inc", "ltd", "llc", "plc", "co", "corp", "bros", "no",
            "nos", "vs", "v", "cf", "al", "fig", "figs", "sec", "secs", "art", "arts", "para", "paras", "ch", "pp", "p",
            "vol", "ed", "eds", "approx", "est", "dept", "div", "gov", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
            "sep", "sept", "oct", "nov", "dec", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "ref", "refs", "op",
            "resp", "incl", "excl", "min", "max", "avg", "dist", "hr", "hrs", "sq", "ft", "mt", "mtn", "ave", "blvd",
            "rd", "e.g", "i.e", "a.m", "p.m", "u.s", "u.k", "u.n", "e.u", "n.a", "s.a", "n.v", "b.v");
    private static final Pattern LIST_MARKER = Pattern.compile(
            "^(?:[-*\u2022\u25AA\u2013\u2014+]\\s+|\\(?(?:\\d{1,3}(?:\\.\\d{1,3})*|[a-zA-Z]|[ivxlcdm]{1,6})[.)]\\s+)");
    private static final Pattern TABLE_SEPARATOR = Pattern.compile("^\\|?\\s*:?-{2,}:?\\s*(?:\\|\\s*:?-{2,}:?\\s*)*\\|?$");
    private static final int HEADING_MAX_CHARS = 60;

    public List<Sentence> split(String text) {
        List<Sentence> out = new ArrayList<>();
        int n = text.length();
        int pos = 0;
        // a run of lines that read as one flow of text; its sentences are split by punctuation
        int runStart = -1;
        while (pos < n) {
            int eol = text.indexOf('\n', pos);
            if (eol < 0) {
                eol = n;
            }
            String line = text.substring(pos, eol);
            String trimmed = line.strip();
            int lead = pos + indexOfNonSpace(line);
            Kind lineKind = classify(trimmed);
            if (trimmed.isEmpty()) {
                if (!(runStart >= 0 && carriesOverABreak(text, runStart, pos, eol))) {
                    runStart = flush(text, runStart, pos, out);
                }
            } else if (lineKind == Kind.TABLE_ROW) {
                runStart = flush(text, runStart, pos, out);
                if (!TABLE_SEPARATOR.matcher(trimmed).matches()) {
                    out.add(new Sentence(lead, lead + trimmed.length(), Kind.TABLE_ROW));
                }
            } else if (lineKind == Kind.LIST_ITEM && !(runStart >= 0 && spelledNumberGoesOn(text, pos, trimmed))) {
                runStart = flush(text, runStart, pos, out);
                runStart = lead;
            } else if (runStart < 0) {
                runStart = lead;
            } else if (endsUnit(text, runStart, pos)) {
                runStart = flush(text, runStart, pos, out);
                runStart = lead;
            }
            pos = eol + 1;
        }
        flush(text, runStart, n, out);
        return out;
    }

    private static final Pattern NUMBER_IN_FIGURES = Pattern.compile("^\\(\\d{1,4}\\)\\s");
    private static final Pattern SPELLED_NUMBER = Pattern.compile("(?i)(?:^|[\\s-])(?:one|two|three|four|five|six|seven|eight"
            + "|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty"
            + "|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion)$");

    /**
     * Whether a line opening with "(3)" carries on a number written out at the end of the line before
     * ("a term of three" / "(3) years"), as contracts write numbers twice: a soft wrap, not a list item.
     */
    private static boolean spelledNumberGoesOn(String text, int lineStart, String line) {
        if (!NUMBER_IN_FIGURES.matcher(line).find()) {
            return false;
        }
        int end = trimEnd(text, lineStart - 1, 0);
        int from = text.lastIndexOf('\n', Math.max(0, end - 1)) + 1;
        return end > from && SPELLED_NUMBER.matcher(text.substring(from, end)).find();
    }

    /**
     * Whether the text goes on after the blank line at {@code blankStart}: the run before it stops
     * mid-sentence (no closing punctuation) and the next line starts in lower case, as a sentence
     * does when a page break falls inside it ("This cap" / "does not apply to ...").
     */
    private static boolean carriesOverABreak(String text, int runStart, int blankStart, int blankEnd) {
        int end = trimEnd(text, blankStart, runStart);
        if (end <= runStart) {
            return false;
        }
        char last = text.charAt(end - 1);
        if (".!?:;\"')]\u201D\u2019|".indexOf(last) >= 0) {
            return false;
        }
        int next = blankEnd;
        while (next < text.length() && Character.isWhitespace(text.charAt(next))) {
            next++;
        }
        return next < text.length() && Character.isLowerCase(text.charAt(next));
    }

    /** {@code end} moved back over whitespace, not below {@code floor}. */
    private static int trimEnd(String text, int end, int floor) {
        while (end > floor && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    private static int indexOfNonSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return s.length();
    }

    private static Kind classify(String line) {
        if (line.startsWith("|") && line.length() > 1) {
            return Kind.TABLE_ROW;
        }
        if (LIST_MARKER.matcher(line).find()) {
            return Kind.LIST_ITEM;
        }
        return Kind.SENTENCE;
    }

    /**
     * Whether the run so far ends before the next line: after a short line with no closing
     * punctuation (a heading), or after a line ending with a colon (a lead-in). Other single line
     * breaks are soft wraps, common in PDF text.
     */
    private static boolean endsUnit(String text, int runStart, int lineStart) {
        int end = trimEnd(text, lineStart - 1, runStart);
        if (end <= runStart) {
            return false;
        }
        int prevLineStart = text.lastIndexOf('\n', end - 1) + 1;
        prevLineStart = Math.max(prevLineStart, runStart);
        String prev = text.substring(prevLineStart, end).strip();
        char last = prev.charAt(prev.length() - 1);
        if (last == ':' || last == ';') {
            return true;
        }
        boolean heading = prevLineStart == runStart && prev.length() <= HEADING_MAX_CHARS
                && ".,!?)\"'\u201D-".indexOf(last) < 0 && (Character.isUpperCase(prev.charAt(0)) || Character.isDigit(prev.charAt(0)));
        if (!heading) {
            return false;
        }
        int nextStart = lineStart;
        while (nextStart < text.length() && Character.isWhitespace(text.charAt(nextStart))) {
            nextStart++;
        }
        return nextStart < text.length() && (Character.isUpperCase(text.charAt(nextStart)) || Character.isDigit(text.charAt(nextStart)));
    }

    /** Splits the run {@code [runStart, runEnd)} into sentences; returns -1 (no open run). */
    private int flush(String text, int runStart, int runEnd, List<Sentence> out) {
        if (runStart < 0) {
            return -1;
        }
        boolean listItem = LIST_MARKER.matcher(text.substring(runStart, Math.min(runEnd, runStart + 16))).find();
        int sentenceStart = runStart;
        boolean first = true;
        for (int i = runStart; i < runEnd; i++) {
            char c = text.charAt(i);
            if (c != '.' && c != '!' && c != '?') {
                continue;
            }
            int j = i + 1;
            while (j < runEnd && ".!?".indexOf(text.charAt(j)) >= 0) {
                j++;
            }
            while (j < runEnd && "\"')]\u201D\u2019".indexOf(text.charAt(j)) >= 0) {
                j++;
            }
            int next = j;
            while (next < runEnd && Character.isWhitespace(text.charAt(next))) {
                next++;
            }
            if (next == j && next < runEnd) {
                continue; // "4.2", "e.g.x", "$1.5": no space, no break
            }
            if (next < runEnd && !startsSentence(text.charAt(next))) {
                continue;
            }
            if (c == '.' && !endsSentence(text, sentenceStart, i)) {
                continue;
            }
            add(text, sentenceStart, j, first && listItem ? Kind.LIST_ITEM : Kind.SENTENCE, out);
            first = false;
            sentenceStart = next;
            i = next - 1;
        }
        if (sentenceStart < runEnd) {
            Kind kind = first && listItem ? Kind.LIST_ITEM : Kind.SENTENCE;
            if (first && !listItem && isHeadingLike(text, sentenceStart, runEnd)) {
                kind = Kind.HEADING;
            }
            add(text, sentenceStart, runEnd, kind, out);
        }
        return -1;
    }

    private static boolean isHeadingLike(String text, int start, int end) {
        String s = text.substring(start, end).strip();
        return !s.isEmpty() && s.length() <= HEADING_MAX_CHARS && s.indexOf('\n') < 0
                && ".!?:;,".indexOf(s.charAt(s.length() - 1)) < 0;
    }

    private static boolean startsSentence(char c) {
        return Character.isUpperCase(c) || Character.isDigit(c) || "\"'([\u201C\u2018\u00A3$\u20AC*\u2022-".indexOf(c) >= 0
                || Character.isLetter(c) && !Character.isLowerCase(c);
    }

    /** Whether the period at {@code dot} ends a sentence that began at {@code sentenceStart}. */
    private static boolean endsSentence(String text, int sentenceStart, int dot) {
        int w = dot;
        while (w > sentenceStart && !Character.isWhitespace(text.charAt(w - 1)) && "(\"'\u201C".indexOf(text.charAt(w - 1)) < 0) {
            w--;
        }
        String token = text.substring(w, dot);
        if (token.isEmpty()) {
            return true;
        }
        String lower = token.toLowerCase(Locale.ROOT);
        if (ABBREVIATIONS.contains(lower)) {
            return false;
        }
        if (token.length() == 1 && Character.isUpperCase(token.charAt(0))) {
            return false; // an initial: "J. Smith"
        }
        if (token.matches("(?:\\p{L}\\.)+\\p{L}")) {
            return false; // a dotted acronym: "U.S.", "e.g."
        }
        // a list number or section number that opens the sentence: "1. The Supplier", "4.2. Fees"
        return !(w == sentenceStart && token.matches("\\(?(?:\\d{1,3}(?:\\.\\d{1,3})*|[a-zA-Z]|[ivxlcdm]{1,6})\\)?"));
    }

    private static void add(String text, int start, int end, Kind kind, List<Sentence> out) {
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        if (end > start) {
            out.add(new Sentence(start, end, kind));
        }
    }
}
