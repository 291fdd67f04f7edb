package dev.lectern.parsing.text;

import dev.lectern.parsing.ParseException;
import dev.lectern.parsing.model.PageLayout;
import dev.lectern.parsing.model.PageSpan;
import dev.lectern.parsing.model.Section;
import dev.lectern.parsing.model.SourceMap;
import dev.lectern.parsing.model.Table;
import dev.lectern.parsing.model.WordBox;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Builds a document's cleaned text and, in the same pass, everything that points into it: pages,
 * headings, tables, word boxes and source anchors. Cleanup happens before characters land here, so
 * every offset recorded is final; nothing is ever rewritten afterwards.
 *
 * <p>Whitespace between pieces is lazy: {@link #space()}, {@link #newline()} and
 * {@link #paragraph()} only take effect when the next visible piece arrives, so the text never holds
 * leading, trailing or doubled separators. Not thread-safe: one builder per parse.
 */
public final class TextBuilder {
    private enum Sep { NONE, SPACE, NEWLINE, PARAGRAPH }

    private final StringBuilder text = new StringBuilder();
    private final int maxChars;
    private final Deadline deadline;

    private final List<PageSpan> pages = new ArrayList<>();
    private int pageNumber;
    private int pageStart = -1;
    private Sep pending = Sep.NONE;

    private final List<int[]> headings = new ArrayList<>(); // {level, start, end, sectionStart}
    private final List<String> headingTexts = new ArrayList<>();
    private final List<Table> tables = new ArrayList<>();

    private final List<PageLayout> layouts = new ArrayList<>();
    private List<WordBox> pageBoxes;
    private float pageWidth;
    private float pageHeight;
    private boolean pageOcr;

    private int[] anchorText = new int[16];
    private int[] anchorSource = new int[16];
    private int anchors;

    public TextBuilder(int maxChars, Deadline deadline) {
        this.maxChars = maxChars;
        this.deadline = deadline;
    }

    // ---- pages -------------------------------------------------------------------------------

    /** Starts the next page. The break before it belongs to the previous page. */
    public void startPage() {
        if (pageStart < 0 && pages.isEmpty()) {
            // the first page holds everything written so far: pages cover the text from offset 0
            pageNumber = 1;
            pageStart = 0;
            if (text.length() > 0) {
                paragraph();
            }
            deadline.check();
            return;
        }
        if (text.length() > 0 && !endsWith("\n\n")) {
            text.append(text.charAt(text.length() - 1) == '\n' ? "\n" : "\n\n");
        }
        endPage();
        pending = Sep.NONE;
        pageNumber++;
        pageStart = text.length();
        deadline.check();
    }

    /** Starts the next page and records its geometry, so word boxes can be added to it. */
    public void startPage(float width, float height, boolean ocr) {
        startPage();
        pageBoxes = new ArrayList<>();
        pageWidth = width;
        pageHeight = height;
        pageOcr = ocr;
    }

    /** Marks the page being built as OCRed (its boxes come from the OCR engine). */
    public void markPageOcr() {
        pageOcr = true;
    }

    private void endPage() {
        if (pageStart < 0) {
            return;
        }
        pages.add(new PageSpan(pageNumber, pageStart, text.length()));
        if (pageBoxes != null) {
            layouts.add(new PageLayout(pageNumber, pageWidth, pageHeight, pageOcr, pageBoxes));
            pageBoxes = null;
        }
        pageStart = -1;
    }

    public int currentPage() {
        return pageNumber;
    }

    // ---- text --------------------------------------------------------------------------------

    public void space() {
        if (pending == Sep.NONE) {
            pending = Sep.SPACE;
        }
    }

    public void newline() {
        if (pending.ordinal() < Sep.NEWLINE.ordinal()) {
            pending = Sep.NEWLINE;
        }
    }

    public void paragraph() {
        pending = Sep.PARAGRAPH;
    }

    /** Whether anything visible was appended since the last paragraph break (or ever). */
    public boolean atParagraphStart() {
        return text.length() == 0 || pending == Sep.PARAGRAPH || endsWith("\n\n") || pageStart == text.length();
    }

    /**
     * Appends a visible piece after whatever separator is pending, and returns its start offset.
     * The piece must already be clean (no control characters, single spaces).
     */
    public int append(CharSequence piece) {
        flushSeparator();
        int start = text.length();
        if (start + piece.length() > maxChars) {
            throw new ParseAbort(ParseException.Reason.TOO_LARGE,
                    "its text grows past the limit of " + maxChars + " characters");
        }
        text.append(piece);
        return start;
    }

    /** Appends a piece that came from {@code sourceOffset} of the source text, recording the anchor. */
    public int appendMapped(CharSequence piece, int sourceOffset) {
        flushSeparator();
        anchor(text.length(), sourceOffset);
        int start = append(piece);
        // source offsets count code points, text offsets chars: after a supplementary character (two
        // chars, one code point) they drift apart by one, so anchor again right after it
        int cp = sourceOffset;
        for (int k = 0; k < piece.length(); ) {
            int c = Character.codePointAt(piece, k);
            k += Character.charCount(c);
            cp++;
            if (Character.isSupplementaryCodePoint(c)) {
                anchor(start + k, cp);
            }
        }
        return start;
    }

    /**
     * Appends literal separator characters that came from the source (for offset-mapped plain text,
     * where a kept newline must map back exactly). Cancels any pending separator.
     */
    public void appendRawMapped(String raw, int sourceOffset) {
        pending = Sep.NONE;
        anchor(text.length(), sourceOffset);
        if (text.length() + raw.length() > maxChars) {
            throw new ParseAbort(ParseException.Reason.TOO_LARGE,
                    "its text grows past the limit of " + maxChars + " characters");
        }
        text.append(raw);
    }

    private void flushSeparator() {
        if (text.length() > 0 && pageStart != text.length()) {
            switch (pending) {
                case SPACE -> text.append(' ');
                case NEWLINE -> text.append('\n');
                case PARAGRAPH -> text.append(endsWith("\n") ? "\n" : "\n\n");
                default -> { }
            }
        }
        pending = Sep.NONE;
    }

    private boolean endsWith(String s) {
        int n = text.length();
        return n >= s.length() && text.substring(n - s.length()).equals(s);
    }

    private void anchor(int textOffset, int sourceOffset) {
        if (anchors == anchorText.length) {
            anchorText = java.util.Arrays.copyOf(anchorText, anchors * 2);
            anchorSource = java.util.Arrays.copyOf(anchorSource, anchors * 2);
        }
        anchorText[anchors] = textOffset;
        anchorSource[anchors] = sourceOffset;
        anchors++;
    }

    public int length() {
        return text.length();
    }

    public CharSequence text() {
        return text;
    }

    public void checkDeadline() {
        deadline.check();
    }

    // ---- structure ---------------------------------------------------------------------------

    /** Records that {@code [start, end)} is a heading of the given level (1 = outermost). */
    public void heading(int level, int start, int end) {
        heading(level, start, start, end);
    }

    /**
     * Records a heading {@code [start, end)} whose section begins earlier, at {@code sectionStart}:
     * a Markdown "## " marker belongs to the section but not to the heading's text.
     */
    public void heading(int level, int sectionStart, int start, int end) {
        if (end <= start) {
            return;
        }
        headings.add(new int[] {Math.max(1, level), start, end, Math.min(sectionStart, start)});
        headingTexts.add(text.substring(start, end).replaceAll("\\s+", " ").strip());
    }

    public void table(String caption, int start, int end, int rows, int columns) {
        tables.add(new Table(caption, text.substring(start, end), start, end, rows, columns));
    }

    public void box(int start, int end, float x, float y, float w, float h) {
        if (pageBoxes != null && end > start) {
            pageBoxes.add(new WordBox(start, end, x, y, w, h));
        }
    }

    // ---- result ------------------------------------------------------------------------------

    /** Finishes the last page and returns everything built. */
    public Built build(int sourceLength) {
        if (pageStart < 0 && pages.isEmpty()) {
            startPage();
        }
        endPage();
        String finalText = text.toString();
        SourceMap map = anchors == 0 ? null : new SourceMap(
                java.util.Arrays.copyOf(anchorText, anchors), java.util.Arrays.copyOf(anchorSource, anchors),
                sourceLength);
        return new Built(finalText, pages, sections(finalText.length()), tables, layouts, map);
    }

    private List<Section> sections(int textLength) {
        List<Section> out = new ArrayList<>();
        // open sections: index into headings, with the path so far
        Deque<Integer> open = new ArrayDeque<>();
        int[] ends = new int[headings.size()];
        for (int i = 0; i < headings.size(); i++) {
            int level = headings.get(i)[0];
            while (!open.isEmpty() && headings.get(open.peek())[0] >= level) {
                ends[open.pop()] = headings.get(i)[3];
            }
            open.push(i);
        }
        while (!open.isEmpty()) {
            ends[open.pop()] = textLength;
        }
        // second pass builds the paths with the same stack discipline
        Deque<Integer> path = new ArrayDeque<>();
        for (int i = 0; i < headings.size(); i++) {
            int[] h = headings.get(i);
            while (!path.isEmpty() && headings.get(path.peekLast())[0] >= h[0]) {
                path.removeLast();
            }
            path.addLast(i);
            List<String> names = new ArrayList<>();
            for (int j : path) {
                names.add(headingTexts.get(j));
            }
            out.add(new Section(names, h[0], h[1], h[2], h[3], Math.max(ends[i], h[2])));
        }
        return out;
    }

    /** The result of a build: text and every structure that points into it. */
    public record Built(String text, List<PageSpan> pages, List<Section> sections, List<Table> tables,
                        List<PageLayout> layouts, SourceMap sourceMap) {
    }
}
