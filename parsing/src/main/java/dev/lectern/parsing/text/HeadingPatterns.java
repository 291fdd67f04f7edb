package dev.lectern.parsing.text;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headings recognised by their wording, the way contracts, statutes and filings number them:
 * "ARTICLE IV", "PART II", "Item 7.", "Section 12.3", "4.2 Termination." A level is returned so the
 * hierarchy nests: parts and articles are 1, items and sections 2, each further number component
 * one deeper.
 */
public final class HeadingPatterns {
    private static final String ROMAN = "(?:[IVXLC]{1,7}|\\d{1,3}|[A-Z])";
    private static final Pattern PART = Pattern.compile("^(?:PART|Part|ARTICLE|Article|CHAPTER|Chapter|SCHEDULE|Schedule|EXHIBIT|Exhibit|ANNEX|Annex|APPENDIX|Appendix|TITLE)\\s+" + ROMAN + "\\b[.:]?(?:\\s*[-–—:.]?\\s*\\S.*)?$");
    private static final Pattern ITEM = Pattern.compile("^(?:ITEM|Item)\\s+\\d{1,2}[A-Z]?\\.?(?:\\s*[-–—:.]?\\s*\\S.*)?$");
    private static final Pattern SECTION = Pattern.compile("^(?:SECTION|Section|§)\\s*(\\d{1,3}(?:\\.\\d{1,3})*)[.:]?(?:\\s+\\S.*)?$");
    /** "4.2 Termination" or "4. Termination" or "4.2. Termination" as a whole line. */
    private static final Pattern NUMBERED = Pattern.compile("^(\\d{1,2}(?:\\.\\d{1,2}){0,3})\\.?\\s+([A-Z][^.!?;:]{1,80})\\.?$");
    /** "4.2 Termination. Either party may ..." at the start of a paragraph. */
    private static final Pattern INLINE = Pattern.compile("^(\\d{1,2}(?:\\.\\d{1,2}){0,3})\\.?\\s+([A-Z][A-Za-z0-9'’&/,\\- ]{1,70}?)\\.(?=\\s+\\S)");

    private HeadingPatterns() {
    }

    /** The heading level of a whole line, or 0 when its wording does not make it a heading. */
    public static int levelOf(String line) {
        if (line.length() > 140 || line.isEmpty()) {
            return 0;
        }
        // cheap dispatch on the first character: most lines of a filing start with none of these
        char c0 = line.charAt(0);
        if (c0 >= '0' && c0 <= '9') {
            Matcher n = NUMBERED.matcher(line);
            if (n.matches() && wordCount(n.group(2)) <= 10 && !looksLikeSentence(n.group(2))) {
                return 1 + components(n.group(1));
            }
            return 0;
        }
        if ("PACSETI§".indexOf(c0) < 0) {
            return 0;
        }
        if (PART.matcher(line).matches() && !endsLikeSentence(line)) {
            return 1;
        }
        if (c0 == 'I' && ITEM.matcher(line).matches() && line.length() <= 110) {
            return 2;
        }
        if (c0 == 'S' || c0 == '§') {
            Matcher s = SECTION.matcher(line);
            if (s.matches() && line.length() <= 100 && !endsLikeSentence(line)) {
                return 1 + components(s.group(1));
            }
        }
        return 0;
    }

    /**
     * For a paragraph that opens with a numbered clause title ("4.2 Termination. Either ..."), the
     * length of that title (up to and without the full stop); 0 when it does not.
     */
    public static int inlineHeadingLength(String paragraphStart) {
        if (paragraphStart.isEmpty() || !Character.isDigit(paragraphStart.charAt(0))) {
            return 0;
        }
        Matcher m = INLINE.matcher(paragraphStart);
        if (m.find() && wordCount(m.group(2)) <= 8 && !looksLikeSentence(m.group(2))) {
            return m.end();
        }
        return 0;
    }

    /** Level of an inline clause heading found by {@link #inlineHeadingLength}. */
    public static int inlineLevel(String paragraphStart) {
        Matcher m = INLINE.matcher(paragraphStart);
        return m.find() ? 1 + components(m.group(1)) : 0;
    }

    private static int components(String number) {
        int n = 1;
        for (int i = 0; i < number.length(); i++) {
            if (number.charAt(i) == '.') {
                n++;
            }
        }
        return n;
    }

    private static int wordCount(String s) {
        return s.isBlank() ? 0 : s.strip().split("\\s+").length;
    }

    private static boolean endsLikeSentence(String line) {
        return line.length() > 60 && (line.endsWith(".") || line.endsWith(";") || line.endsWith(","));
    }

    /** Titles are short and mostly capitalised; sentences have many lower-case function words. */
    private static boolean looksLikeSentence(String s) {
        String[] words = s.strip().split("\\s+");
        int lower = 0;
        for (String w : words) {
            if (!w.isEmpty() && Character.isLowerCase(w.charAt(0)) && w.length() > 3) {
                lower++;
            }
        }
        return words.length >= 5 && lower * 2 > words.length;
    }
}
