package dev.lectern.parsing.text;

import java.util.List;

/**
 * A page's lines before cleanup, with the page size in PDF units. {@code needsOcr} marks a page
 * with no text layer but with images: its text, if any, must come from OCR.
 */
public record LayoutPage(float width, float height, List<LayoutLine> lines, boolean needsOcr) {
    public LayoutPage {
        lines = List.copyOf(lines);
    }
}
