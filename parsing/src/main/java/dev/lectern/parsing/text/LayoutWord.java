package dev.lectern.parsing.text;

/**
 * A word as it sits on a page, from a PDF text layer or from OCR: its text and box in PDF units
 * (top-left origin, y down), font size in points and whether it is set in bold.
 */
public record LayoutWord(String text, float x, float top, float width, float height, float size, boolean bold) {
    public float right() {
        return x + width;
    }

    public float bottom() {
        return top + height;
    }
}
