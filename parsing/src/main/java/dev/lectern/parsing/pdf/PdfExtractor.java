package dev.lectern.parsing.pdf;

import dev.lectern.parsing.ParseException;
import dev.lectern.parsing.ParseOptions;
import dev.lectern.parsing.model.Metadata;
import dev.lectern.parsing.model.OcrStatus;
import dev.lectern.parsing.ocr.TesseractOcr;
import dev.lectern.parsing.text.Deadline;
import dev.lectern.parsing.text.LayoutLine;
import dev.lectern.parsing.text.LayoutPage;
import dev.lectern.parsing.text.PageAssembler;
import dev.lectern.parsing.text.TextBuilder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PDFs straight through PDFBox, which gives pages and word positions that Tika's PDF handler
 * flattens away. Pages without a text layer but with images are OCRed one by one; the rest of a
 * mixed document is read from its text layer.
 */
public final class PdfExtractor {
    private static final Logger LOG = LoggerFactory.getLogger(PdfExtractor.class);

    /** What the PDF path hands back to the parser facade. */
    public record Result(TextBuilder.Built built, Metadata metadata, String title, OcrStatus ocr, List<String> warnings) {
    }

    private final ParseOptions options;
    private final TesseractOcr ocr;

    public PdfExtractor(ParseOptions options, TesseractOcr ocr) {
        this.options = options;
        this.ocr = ocr;
    }

    public Result extract(Path file, Deadline deadline) throws ParseException {
        // a temp-file stream cache keeps a 2,000-page PDF's decoded streams off the heap
        try (PDDocument pdf = Loader.loadPDF(file.toFile(), "", IOUtils.createTempFileOnlyStreamCache())) {
            int n = pdf.getNumberOfPages();
            if (n == 0) {
                throw new ParseException(file, ParseException.Reason.NO_PAGES, "the PDF's page tree is empty");
            }
            PdfLineCollector collector = new PdfLineCollector(deadline);
            collector.writeText(pdf, Writer.nullWriter());
            collector.padTo(pdf, n);
            List<LayoutPage> pages = new ArrayList<>(collector.pages());
            List<String> warnings = new ArrayList<>();
            boolean[] ocrPages = new boolean[pages.size()];
            OcrStatus status = ocrMissingPages(pdf, pages, ocrPages, deadline, warnings);

            TextBuilder builder = new TextBuilder(options.maxChars(), deadline);
            new PageAssembler(builder).assemble(pages, ocrPages);
            TextBuilder.Built built = builder.build(0);
            PDDocumentInformation info = pdf.getDocumentInformation();
            return new Result(built, metadata(info, n), title(info), status, warnings);
        } catch (InvalidPasswordException e) {
            throw new ParseException(file, ParseException.Reason.ENCRYPTED,
                    "open it in a PDF reader with its password and save an unprotected copy", e);
        } catch (IOException e) {
            throw new ParseException(file, ParseException.Reason.CORRUPT, "PDFBox could not read it: " + e.getMessage(), e);
        }
    }

    private OcrStatus ocrMissingPages(PDDocument pdf, List<LayoutPage> pages, boolean[] ocrPages, Deadline deadline,
                                      List<String> warnings) throws IOException {
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < pages.size(); i++) {
            if (pages.get(i).needsOcr()) {
                missing.add(i);
            }
        }
        if (missing.isEmpty()) {
            return OcrStatus.NOT_NEEDED;
        }
        String reason = !options.ocr() ? "OCR is switched off in the settings" : ocr.unavailableReason();
        if (!reason.isEmpty()) {
            warnings.add("needs OCR: " + missing.size() + " of " + pages.size() + " pages have no text layer ("
                    + pageList(missing) + "); " + reason);
            return OcrStatus.NEEDS_OCR;
        }
        PDFRenderer renderer = new PDFRenderer(pdf);
        float unitsPerPixel = 72f / options.ocrDpi();
        for (int i : missing) {
            deadline.check();
            BufferedImage image = renderer.renderImageWithDPI(i, options.ocrDpi(), ImageType.GRAY);
            List<LayoutLine> lines = ocr.recognize(image, unitsPerPixel, deadline);
            LayoutPage old = pages.get(i);
            pages.set(i, new LayoutPage(old.width(), old.height(), lines, false));
            ocrPages[i] = true;
            LOG.debug("OCR page {}: {} lines", i + 1, lines.size());
        }
        warnings.add("OCR: " + missing.size() + " page(s) read with Tesseract (" + pageList(missing) + ")");
        return OcrStatus.DONE;
    }

    private static String pageList(List<Integer> zeroBased) {
        StringBuilder sb = new StringBuilder(zeroBased.size() == 1 ? "page " : "pages ");
        for (int k = 0; k < zeroBased.size() && k < 12; k++) {
            sb.append(k == 0 ? "" : ", ").append(zeroBased.get(k) + 1);
        }
        if (zeroBased.size() > 12) {
            sb.append(", ...");
        }
        return sb.toString();
    }

    private static String title(PDDocumentInformation info) {
        String t = info == null ? null : info.getTitle();
        if (t == null || t.isBlank() || t.matches("(?i).*\\.(docx?|pdf|rtf|odt)$") || t.startsWith("Microsoft Word - ")
                || t.equalsIgnoreCase("untitled")) {
            return null;
        }
        return t.strip();
    }

    private static Metadata metadata(PDDocumentInformation info, int pages) {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("pages", Integer.toString(pages));
        if (info == null) {
            return new Metadata(null, null, null, extra);
        }
        putIf(extra, "subject", info.getSubject());
        putIf(extra, "keywords", info.getKeywords());
        putIf(extra, "creator", info.getCreator());
        putIf(extra, "producer", info.getProducer());
        return new Metadata(info.getAuthor(), instant(info.getCreationDate()), instant(info.getModificationDate()), extra);
    }

    private static void putIf(Map<String, String> m, String k, String v) {
        if (v != null && !v.isBlank()) {
            m.put(k, v.strip());
        }
    }

    private static Instant instant(Calendar c) {
        return c == null ? null : c.toInstant();
    }
}
