package dev.lectern.ui.vm;

import java.io.IOException;
import java.nio.file.Path;

/** Draws one page of a file as pixels: PDFBox in the app, a stub in tests. */
@FunctionalInterface
public interface PageRenderer {
    /** An image of a page: {@code argb} pixels, row by row; {@code scale} pixels per PDF unit. */
    record RenderedPage(int width, int height, int[] argb, float scale) {
        public RenderedPage {
            if (width < 1 || height < 1 || argb.length != width * height) {
                throw new IllegalArgumentException("a " + width + "x" + height + " page needs " + width * height
                        + " pixels, got " + argb.length);
            }
        }
    }

    /** Renders 1-based {@code page} of {@code file} at {@code scale} pixels per PDF unit (1/72 inch). */
    RenderedPage render(Path file, int page, float scale) throws IOException;
}
