package dev.lectern.parsing.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * The yardstick for parse speed: bare PDFBox text extraction, one pass over the whole document
 * with the default text stripper and nothing else. Lives here so PDFBox stays inside this module.
 */
public final class PdfBoxBaseline {
    private PdfBoxBaseline() {
    }

    /** Extracts the text of every page and returns the number of pages. */
    public static int extract(Path pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf.toFile(), IOUtils.createTempFileOnlyStreamCache())) {
            PDFTextStripper stripper = new PDFTextStripper();
            CountingWriter w = new CountingWriter();
            stripper.writeText(doc, w);
            return doc.getNumberOfPages();
        }
    }

    /** Counts what it is given, so the JIT cannot drop the extraction as dead code. */
    private static final class CountingWriter extends Writer {
        private long chars;

        @Override
        public void write(char[] cbuf, int off, int len) {
            chars += len;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
