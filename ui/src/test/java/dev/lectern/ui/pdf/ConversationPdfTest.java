package dev.lectern.ui.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PDF export of a conversation, read back with PDFBox: what a reader of the file will see. */
class ConversationPdfTest {
    @TempDir
    Path dir;

    @Test
    void theExportKeepsTheAnswerAndItsSourcesReadable() throws Exception {
        String longPath = "/Users/paralegal/Matters/2026/" + "Acme_Holdings_v_Beta_Industries/".repeat(6) + "NDA_final.pdf";
        StringBuilder md = new StringBuilder("# Conversation\n\n_Exported from Lectern; conversation started 2026-11-27._\n\n");
        for (int i = 1; i <= 40; i++) {
            md.append("## Question ").append(i).append("\n\n**What is the notice period?** The notice period is thirty (30) days [1]. ")
                    .append("Either party may terminate on written notice sent by registered mail to the address above [1].\n\n")
                    .append("Sources: [1] NDA_Acme_2024.pdf p. 2 \u2192 \u5408\u540c\n\n");
        }
        md.append(longPath).append('\n');
        Path pdf = dir.resolve("conversation.pdf");

        ConversationPdf.write(md.toString(), pdf);

        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            assertThat(doc.getNumberOfPages()).as("forty questions do not fit one page").isGreaterThan(1);
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains("Exported from Lectern; conversation started 2026-11-27.")
                    .contains("What is the notice period? The notice period is thirty (30) days [1].")
                    .contains("NDA_Acme_2024.pdf p. 2 ? ??")
                    .doesNotContain("**").doesNotContain("_Exported");
            assertThat(text.replaceAll("\\s", "")).as("the long path is all there, broken over lines").contains(longPath);
        }
    }

    @Test
    void aWordWiderThanThePageIsBrokenWithoutLosingCharacters() throws Exception {
        PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        String word = "x".repeat(400);
        float width = 300;

        List<String> lines = ConversationPdf.wrap("before " + word + " after", font, 10.5f, width);

        assertThat(lines.size()).isGreaterThan(2);
        for (String line : lines) {
            assertThat(font.getStringWidth(line) / 1000 * 10.5f).as(line).isLessThanOrEqualTo(width);
        }
        assertThat(String.join("", lines).replace(" ", "")).isEqualTo("before" + word + "after");
    }

    @Test
    void emphasisMarksGoButUnderscoresInsideNamesStay() {
        assertThat(ConversationPdf.emphasisRemoved("_Evidence mode: quoted from the documents, no model._"))
                .isEqualTo("Evidence mode: quoted from the documents, no model.");
        assertThat(ConversationPdf.emphasisRemoved("**Not found in your documents.**")).isEqualTo("Not found in your documents.");
        assertThat(ConversationPdf.emphasisRemoved("[1] NDA_Acme_2024.pdf p. 2 _(not supported by the cited passages)_"))
                .isEqualTo("[1] NDA_Acme_2024.pdf p. 2 (not supported by the cited passages)");
    }
}
