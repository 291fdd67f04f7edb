package dev.lectern.parsing.chunk;

import dev.lectern.parsing.Chunker;
import dev.lectern.parsing.TokenCounter;
import dev.lectern.parsing.model.Chunk;
import dev.lectern.parsing.model.Document;
import dev.lectern.parsing.model.Section;
import dev.lectern.parsing.model.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * Chunks that follow the document's structure: a new section starts a new chunk (unless the chunk
 * so far is too small to stand alone), paragraphs are packed whole up to the token budget, a long
 * paragraph is cut at sentence ends and then at word ends, a table is cut only between rows (its
 * header row stays with the first rows), and a heading or a table caption always travels with what
 * follows it. Chunks never overlap, and between them they hold every visible character of the text.
 *
 * <p>The only way a chunk exceeds the budget is a single table row longer than the budget: rows are
 * never split.
 */
public final class StructureChunker implements Chunker {
    /** Sized for bge-small-en-v1.5, which reads at most ~510 tokens: room to spare for the estimate. */
    public static final int DEFAULT_MAX_TOKENS = 320;

    private final TokenCounter tokens;
    private final int maxTokens;
    private final int minTokens;

    public StructureChunker() {
        this(TokenCounter.APPROXIMATE, DEFAULT_MAX_TOKENS);
    }

    public StructureChunker(TokenCounter tokens, int maxTokens) {
        if (maxTokens < 16) {
            throw new IllegalArgumentException("maxTokens must be at least 16 to hold a sentence, got " + maxTokens);
        }
        this.tokens = tokens;
        this.maxTokens = maxTokens;
        this.minTokens = Math.max(8, maxTokens / 5);
    }

    public int maxTokens() {
        return maxTokens;
    }

    private enum Kind { TEXT, HEADING, CAPTION, ROW }

    /** An unsplittable unit: [start, end) of the text. */
    private record Unit(int start, int end, Kind kind, boolean opensSection, int tokens) {
    }

    @Override
    public List<Chunk> chunk(Document doc) {
        List<Unit> units = units(doc);
        List<Chunk> out = new ArrayList<>();
        List<Unit> cur = new ArrayList<>();
        int curTokens = 0;
        for (Unit u : units) {
            boolean full = !cur.isEmpty() && curTokens + u.tokens() > maxTokens;
            boolean newSection = u.opensSection() && !cur.isEmpty() && contentTokens(cur) >= minTokens;
            if (full || newSection) {
                // headings and captions at the end of the chunk move on with the body they introduce
                List<Unit> carry = new ArrayList<>();
                while (!cur.isEmpty() && isSticky(cur.get(cur.size() - 1))) {
                    carry.add(0, cur.remove(cur.size() - 1));
                }
                if (cur.isEmpty()) {
                    cur.addAll(carry); // nothing but headings: keep them, they cannot move
                    carry.clear();
                }
                emit(doc, cur, out);
                cur = new ArrayList<>(carry);
                curTokens = 0;
                for (Unit c : cur) {
                    curTokens += c.tokens();
                }
                if (!cur.isEmpty() && curTokens + u.tokens() > maxTokens) {
                    emit(doc, cur, out);
                    cur = new ArrayList<>();
                    curTokens = 0;
                }
            }
            cur.add(u);
            curTokens += u.tokens();
        }
        if (!cur.isEmpty()) {
            emit(doc, cur, out);
        }
        return out;
    }

    private static boolean isSticky(Unit u) {
        return u.kind() == Kind.HEADING || u.kind() == Kind.CAPTION;
    }

    private static int contentTokens(List<Unit> units) {
        int t = 0;
        for (Unit u : units) {
            if (!isSticky(u)) {
                t += u.tokens();
            }
        }
        return t;
    }

    private void emit(Document doc, List<Unit> units, List<Chunk> out) {
        if (units.isEmpty()) {
            return;
        }
        int start = units.get(0).start();
        int end = units.get(units.size() - 1).end();
        String text = doc.text().substring(start, end);
        int[] pages = doc.pageRange(start, end);
        String id = doc.id().substring(0, 16) + "-" + start + "-" + end;
        out.add(new Chunk(id, doc.id(), text, start, end, pages[0], pages[1], doc.headingPathAt(start),
                tokens.count(doc.text(), start, end)));
    }

    // ---- units --------------------------------------------------------------------------------

    private List<Unit> units(Document doc) {
        String text = doc.text();
        List<Unit> units = new ArrayList<>();
        List<Table> tables = doc.tables();
        List<Section> sections = doc.sections();
        int ti = 0;
        int pos = 0;
        while (pos < text.length()) {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
            if (pos >= text.length()) {
                break;
            }
            while (ti < tables.size() && tables.get(ti).end() <= pos) {
                ti++;
            }
            if (ti < tables.size() && tables.get(ti).start() == pos) {
                tableUnits(doc, tables.get(ti), units);
                pos = tables.get(ti).end();
                continue;
            }
            int paraEnd = text.indexOf("\n\n", pos);
            if (paraEnd < 0) {
                paraEnd = text.length();
            }
            if (ti < tables.size() && tables.get(ti).start() > pos && tables.get(ti).start() < paraEnd) {
                paraEnd = tables.get(ti).start();
            }
            int end = trimEnd(text, pos, paraEnd);
            Section heading = headingAt(sections, pos);
            Kind kind = Kind.TEXT;
            if (heading != null && heading.headingEnd() >= end) {
                kind = Kind.HEADING;
            } else if (isCaptionOf(text, pos, end, tables, ti)) {
                kind = Kind.CAPTION;
            }
            paragraphUnits(text, pos, end, kind, heading != null, units);
            pos = paraEnd;
        }
        return units;
    }

    private static boolean isCaptionOf(String text, int start, int end, List<Table> tables, int ti) {
        if (ti >= tables.size()) {
            return false;
        }
        Table t = tables.get(ti);
        if (t.caption().isEmpty() || t.start() < end) {
            return false;
        }
        return text.substring(end, t.start()).isBlank() && text.substring(start, end).strip().equals(t.caption().strip());
    }

    private static Section headingAt(List<Section> sections, int pos) {
        for (Section s : sections) {
            if (s.start() == pos) {
                return s;
            }
            if (s.start() > pos) {
                break;
            }
        }
        return null;
    }

    private void tableUnits(Document doc, Table t, List<Unit> units) {
        String text = doc.text();
        int pos = t.start();
        int row = 0;
        while (pos < t.end()) {
            int lineEnd = text.indexOf('\n', pos);
            if (lineEnd < 0 || lineEnd > t.end()) {
                lineEnd = t.end();
            }
            if (row == 0) {
                // header row and its --- separator are one unit
                int sepEnd = text.indexOf('\n', lineEnd + 1);
                if (lineEnd < t.end()) {
                    lineEnd = sepEnd < 0 || sepEnd > t.end() ? t.end() : sepEnd;
                }
            }
            int end = trimEnd(text, pos, lineEnd);
            if (end > pos) {
                units.add(new Unit(pos, end, Kind.ROW, false, tokens.count(text, pos, end)));
            }
            pos = lineEnd + 1;
            row++;
        }
    }

    /** A paragraph as one unit, or cut at sentence and then word ends when it is over the budget. */
    private void paragraphUnits(String text, int start, int end, Kind kind, boolean opens, List<Unit> units) {
        int t = tokens.count(text, start, end);
        if (t <= maxTokens) {
            units.add(new Unit(start, end, kind, opens, t));
            return;
        }
        List<int[]> pieces = new ArrayList<>();
        cut(text, start, end, true, pieces);
        boolean first = true;
        for (int[] p : pieces) {
            units.add(new Unit(p[0], p[1], kind == Kind.HEADING ? Kind.TEXT : kind, opens && first,
                    tokens.count(text, p[0], p[1])));
            first = false;
        }
    }

    /** Cuts [start, end) into pieces within the budget, at sentence ends (or word ends). */
    private void cut(String text, int start, int end, boolean sentences, List<int[]> out) {
        int pieceStart = start;
        int lastCut = -1;
        int i = start;
        while (i < end) {
            int next = sentences ? nextSentenceEnd(text, i, end) : nextWordEnd(text, i, end);
            if (tokens.count(text, pieceStart, next) > maxTokens) {
                if (lastCut > pieceStart) {
                    out.add(new int[] {pieceStart, trimEnd(text, pieceStart, lastCut)});
                    pieceStart = skipSpace(text, lastCut, end);
                    lastCut = -1;
                    continue; // re-measure from the new piece start
                }
                // one sentence alone is over the budget: cut it at word ends
                if (sentences) {
                    cut(text, pieceStart, next, false, out);
                    pieceStart = skipSpace(text, next, end);
                    i = pieceStart;
                    continue;
                }
                // a single "word" over the budget: cut it at the budget (it has no better place)
                int hard = hardCut(text, pieceStart, next);
                out.add(new int[] {pieceStart, hard});
                pieceStart = hard;
                i = hard;
                continue;
            }
            lastCut = next;
            i = next;
        }
        if (pieceStart < end) {
            int e = trimEnd(text, pieceStart, end);
            if (e > pieceStart) {
                out.add(new int[] {pieceStart, e});
            }
        }
    }

    private int hardCut(String text, int start, int end) {
        int lo = start + 1;
        int hi = end;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (tokens.count(text, start, mid) <= maxTokens) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        if (lo < end && Character.isLowSurrogate(text.charAt(lo)) && lo - 1 > start) {
            lo--;
        }
        return lo;
    }

    private static int nextSentenceEnd(String text, int from, int end) {
        for (int i = from; i < end; i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                return i + 1;
            }
            if ((c == '.' || c == '?' || c == '!' || c == ';') && i + 1 < end && Character.isWhitespace(text.charAt(i + 1))
                    && !(c == '.' && opensLineAsClauseNumber(text, i))) {
                return i + 1;
            }
        }
        return end;
    }

    /**
     * Whether the period at {@code dot} closes a clause number that opens its line ("6.3." in
     * "6.3. Subject to 6.5, ..."): a cut there would leave the number alone at the end of one chunk
     * and its clause, unnumbered, at the start of the next.
     */
    static boolean opensLineAsClauseNumber(String text, int dot) {
        int lineStart = dot;
        while (lineStart > 0 && text.charAt(lineStart - 1) != '\n') {
            if (dot - lineStart > 32) {
                return false; // too far into the line for a number ("Section 12.3.4"): and no scan back over long lines
            }
            lineStart--;
        }
        while (lineStart < dot && Character.isWhitespace(text.charAt(lineStart))) {
            lineStart++;
        }
        return dot > lineStart && CLAUSE_NUMBER.matcher(text.substring(lineStart, dot)).matches();
    }

    private static final java.util.regex.Pattern CLAUSE_NUMBER = java.util.regex.Pattern.compile(
            "(?i)(?:(?:section|article|clause)\\s+)?\\(?(?:\\d{1,3}(?:\\.\\d{1,3})*|[a-z]|[ivxlc]{1,6})\\)?");

    private static int nextWordEnd(String text, int from, int end) {
        int i = from;
        while (i < end && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        while (i < end && !Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int skipSpace(String text, int i, int end) {
        while (i < end && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int trimEnd(String text, int start, int end) {
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return end;
    }
}
