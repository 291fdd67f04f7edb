package dev.lectern.parsing.text;

/**
 * Plain text and Markdown read as they are, with a {@link dev.lectern.parsing.model.SourceMap}
 * back to the file's own code-point offsets: collapsing whitespace is the only change, and every
 * word keeps an anchor to where it stood in the file, so an offset in the cleaned text converts to
 * the exact character of the original.
 */
public final class PlainTextExtractor {
    private PlainTextExtractor() {
    }

    /**
     * Builds the cleaned text of {@code source} into {@code out}. Blank lines separate paragraphs;
     * other line breaks are kept; Markdown "#" lines and numbered clause titles become headings.
     */
    public static void build(String source, boolean markdown, TextBuilder out) {
        out.startPage();
        int cp = 0; // code-point offset of index i in source
        int i = 0;
        int n = source.length();
        boolean blank = true;
        while (i < n) {
            int lineEnd = i;
            while (lineEnd < n && source.charAt(lineEnd) != '\n' && source.charAt(lineEnd) != '\r') {
                lineEnd++;
            }
            String raw = source.substring(i, lineEnd);
            int lineCp = cp;
            cp += raw.codePointCount(0, raw.length());
            String clean = Clean.line(raw);
            if (clean.isEmpty()) {
                blank = true;
            } else {
                if (blank) {
                    out.paragraph();
                } else {
                    out.newline();
                }
                int lineStart = emitMapped(raw, lineCp, out);
                int lineStop = out.length();
                int mdLevel = markdown ? markdownLevel(clean) : 0;
                int level = mdLevel > 0 ? mdLevel : HeadingPatterns.levelOf(clean);
                if (level > 0) {
                    int skip = mdLevel > 0 ? clean.indexOf(' ') + 1 : 0;
                    out.heading(level, lineStart, lineStart + skip, lineStop);
                } else if (blank) {
                    int inline = HeadingPatterns.inlineHeadingLength(clean);
                    if (inline > 0) {
                        out.heading(HeadingPatterns.inlineLevel(clean), lineStart, lineStart + inline - 1);
                    }
                }
                blank = false;
            }
            // consume the line break (\r\n counts as two code points in the source)
            if (lineEnd < n) {
                int brk = source.charAt(lineEnd) == '\r' && lineEnd + 1 < n && source.charAt(lineEnd + 1) == '\n' ? 2 : 1;
                cp += brk;
                i = lineEnd + brk;
            } else {
                i = lineEnd;
            }
            if ((cp & 0xFFF) == 0) {
                out.checkDeadline();
            }
        }
    }

    /** Appends the words of one raw line with single spaces, anchoring each to its source offset. */
    private static int emitMapped(String raw, int lineCp, TextBuilder out) {
        int first = -1;
        boolean needSpace = false;
        StringBuilder word = new StringBuilder();
        int wordCp = -1;
        int cp = lineCp;
        for (int j = 0; j < raw.length(); ) {
            int c = raw.codePointAt(j);
            int len = Character.charCount(c);
            char ch = raw.charAt(j);
            boolean space = len == 1 && Clean.isSpace(ch);
            boolean invisible = len == 1 && !space && Clean.isInvisible(ch);
            if (space || invisible) {
                if (word.length() > 0) {
                    if (first >= 0 && needSpace) {
                        out.space();
                    }
                    int s = out.appendMapped(word, wordCp);
                    first = first < 0 ? s : first;
                    word.setLength(0);
                    needSpace = false;
                }
                // a dropped invisible character (soft hyphen) joins its neighbours; a space separates them
                needSpace |= space;
            } else {
                if (word.length() == 0) {
                    wordCp = cp;
                }
                word.appendCodePoint(c);
            }
            j += len;
            cp++;
        }
        if (word.length() > 0) {
            if (first >= 0 && needSpace) {
                out.space();
            }
            int s = out.appendMapped(word, wordCp);
            first = first < 0 ? s : first;
        }
        return first;
    }

    private static int markdownLevel(String line) {
        int k = 0;
        while (k < line.length() && k < 7 && line.charAt(k) == '#') {
            k++;
        }
        return k >= 1 && k <= 6 && k < line.length() && line.charAt(k) == ' ' ? k : 0;
    }
}
