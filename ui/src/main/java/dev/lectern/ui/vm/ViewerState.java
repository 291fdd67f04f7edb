package dev.lectern.ui.vm;

import java.util.List;

/**
 * What the source viewer shows: a page of a document, rendered ({@code image}, with the cited
 * passage's word boxes as {@code highlights} in PDF units), or, for a document without pages or a
 * page that could not be drawn, its {@code text} with {@code [highlightStart, highlightEnd)} marked.
 * {@code zoom} is the one drawn; {@code fitted} when it was chosen to fit the page to the pane's width.
 */
public record ViewerState(String path, int page, int pageCount, boolean paginated, float pageWidth, float pageHeight,
                          List<Rect> highlights, PageRenderer.RenderedPage image, String text, int highlightStart,
                          int highlightEnd, double zoom, boolean fitted, int citationIndex, int citationCount,
                          String label, String error) {
    /** A rectangle on the page in PDF units, origin top-left, y down. */
    public record Rect(double x, double y, double width, double height) {
    }

    public ViewerState {
        highlights = highlights == null ? List.of() : List.copyOf(highlights);
    }

    public static ViewerState empty() {
        return new ViewerState(null, 0, 0, false, 0, 0, List.of(), null, "", 0, 0, 1.0, false, -1, 0,
                "Click a citation to see it in its document", null);
    }

    public boolean hasImage() {
        return image != null;
    }
}
