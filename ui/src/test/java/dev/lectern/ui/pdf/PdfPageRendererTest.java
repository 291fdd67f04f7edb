package dev.lectern.ui.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.ui.SamplePdf;
import dev.lectern.ui.vm.PageRenderer;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pages of PDFs and of scanned images are drawn at the scale asked for. */
class PdfPageRendererTest {
    @TempDir
    Path dir;

    @Test
    void aScannedImageIsDrawnAsAnImageAtItsPixelScale() throws Exception {
        BufferedImage scan = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
        scan.setRGB(10, 10, 0xFF0000);
        Path png = dir.resolve("letter.png");
        ImageIO.write(scan, "png", png.toFile());

        try (PdfPageRenderer r = new PdfPageRenderer()) {
            PageRenderer.RenderedPage page = r.render(png, 1, 0.5f);

            assertThat(page.width()).isEqualTo(100);
            assertThat(page.height()).isEqualTo(50);
        }
    }

    @Test
    void aPdfPageIsDrawnAtPointsTimesScale() throws Exception {
        Path pdf = SamplePdf.agreement(dir.resolve("nda.pdf"));
        try (PdfPageRenderer r = new PdfPageRenderer()) {
            PageRenderer.RenderedPage page = r.render(pdf, 2, 1.0f);

            assertThat(page.width()).isEqualTo(612); // US Letter, 72 points an inch
        }
    }
}
