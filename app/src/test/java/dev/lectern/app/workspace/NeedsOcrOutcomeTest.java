package dev.lectern.app.workspace;

import dev.lectern.indexing.lucene.LuceneIndex;
import dev.lectern.parsing.DocumentParser;
import dev.lectern.parsing.ParseOptions;
import dev.lectern.parsing.TokenCounter;
import dev.lectern.parsing.chunk.StructureChunker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NeedsOcrOutcomeTest {
    @TempDir
    Path dir;

    @Test
    void scanWithoutAnOcrEngineIsReportedAsNeedingOcrAndTextFilesAreNot() throws Exception {
        BufferedImage img = new BufferedImage(400, 200, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 400, 200);
        g.setColor(Color.BLACK);
        g.drawString("Scanned letter", 20, 100);
        g.dispose();
        Path scan = dir.resolve("letter.png");
        ImageIO.write(img, "png", scan.toFile());
        Path text = Files.writeString(dir.resolve("memo.txt"), "A memo that mentions OCR in its own words.");

        DocumentParser parser = new DocumentParser(ParseOptions.DEFAULTS.withTesseract(Path.of("/nonexistent/tesseract")));
        try (Workspace w = new Workspace("w", LuceneIndex.open(dir.resolve("index"), null), parser,
                new StructureChunker(TokenCounter.APPROXIMATE, 128), 1)) {
            IngestReport r = w.ingest(List.of(scan, text), IngestListener.NONE, () -> false);
            FileOutcome scanned = r.files().stream().filter(o -> o.file().equals(scan)).findFirst().orElseThrow();
            FileOutcome memo = r.files().stream().filter(o -> o.file().equals(text)).findFirst().orElseThrow();
            assertThat(scanned.needsOcr()).as(scanned.toString()).isTrue();
            assertThat(memo.needsOcr()).isFalse();
        }
    }
}
