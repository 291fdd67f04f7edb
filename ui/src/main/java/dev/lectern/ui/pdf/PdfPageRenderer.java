package dev.lectern.ui.pdf;

import dev.lectern.ui.vm.PageRenderer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

/**
 * Draws PDF pages with PDFBox for the source viewer. Keeps the last file open, since a viewer turns
 * pages of one document; call from one thread at a time (the viewer's background executor).
 */
public final class PdfPageRenderer implements PageRenderer, AutoCloseable {
    private Path openFile;
    private PDDocument doc;
    private PDFRenderer renderer;

    @Override
    public synchronized RenderedPage render(Path file, int page, float scale) throws IOException {
        if (!file.equals(openFile)) {
            close();
            doc = Loader.loadPDF(file.toFile());
            renderer = new PDFRenderer(doc);
            openFile = file;
        }
        if (page < 1 || page > doc.getNumberOfPages()) {
            throw new IOException("page " + page + " is outside 1.." + doc.getNumberOfPages());
        }
        BufferedImage img = renderer.renderImage(page - 1, scale, ImageType.RGB);
        int w = img.getWidth();
        int h = img.getHeight();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        return new RenderedPage(w, h, argb, scale);
    }

    @Override
    public synchronized void close() throws IOException {
        if (doc != null) {
            doc.close();
        }
        doc = null;
        renderer = null;
        openFile = null;
    }
}
