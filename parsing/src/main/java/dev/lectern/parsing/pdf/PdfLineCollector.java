package dev.lectern.parsing.pdf;

import dev.lectern.parsing.text.Clean;
import dev.lectern.parsing.text.Deadline;
import dev.lectern.parsing.text.LayoutLine;
import dev.lectern.parsing.text.LayoutPage;
import dev.lectern.parsing.text.LayoutWord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDFontDescriptor;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

/**
 * Collects each page's words with their boxes, sizes and weights, grouped into lines as PDFBox's
 * text stripper finds them. One instance per document: it holds that document's pages.
 */
final class PdfLineCollector extends PDFTextStripper {
    private final Deadline deadline;
    private final List<LayoutPage> pages = new ArrayList<>();
    private final Map<PDFont, Boolean> boldFonts = new IdentityHashMap<>();
    private List<LayoutLine> lines;
    private List<LayoutWord> line;
    private float width;
    private float height;

    /** Words already placed on this page, by text: a second copy at the same spot is overprint. */
    private Map<String, List<float[]>> placed;

    PdfLineCollector(Deadline deadline) {
        this.deadline = deadline;
        // PDFBox's own duplicate check costs a sorted-map lookup per glyph, a quarter of all
        // extraction time; overprinted ("fake bold") text is suppressed here instead, per glyph
        // within a run and per word across the page
        setSuppressDuplicateOverlappingText(false);
    }

    List<LayoutPage> pages() {
        return pages;
    }

    // PDFBox already reports positions relative to the crop box's top-left corner
    @Override
    protected void startPage(PDPage page) throws IOException {
        deadline.check();
        // PDFTextStripper skips pages without a content stream: keep their places as empty pages
        padTo(document, getCurrentPageNo() - 1);
        PDRectangle box = page.getCropBox();
        boolean turned = page.getRotation() % 180 != 0;
        width = turned ? box.getHeight() : box.getWidth();
        height = turned ? box.getWidth() : box.getHeight();
        lines = new ArrayList<>();
        line = new ArrayList<>();
        placed = new HashMap<>();
    }

    /** Adds an empty page for each page PDFTextStripper skipped, until there are {@code count}. */
    void padTo(PDDocument pdf, int count) {
        while (pages.size() < count) {
            PDPage skipped = pdf.getPage(pages.size());
            PDRectangle box = skipped.getCropBox();
            boolean turned = skipped.getRotation() % 180 != 0;
            pages.add(new LayoutPage(turned ? box.getHeight() : box.getWidth(), turned ? box.getWidth() : box.getHeight(),
                    List.of(), false));
        }
    }

    @Override
    protected void endPage(PDPage page) throws IOException {
        endLine();
        boolean needsOcr = lines.isEmpty() && hasImages(page.getResources(), 0);
        pages.add(new LayoutPage(width, height, lines, needsOcr));
        lines = null;
    }

    @Override
    protected void writeString(String text, List<TextPosition> positions) {
        StringBuilder word = new StringBuilder();
        float minX = Float.MAX_VALUE;
        float maxX = -Float.MAX_VALUE;
        float minY = Float.MAX_VALUE;
        float maxY = -Float.MAX_VALUE;
        float size = 0;
        boolean bold = true;
        TextPosition prev = null;
        for (TextPosition tp : positions) {
            String u = tp.getUnicode();
            if (prev != null && overprints(prev, tp)) {
                continue;
            }
            prev = tp;
            if (u == null || u.isEmpty() || isAllSpace(u)) {
                if (word.length() > 0) {
                    addWord(word, minX, minY, maxX, maxY, size, bold);
                    word.setLength(0);
                    minX = minY = Float.MAX_VALUE;
                    maxX = maxY = -Float.MAX_VALUE;
                    bold = true;
                }
                continue;
            }
            word.append(u);
            float x = tp.getXDirAdj();
            float top = tp.getYDirAdj() - tp.getHeightDir();
            minX = Math.min(minX, x);
            maxX = Math.max(maxX, x + tp.getWidthDirAdj());
            minY = Math.min(minY, top);
            maxY = Math.max(maxY, tp.getYDirAdj());
            size = Math.max(size, tp.getFontSizeInPt());
            bold &= isBold(tp.getFont());
        }
        if (word.length() > 0) {
            addWord(word, minX, minY, maxX, maxY, size, bold);
        }
    }

    private static boolean overprints(TextPosition a, TextPosition b) {
        float tol = Math.max(0.5f, a.getWidthDirAdj() * 0.35f);
        return Math.abs(a.getXDirAdj() - b.getXDirAdj()) < tol && Math.abs(a.getYDirAdj() - b.getYDirAdj()) < tol
                && a.getUnicode() != null && a.getUnicode().equals(b.getUnicode());
    }

    private boolean alreadyPlaced(String text, float x, float y, float size) {
        List<float[]> spots = placed.computeIfAbsent(text, k -> new ArrayList<>(1));
        float tol = Math.max(0.5f, size * 0.3f);
        for (float[] s : spots) {
            if (Math.abs(s[0] - x) < tol && Math.abs(s[1] - y) < tol) {
                return true;
            }
        }
        spots.add(new float[] {x, y});
        return false;
    }

    private void addWord(CharSequence raw, float minX, float minY, float maxX, float maxY, float size, boolean bold) {
        String text = Clean.line(raw);
        if (text.isEmpty() || alreadyPlaced(text, minX, minY, size)) {
            return;
        }
        // a run can still hold spaces after cleanup (e.g. a space glyph inside a ligature mapping)
        for (String part : text.split(" ")) {
            if (!part.isEmpty()) {
                line.add(new LayoutWord(part, minX, minY, Math.max(0.1f, maxX - minX),
                        Math.max(0.1f, maxY - minY), size, bold));
            }
        }
    }

    @Override
    protected void writeWordSeparator() {
        // words are split from their positions in writeString
    }

    @Override
    protected void writeLineSeparator() {
        endLine();
    }

    @Override
    protected void writeString(String text) {
        // nothing is written to the stripper's own output
    }

    private void endLine() {
        if (line != null && !line.isEmpty()) {
            lines.add(new LayoutLine(line));
            line = new ArrayList<>();
        }
    }

    private boolean isBold(PDFont font) {
        if (font == null) {
            return false;
        }
        return boldFonts.computeIfAbsent(font, f -> {
            String name = f.getName() == null ? "" : f.getName().toLowerCase(java.util.Locale.ROOT);
            if (name.contains("bold") || name.contains("black") || name.contains("heavy") || name.contains("semibold")) {
                return true;
            }
            PDFontDescriptor d = f.getFontDescriptor();
            return d != null && (d.isForceBold() || d.getFontWeight() >= 600);
        });
    }

    private static boolean isAllSpace(String u) {
        for (int i = 0; i < u.length(); i++) {
            if (!Clean.isSpace(u.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether the page draws any image, directly or inside a form (two levels deep is plenty). */
    static boolean hasImages(PDResources resources, int depth) {
        if (resources == null || depth > 2) {
            return false;
        }
        for (COSName name : resources.getXObjectNames()) {
            try {
                PDXObject x = resources.getXObject(name);
                if (x instanceof PDImageXObject) {
                    return true;
                }
                if (x instanceof PDFormXObject form && hasImages(form.getResources(), depth + 1)) {
                    return true;
                }
            } catch (IOException | RuntimeException e) {
                // a broken XObject cannot be OCRed either
            }
        }
        return false;
    }
}
