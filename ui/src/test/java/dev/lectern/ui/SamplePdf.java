package dev.lectern.ui;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** Writes small PDFs for the tests: one list of lines per page, Helvetica 12. */
public final class SamplePdf {
    private SamplePdf() {
    }

    public static Path write(Path file, List<List<String>> pages) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (List<String> lines : pages) {
                PDPage page = new PDPage();
                doc.addPage(page);
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    cs.beginText();
                    cs.setFont(font, 12);
                    cs.setLeading(16);
                    cs.newLineAtOffset(72, 720);
                    for (String l : lines) {
                        cs.showText(l);
                        cs.newLine();
                    }
                    cs.endText();
                }
            }
            doc.save(file.toFile());
        }
        return file;
    }

    /** A three-page agreement whose termination clause is on page 2. */
    public static Path agreement(Path file) throws IOException {
        return write(file, List.of(
                List.of("Mutual Non-Disclosure Agreement", "This agreement is made between Acme Corporation and Widget Ltd.",
                        "Both parties wish to exchange confidential information about a joint venture."),
                List.of("Section 7. Term and Termination", "Either party may terminate this agreement by written notice.",
                        "The notice period for termination is ninety days from receipt of the notice.",
                        "Obligations of confidentiality survive termination for five years."),
                List.of("Section 9. Governing Law", "This agreement is governed by the laws of the State of Delaware.")));
    }
}
