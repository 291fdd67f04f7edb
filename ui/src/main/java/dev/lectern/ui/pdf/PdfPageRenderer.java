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
        if (IMAGE.matcher(file.getFileName().toString()).find()) {
            return image(file, page, scale);
        }
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

    private static final java.util.regex.Pattern IMAGE = java.util.regex.Pattern.compile(
            "(?i)\\.(?:png|jpe?g|tiff?|bmp|gif)$");

    /**
     * A scanned page: frame {@code page} of the image, drawn {@code scale} pixels per image pixel (the
     * parser's units for an image are its pixels, so the OCR word boxes land where they belong).
     */
    private static RenderedPage image(Path file, int page, float scale) throws IOException {
        try (javax.imageio.stream.ImageInputStream in = javax.imageio.ImageIO.createImageInputStream(file.toFile())) {
            var readers = in == null ? null : javax.imageio.ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new IOException(file.getFileName() + " cannot be decoded as an image");
            }
            javax.imageio.ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                int frames = Math.max(1, reader.getNumImages(true));
                if (page < 1 || page > frames) {
                    throw new IOException("page " + page + " is outside 1.." + frames);
                }
                BufferedImage src = reader.read(page - 1);
                int w = Math.max(1, Math.round(src.getWidth() * scale));
                int h = Math.max(1, Math.round(src.getHeight() * scale));
                BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
                java.awt.Graphics2D g = out.createGraphics();
                try {
                    g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION,
                            java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                    g.drawImage(src, 0, 0, w, h, java.awt.Color.WHITE, null);
                } finally {
                    g.dispose();
                }
                return new RenderedPage(w, h, out.getRGB(0, 0, w, h, null, 0, w), scale);
            } finally {
                reader.dispose();
            }
        }
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
