package dev.lectern.parsing.tika;

import dev.lectern.parsing.text.Clean;
import dev.lectern.parsing.text.HeadingPatterns;
import dev.lectern.parsing.text.TextBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xml.sax.Attributes;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads the XHTML that Tika produces for Office, OpenDocument, RTF, HTML and e-mail into a
 * {@link TextBuilder}: headings from h1-h6 (Word's heading styles arrive as those) and from contract
 * numbering, paragraphs, tables as Markdown with their caption, and slides as pages. One instance
 * per parse: it holds that file's state.
 */
final class XhtmlStructureHandler extends DefaultHandler {
    private final TextBuilder out;
    private final boolean slidesArePages;
    /** HTML: a line break in the source is only a space; {@code <br>} and {@code <pre>} keep theirs. */
    private final boolean sourceBreaksAreSpaces;
    private int preDepth;
    private final StringBuilder buf = new StringBuilder();
    private int headingLevel;
    private int skipDepth;

    private List<List<String>> table;
    private List<String> row;
    private StringBuilder cell;
    private String caption = "";
    private boolean inCaption;
    private int tableDepth;
    private String lastParagraph = "";
    private boolean sawPage;
    private int hiddenElements;

    XhtmlStructureHandler(TextBuilder out, boolean slidesArePages) {
        this(out, slidesArePages, false);
    }

    XhtmlStructureHandler(TextBuilder out, boolean slidesArePages, boolean sourceBreaksAreSpaces) {
        this.out = out;
        this.slidesArePages = slidesArePages;
        this.sourceBreaksAreSpaces = sourceBreaksAreSpaces;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes atts) {
        out.checkDeadline();
        String name = localName.isEmpty() ? qName : localName;
        name = name.toLowerCase(Locale.ROOT);
        if (skipDepth > 0 || name.equals("script") || name.equals("style") || name.equals("head")) {
            skipDepth++;
            return;
        }
        if (sourceBreaksAreSpaces) {
            // HTML: an element the page hides is skipped with all it holds, so its text never joins
            // the visible text (where answers would quote it as if a reader could see it)
            if (HiddenAwareHtmlMapper.hides(atts.getValue("hidden"), atts.getValue("style"))) {
                skipDepth++;
                hiddenElements++;
                return;
            }
            if (HiddenAwareHtmlMapper.isPassedThrough(name)) {
                return; // here only so that its attributes could be checked
            }
        }
        if (tableDepth > 0) {
            switch (name) {
                case "table" -> tableDepth++;
                case "tr" -> row = new ArrayList<>();
                case "td", "th" -> cell = new StringBuilder();
                case "caption" -> inCaption = true;
                case "p", "br", "div", "li" -> {
                    if (cell != null) {
                        cell.append(' ');
                    }
                }
                default -> { }
            }
            return;
        }
        switch (name) {
            case "table" -> {
                flushParagraph();
                tableDepth = 1;
                table = new ArrayList<>();
                caption = lastParagraph.length() <= 120 ? lastParagraph : "";
            }
            case "h1", "h2", "h3", "h4", "h5", "h6" -> {
                flushParagraph();
                headingLevel = name.charAt(1) - '0';
            }
            case "div" -> {
                String cls = atts.getValue("class");
                if (slidesArePages && cls != null && cls.contains("slide-content")) {
                    flushParagraph();
                    out.startPage();
                    sawPage = true;
                } else {
                    flushParagraph();
                }
            }
            case "p", "li", "blockquote", "dd", "dt", "tr" -> flushParagraph();
            case "pre" -> {
                flushParagraph();
                preDepth++;
            }
            case "br" -> buf.append('\n');
            default -> { }
        }
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
        String name = (localName.isEmpty() ? qName : localName).toLowerCase(Locale.ROOT);
        if (skipDepth > 0) {
            skipDepth--;
            return;
        }
        if (sourceBreaksAreSpaces && HiddenAwareHtmlMapper.isPassedThrough(name)) {
            return;
        }
        if (tableDepth > 0) {
            switch (name) {
                case "td", "th" -> {
                    if (row != null && cell != null) {
                        row.add(Clean.line(cell).replace("|", "\\|"));
                    }
                    cell = null;
                }
                case "tr" -> {
                    if (row != null && !row.isEmpty() && row.stream().anyMatch(c -> !c.isEmpty())) {
                        table.add(row);
                    }
                    row = null;
                }
                case "caption" -> inCaption = false;
                case "table" -> {
                    tableDepth--;
                    if (tableDepth == 0) {
                        emitTable();
                    }
                }
                default -> { }
            }
            return;
        }
        switch (name) {
            case "h1", "h2", "h3", "h4", "h5", "h6" -> {
                String text = Clean.line(buf);
                buf.setLength(0);
                if (!text.isEmpty()) {
                    out.paragraph();
                    int s = out.append(text);
                    out.heading(headingLevel, s, s + text.length());
                    out.paragraph();
                    lastParagraph = text;
                }
                headingLevel = 0;
            }
            case "p", "li", "blockquote", "div", "dd", "dt" -> flushParagraph();
            case "pre" -> {
                flushParagraph();
                preDepth = Math.max(0, preDepth - 1);
            }
            default -> { }
        }
    }

    @Override
    public void characters(char[] ch, int start, int length) {
        text(ch, start, length, sourceBreaksAreSpaces && preDepth == 0);
    }

    private void text(char[] ch, int start, int length, boolean breaksAreSpaces) {
        if (skipDepth > 0) {
            return;
        }
        if (tableDepth > 0) {
            if (inCaption) {
                caption = Clean.line(caption + new String(ch, start, length));
            } else if (cell != null) {
                cell.append(ch, start, length);
            }
            return;
        }
        if (breaksAreSpaces) {
            for (int i = start; i < start + length; i++) {
                buf.append(ch[i] == '\n' || ch[i] == '\r' ? ' ' : ch[i]);
            }
        } else {
            buf.append(ch, start, length);
        }
        if (buf.length() > 64 * 1024) {
            out.checkDeadline();
            flushParagraph();
        }
    }

    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) {
        // Tika writes its own line breaks (an HTML <br>, the end of a block) as ignorable whitespace
        text(ch, start, length, false);
    }

    @Override
    public void endDocument() {
        flushParagraph();
    }

    boolean sawPage() {
        return sawPage;
    }

    /** HTML: how many hidden elements were skipped (an element hidden inside another counts once). */
    int hiddenElements() {
        return hiddenElements;
    }

    /** Emits what has been buffered: blank lines split paragraphs, single newlines stay line breaks. */
    private void flushParagraph() {
        if (buf.length() == 0) {
            return;
        }
        String raw = buf.toString().replace("\r\n", "\n").replace('\r', '\n');
        buf.setLength(0);
        for (String para : raw.split("\n\\s*\n")) {
            boolean first = true;
            int paraStart = -1;
            String firstLine = null;
            for (String rawLine : para.split("\n")) {
                String line = Clean.line(rawLine);
                if (line.isEmpty()) {
                    continue;
                }
                int level = HeadingPatterns.levelOf(line);
                if (level > 0) {
                    out.paragraph();
                    int s = out.append(line);
                    out.heading(level, s, s + line.length());
                    out.paragraph();
                    first = true;
                    lastParagraph = line;
                    continue;
                }
                if (first) {
                    out.paragraph();
                } else {
                    out.newline();
                }
                int s = out.append(line);
                if (first) {
                    paraStart = s;
                    firstLine = line;
                }
                first = false;
                lastParagraph = line;
            }
            if (firstLine != null) {
                int inline = HeadingPatterns.inlineHeadingLength(firstLine);
                if (inline > 0) {
                    out.heading(HeadingPatterns.inlineLevel(firstLine), paraStart, paraStart + inline - 1);
                }
            }
        }
    }

    private void emitTable() {
        List<List<String>> rows = table;
        table = null;
        if (rows.isEmpty()) {
            return;
        }
        int columns = 0;
        for (List<String> r : rows) {
            columns = Math.max(columns, r.size());
        }
        StringBuilder md = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            if (r > 0) {
                md.append('\n');
            }
            md.append('|');
            List<String> cells = rows.get(r);
            for (int c = 0; c < columns; c++) {
                String v = c < cells.size() ? cells.get(c) : "";
                md.append(v.isEmpty() ? " |" : " " + v + " |");
            }
            if (r == 0) {
                md.append("\n|");
                md.append(" --- |".repeat(columns));
            }
        }
        out.paragraph();
        int s = out.append(md);
        out.table(caption, s, s + md.length(), rows.size(), columns);
        out.paragraph();
        lastParagraph = "";
        caption = "";
    }
}
