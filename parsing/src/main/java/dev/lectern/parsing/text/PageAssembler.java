package dev.lectern.parsing.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Turns positioned lines (from a PDF text layer or OCR) into clean text in a {@link TextBuilder}:
 * running headers, footers and bare page numbers dropped; hyphenated line breaks joined; paragraphs
 * found from line spacing; headings from size, weight and wording; column-aligned rows rendered as
 * Markdown tables. Every word's box is recorded against its final offsets.
 */
public final class PageAssembler {
    private static final Pattern PAGE_NUMBER = Pattern.compile(
            "(?i)^(?:page\\s+)?(?:[-–—]\\s*)?(?:\\d{1,4}|(?=[ivxlc])x{0,3}(?:ix|iv|v?i{0,3})|[a-z]{1,2}-\\d{1,3})(?:\\s*[-–—])?(?:\\s*(?:of|/)\\s*\\d{1,4})?$");
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final float FURNITURE_ZONE = 0.12f;
    private static final float LARGE = 1.15f;

    private final TextBuilder out;

    public PageAssembler(TextBuilder out) {
        this.out = out;
    }

    /** Assembles all pages, in order. {@code ocr[i]} marks page i as recognised by OCR. */
    public void assemble(List<LayoutPage> pages, boolean[] ocr) {
        float body = bodySize(pages);
        List<Float> largeSizes = largeSizes(pages, body);
        Set<String> furniture = repeatedFurniture(pages);
        int lastPatternLevel = 0;
        for (int p = 0; p < pages.size(); p++) {
            LayoutPage page = pages.get(p);
            out.startPage(page.width(), page.height(), ocr != null && ocr[p]);
            List<LayoutLine> lines = new ArrayList<>();
            List<LayoutLine> all = page.lines();
            for (int i = 0; i < all.size(); i++) {
                if (!isFurniture(all.get(i), isEdge(i, all.size(), all.get(i), page), furniture)) {
                    lines.add(all.get(i));
                }
            }
            lastPatternLevel = assemblePage(lines, body, largeSizes, lastPatternLevel);
        }
    }

    private int assemblePage(List<LayoutLine> lines, float body, List<Float> largeSizes, int lastPatternLevel) {
        boolean[] tableRow = new boolean[lines.size()];
        List<List<String>> cellsOf = new ArrayList<>();
        List<List<List<LayoutWord>>> cellWords = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            List<List<LayoutWord>> cells = cells(lines.get(i));
            cellWords.add(cells);
            List<String> texts = new ArrayList<>();
            for (List<LayoutWord> c : cells) {
                texts.add(join(c));
            }
            cellsOf.add(texts);
            tableRow[i] = isRow(texts);
        }
        LayoutLine prev = null;
        boolean prevHeading = false;
        boolean glue = false;
        String prevText = null;
        int headingLevel = 0;
        int headingStart = -1;
        int headingEnd = -1;
        float headingSize = 0;
        for (int i = 0; i < lines.size(); i++) {
            out.checkDeadline();
            int regionEnd = tableRegionEnd(tableRow, cellsOf, i);
            if (regionEnd > i) {
                if (headingStart >= 0) {
                    out.heading(headingLevel, headingStart, headingEnd);
                    headingStart = -1;
                }
                String caption = prevText != null && prevText.length() <= 120 ? prevText : "";
                emitTable(cellWords.subList(i, regionEnd), caption);
                i = regionEnd - 1;
                prev = lines.get(regionEnd - 1);
                prevHeading = false;
                glue = false;
                prevText = null;
                continue;
            }
            LayoutLine line = lines.get(i);
            String text = line.text();
            int patternLevel = HeadingPatterns.levelOf(text);
            int level = headingLevel(line, text, patternLevel, body, largeSizes, lastPatternLevel);
            boolean gap = prev == null || paragraphGap(prev, line);

            if (level > 0 && headingStart >= 0 && prevHeading && !gap && level == headingLevel
                    && Math.abs(line.size() - headingSize) < 0.6f) {
                // a heading wrapped over two lines: one heading
                out.newline();
                int[] range = emitWords(line.words(), false);
                headingEnd = range[1];
                prev = line;
                prevText = text;
                continue;
            }
            if (headingStart >= 0) {
                out.heading(headingLevel, headingStart, headingEnd);
                headingStart = -1;
            }
            if (level > 0) {
                out.paragraph();
                int[] range = emitWords(line.words(), false);
                headingLevel = level;
                headingStart = range[0];
                headingEnd = range[1];
                headingSize = line.size();
                if (patternLevel > 0) {
                    lastPatternLevel = patternLevel;
                }
                prevHeading = true;
                glue = false;
                prev = line;
                prevText = text;
                out.paragraph();
                continue;
            }
            boolean paragraphStart = gap || prevHeading;
            if (paragraphStart) {
                out.paragraph();
            } else if (!glue) {
                out.newline();
            }
            boolean join = i + 1 < lines.size() && !tableRow[i + 1] && hyphenJoins(line, lines.get(i + 1))
                    && !paragraphGap(line, lines.get(i + 1));
            int[] range = emitWords(line.words(), join);
            if (paragraphStart) {
                int inline = HeadingPatterns.inlineHeadingLength(text);
                if (inline > 0) {
                    out.heading(HeadingPatterns.inlineLevel(text), range[0], Math.min(range[1], range[0] + inline - 1));
                }
            }
            glue = join;
            prevHeading = false;
            prev = line;
            prevText = text;
        }
        if (headingStart >= 0) {
            out.heading(headingLevel, headingStart, headingEnd);
        }
        return lastPatternLevel;
    }

    /** Appends the words of a line with single spaces; returns the [start, end) of what it wrote. */
    private int[] emitWords(List<LayoutWord> words, boolean dropTrailingHyphen) {
        int first = -1;
        int end = -1;
        for (int j = 0; j < words.size(); j++) {
            LayoutWord w = words.get(j);
            String t = w.text();
            if (dropTrailingHyphen && j == words.size() - 1) {
                t = t.substring(0, t.length() - 1);
            }
            if (j > 0) {
                out.space();
            }
            int s = out.append(t);
            out.box(s, s + t.length(), w.x(), w.top(), w.width(), w.height());
            if (first < 0) {
                first = s;
            }
            end = s + t.length();
        }
        return new int[] {first, end};
    }

    private void emitTable(List<List<List<LayoutWord>>> rows, String caption) {
        out.paragraph();
        int start = -1;
        int end = -1;
        int columns = 1;
        for (List<List<LayoutWord>> row : rows) {
            columns = Math.max(columns, mergedCells(row).size());
        }
        for (int r = 0; r < rows.size(); r++) {
            if (r > 0) {
                out.newline();
            }
            int s = out.append("|");
            if (start < 0) {
                start = s;
            }
            for (List<LayoutWord> cell : mergedCells(rows.get(r))) {
                out.space();
                for (int k = 0; k < cell.size(); k++) {
                    LayoutWord w = cell.get(k);
                    if (k > 0 && !isCurrency(cell.get(k - 1).text())) {
                        out.space();
                    }
                    int ws = out.append(w.text());
                    out.box(ws, ws + w.text().length(), w.x(), w.top(), w.width(), w.height());
                }
                out.space();
                end = out.append("|") + 1;
            }
            if (r == 0) {
                out.newline();
                StringBuilder sep = new StringBuilder("|");
                for (int c = 0; c < columns; c++) {
                    sep.append(" --- |");
                }
                end = out.append(sep) + sep.length();
            }
        }
        out.table(caption, start, end, rows.size(), columns);
        out.paragraph();
    }

    /** Cells with a lone currency sign joined to the amount after it, and a lone "%" or ")" to the one before. */
    private static List<List<LayoutWord>> mergedCells(List<List<LayoutWord>> raw) {
        // a currency sign that ended up at the end of a cell belongs to the amount in the next one
        List<List<LayoutWord>> cells = new ArrayList<>();
        for (List<LayoutWord> c : raw) {
            cells.add(new ArrayList<>(c));
        }
        for (int c = 0; c + 1 < cells.size(); c++) {
            List<LayoutWord> cell = cells.get(c);
            if (cell.size() > 1 && isCurrency(cell.get(cell.size() - 1).text())) {
                cells.get(c + 1).add(0, cell.remove(cell.size() - 1));
            }
        }
        List<List<LayoutWord>> merged = new ArrayList<>();
        for (int c = 0; c < cells.size(); c++) {
            List<LayoutWord> cell = cells.get(c);
            String t = join(cell);
            if (!merged.isEmpty() && (t.equals("%") || t.equals(")")) ) {
                merged.get(merged.size() - 1).addAll(cell);
            } else if (!merged.isEmpty() && isCurrency(join(merged.get(merged.size() - 1)))) {
                merged.get(merged.size() - 1).addAll(cell);
            } else {
                merged.add(new ArrayList<>(cell));
            }
        }
        return merged;
    }

    private static boolean isCurrency(String t) {
        return t.equals("$") || t.equals("€") || t.equals("£") || t.equals("¥");
    }

    // ---- classification -------------------------------------------------------------------------

    /** Splits a line into cells wherever the gap between words is wider than about one em. */
    static List<List<LayoutWord>> cells(LayoutLine line) {
        List<List<LayoutWord>> cells = new ArrayList<>();
        List<LayoutWord> cur = new ArrayList<>();
        LayoutWord prev = null;
        for (LayoutWord w : line.words()) {
            if (prev != null && w.x() - prev.right() > Math.max(6f, 1.0f * Math.max(prev.size(), w.size()))) {
                cells.add(cur);
                cur = new ArrayList<>();
            }
            cur.add(w);
            prev = w;
        }
        cells.add(cur);
        return cells;
    }

    /** Two or more cells, and not two columns of running prose. */
    private static boolean isRow(List<String> cells) {
        if (cells.size() < 2) {
            return false;
        }
        for (int c = 1; c < cells.size(); c++) {
            if (cells.get(c).length() <= 25) {
                return true;
            }
        }
        return false;
    }

    /**
     * End (exclusive) of the table that starts at line {@code i}, or {@code i} when none does. Short
     * single-cell label rows ("Cash flows from operating activities") stay inside a table when a row
     * follows them; at least three real rows make a table.
     */
    private static int tableRegionEnd(boolean[] row, List<List<String>> cells, int i) {
        if (!row[i]) {
            return i;
        }
        int j = i;
        int rows = 0;
        int lastRow = i;
        while (j < row.length) {
            if (row[j]) {
                rows++;
                lastRow = j;
                j++;
            } else if (isLabel(cells, j) && (j + 1 < row.length && row[j + 1]
                    || j + 2 < row.length && isLabel(cells, j + 1) && row[j + 2])) {
                j++;
            } else {
                break;
            }
        }
        return rows >= 3 ? lastRow + 1 : i;
    }

    private static boolean isLabel(List<List<String>> cells, int j) {
        return cells.get(j).size() == 1 && cells.get(j).get(0).length() <= 120;
    }

    private static int headingLevel(LayoutLine line, String text, int patternLevel, float body, List<Float> largeSizes,
                                    int lastPatternLevel) {
        if (text.length() > 150 || !hasLetter(text) || line.words().size() > 16) {
            return 0;
        }
        if (patternLevel > 0) {
            return patternLevel;
        }
        if (text.endsWith(",") || text.endsWith(";")) {
            return 0;
        }
        float size = line.size();
        int rank = 0;
        if (body > 0 && size >= body * LARGE) {
            rank = 1;
            for (float s : largeSizes) {
                if (size < s - 0.25f) {
                    rank++;
                }
            }
        } else if (line.allBold() && text.length() >= 3 && line.words().size() <= 12 && !text.endsWith(".")) {
            rank = largeSizes.size() + 1;
        }
        if (rank == 0) {
            return 0;
        }
        return Math.min(6, rank + lastPatternLevel);
    }

    private static boolean paragraphGap(LayoutLine prev, LayoutLine line) {
        float gap = line.top() - prev.bottom();
        // PDFBox reports glyph boxes about half an em high: measure the gap against the font size too
        float em = Math.max(Math.min(prev.height(), line.height()), Math.min(prev.size(), line.size()));
        return gap > 0.8f * em || line.top() < prev.top() - 2f;
    }

    private static boolean hyphenJoins(LayoutLine line, LayoutLine next) {
        String last = line.words().get(line.words().size() - 1).text();
        String first = next.words().get(0).text();
        return last.length() >= 3 && last.endsWith("-") && Character.isLetter(last.charAt(last.length() - 2))
                && Character.isLowerCase(first.charAt(0));
    }

    private static boolean hasLetter(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isLetter(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static String join(List<LayoutWord> words) {
        StringBuilder sb = new StringBuilder();
        for (LayoutWord w : words) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(w.text());
        }
        return sb.toString();
    }

    // ---- document-wide statistics ---------------------------------------------------------------

    /** The size most characters of the document are set in. */
    static float bodySize(List<LayoutPage> pages) {
        Map<Integer, Integer> chars = new HashMap<>();
        for (LayoutPage p : pages) {
            for (LayoutLine l : p.lines()) {
                for (LayoutWord w : l.words()) {
                    chars.merge(Math.round(w.size() * 2), w.text().length(), Integer::sum);
                }
            }
        }
        int best = 0;
        int bestCount = -1;
        for (Map.Entry<Integer, Integer> e : chars.entrySet()) {
            if (e.getValue() > bestCount) {
                bestCount = e.getValue();
                best = e.getKey();
            }
        }
        return best / 2f;
    }

    /** Distinct sizes of short lines set larger than the body, largest first (at most four). */
    private static List<Float> largeSizes(List<LayoutPage> pages, float body) {
        TreeSet<Float> sizes = new TreeSet<>((a, b) -> Float.compare(b, a));
        for (LayoutPage p : pages) {
            for (LayoutLine l : p.lines()) {
                float s = l.size();
                if (body > 0 && s >= body * LARGE && l.text().length() <= 150) {
                    sizes.add(Math.round(s * 2) / 2f);
                }
            }
        }
        List<Float> out = new ArrayList<>(sizes);
        return out.size() > 4 ? out.subList(0, 4) : out;
    }

    private static boolean inZone(LayoutLine l, LayoutPage page) {
        return l.top() < page.height() * FURNITURE_ZONE || l.bottom() > page.height() * (1 - FURNITURE_ZONE);
    }

    private static String signature(String text) {
        return DIGITS.matcher(text.toLowerCase(java.util.Locale.ROOT)).replaceAll("#");
    }

    /** Lines in the top or bottom margin that repeat on at least 30% of the pages (and 3 of them). */
    private static Set<String> repeatedFurniture(List<LayoutPage> pages) {
        Map<String, Integer> counts = new HashMap<>();
        int withText = 0;
        for (LayoutPage p : pages) {
            if (p.lines().size() < 2) {
                continue; // a page's only line is its body, whatever its position
            }
            withText++;
            Set<String> seen = new HashSet<>();
            List<LayoutLine> all = p.lines();
            for (int i = 0; i < all.size(); i++) {
                if (isEdge(i, all.size(), all.get(i), p)) {
                    seen.add(signature(all.get(i).text()));
                }
            }
            for (String s : seen) {
                counts.merge(s, 1, Integer::sum);
            }
        }
        Set<String> out = new HashSet<>();
        int min = Math.max(3, (int) Math.ceil(withText * 0.3));
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() >= min) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /**
     * Whether a line can be page furniture: in the top or bottom margin, or among the first or last
     * two lines in reading order (filings often print the page number right under the last line).
     */
    private static boolean isEdge(int index, int count, LayoutLine l, LayoutPage page) {
        return index < 2 || index >= count - 2 || inZone(l, page);
    }

    private static boolean isFurniture(LayoutLine l, boolean edge, Set<String> repeated) {
        if (!edge) {
            return false;
        }
        String text = l.text();
        return PAGE_NUMBER.matcher(text).matches() || repeated.contains(signature(text));
    }
}
