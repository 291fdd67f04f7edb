package dev.lectern.ui.pdf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Writes a conversation's Markdown export as a simple PDF: headings in bold, text wrapped to the
 * page, the sources list included. Uses the standard Helvetica fonts, so characters outside
 * WinAnsi are replaced with '?' (the Markdown export keeps them exactly).
 */
public final class ConversationPdf {
    private static final float MARGIN = 56;
    private static final float SIZE = 10.5f;
    private static final float LEADING = 14;

    private ConversationPdf() {
    }

    public static void write(String markdown, Path file) throws IOException {
        PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
        try (PDDocument doc = new PDDocument()) {
            Writer w = new Writer(doc);
            for (String raw : markdown.split("\n", -1)) {
                String line = raw;
                PDType1Font font = regular;
                float size = SIZE;
                if (line.startsWith("# ")) {
                    line = line.substring(2);
                    font = bold;
                    size = 16;
                } else if (line.startsWith("## ")) {
                    line = line.substring(3);
                    font = bold;
                    size = 12.5f;
                }
                line = emphasisRemoved(line);
                if (line.isBlank()) {
                    w.skip(LEADING / 2);
                    continue;
                }
                for (String part : wrap(safe(line, font), font, size, PDRectangle.A4.getWidth() - 2 * MARGIN)) {
                    w.line(part, font, size);
                }
            }
            w.finish();
            doc.save(file.toFile());
        }
    }

    private static final class Writer {
        private final PDDocument doc;
        private PDPageContentStream cs;
        private float y;

        Writer(PDDocument doc) {
            this.doc = doc;
        }

        void line(String text, PDType1Font font, float size) throws IOException {
            float lead = Math.max(LEADING, size * 1.35f);
            if (cs == null || y - lead < MARGIN) {
                newPage();
            }
            y -= lead;
            cs.beginText();
            cs.setFont(font, size);
            cs.newLineAtOffset(MARGIN, y);
            cs.showText(text);
            cs.endText();
        }

        void skip(float h) {
            y -= h;
        }

        private void newPage() throws IOException {
            finish();
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            cs = new PDPageContentStream(doc, page);
            y = PDRectangle.A4.getHeight() - MARGIN;
        }

        void finish() throws IOException {
            if (cs != null) {
                cs.close();
                cs = null;
            }
        }
    }

    private static final java.util.regex.Pattern EMPHASIS = java.util.regex.Pattern.compile(
            "(?<![\\p{L}\\p{N}_])_(\\S(?:.*?\\S)?)_(?![\\p{L}\\p{N}_])");

    /**
     * The line without Markdown's bold and italic marks; underscores inside words stay, because file
     * names such as "NDA_Acme_2024.pdf" are what a reader looks up.
     */
    static String emphasisRemoved(String line) {
        return EMPHASIS.matcher(line.replace("**", "")).replaceAll("$1");
    }

    static String safe(String s, PDType1Font font) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(cp -> {
            String ch = new String(Character.toChars(cp));
            if (cp == '\t') {
                sb.append("    ");
                return;
            }
            try {
                font.encode(ch);
                sb.append(ch);
            } catch (IOException | IllegalArgumentException e) {
                sb.append('?');
            }
        });
        return sb.toString();
    }

    static List<String> wrap(String text, PDType1Font font, float size, float width) throws IOException {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            String candidate = line.length() == 0 ? word : line + " " + word;
            if (width(candidate, font, size) <= width) {
                line.setLength(0);
                line.append(candidate);
                continue;
            }
            if (line.length() > 0) {
                out.add(line.toString());
                line.setLength(0);
            }
            // a word wider than the page (a long path or link) is broken, not left to run off the edge
            while (width(word, font, size) > width) {
                int fits = 1;
                while (fits < word.length() && width(word.substring(0, fits + 1), font, size) <= width) {
                    fits++;
                }
                out.add(word.substring(0, fits));
                word = word.substring(fits);
            }
            line.append(word);
        }
        if (line.length() > 0) {
            out.add(line.toString());
        }
        return out;
    }

    private static float width(String s, PDType1Font font, float size) throws IOException {
        return font.getStringWidth(s) / 1000 * size;
    }
}
