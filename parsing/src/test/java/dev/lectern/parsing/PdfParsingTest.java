package dev.lectern.parsing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.parsing.chunk.StructureChunker;
import dev.lectern.parsing.fixtures.PdfFixtures;
import dev.lectern.parsing.model.Chunk;
import dev.lectern.parsing.model.Document;
import dev.lectern.parsing.model.OcrStatus;
import dev.lectern.parsing.model.PageLayout;
import dev.lectern.parsing.model.PageSpan;
import dev.lectern.parsing.model.Section;
import dev.lectern.parsing.model.Table;
import dev.lectern.parsing.model.WordBox;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * PDFs written by {@link PdfFixtures} with known text on known pages, parsed through the public
 * entry point {@link DocumentParser}: every assertion is about what a citation or a chunk would see.
 */
class PdfParsingTest {

    /** Where Tesseract can never be: parses with this path take the "OCR not installed" branch. */
    private static final Path NO_TESSERACT = Path.of("/nonexistent/tesseract");

    @TempDir
    Path dir;

    @Test
    void knownTextLandsOnItsKnownPage() throws ParseException {
        List<String> sentences = List.of(
                "Alpha sentence lives on the first page only.",
                "Bravo sentence lives on the second page only.",
                "Charlie sentence lives on the third page only.");
        Path pdf = PdfFixtures.create()
                .page().paragraph(sentences.get(0))
                .page().paragraph(sentences.get(1))
                .page().paragraph(sentences.get(2))
                .write(dir.resolve("three-pages.pdf"));

        Document doc = new DocumentParser().extract(pdf);

        assertThat(doc.paginated()).isTrue();
        assertThat(doc.pages()).hasSize(3);
        // pages are numbered 1..n, contiguous, and together cover the whole text
        int expectedStart = 0;
        for (int i = 0; i < doc.pages().size(); i++) {
            PageSpan p = doc.pages().get(i);
            assertThat(p.number()).isEqualTo(i + 1);
            assertThat(p.start()).as("start of page %d", p.number()).isEqualTo(expectedStart);
            expectedStart = p.end();
        }
        assertThat(expectedStart).isEqualTo(doc.text().length());

        for (int n = 1; n <= 3; n++) {
            String mine = sentences.get(n - 1);
            assertThat(doc.pageText(n)).as("text of page %d", n).contains(mine);
            for (String other : sentences) {
                if (!other.equals(mine)) {
                    assertThat(doc.pageText(n)).as("text of page %d", n).doesNotContain(other);
                }
            }
            int at = doc.text().indexOf(mine);
            assertThat(at).as("offset of '%s'", mine).isNotNegative();
            assertThat(doc.pageAt(at).number()).as("page at the first character of '%s'", mine).isEqualTo(n);
            assertThat(doc.pageAt(at + mine.length() - 1).number()).as("page at the last character of '%s'", mine)
                    .isEqualTo(n);
            assertThat(doc.pageRange(at, at + mine.length())).containsExactly(n, n);
            PageSpan page = doc.pageAt(at);
            assertThat(doc.text().substring(at, at + mine.length())).isEqualTo(mine);
            assertThat(at).isGreaterThanOrEqualTo(page.start());
            assertThat(at + mine.length()).isLessThanOrEqualTo(page.end());
        }
    }

    @Test
    void runningHeadersFootersAndPageNumbersAreRemoved() throws ParseException {
        String header = "ACME Holdings Confidential Draft";
        String footer = "Master Services Agreement Version Two";
        PdfFixtures fixture = PdfFixtures.create().runningHeader(header).runningFooter(footer).pageNumbers(true);
        for (int n = 1; n <= 5; n++) {
            fixture.page().paragraph("Body text of page " + words(n) + " stays in the document.");
        }
        Path pdf = fixture.write(dir.resolve("furniture.pdf"));

        Document doc = new DocumentParser().extract(pdf);

        assertThat(doc.pages()).hasSize(5);
        assertThat(doc.text()).doesNotContain("ACME", "Holdings", "Confidential", "Version Two", "Master Services");
        for (int n = 1; n <= 5; n++) {
            String page = doc.pageText(n);
            assertThat(page).as("page %d", n).contains("Body text of page " + words(n) + " stays in the document.");
            // the body has no digits, so any digit left on a page is a page number that slipped through
            assertThat(page).as("page %d", n).doesNotContainPattern("\\d");
        }
    }

    @Test
    void blankPageKeepsItsPlaceInThePageNumbering() throws ParseException {
        Path pdf = PdfFixtures.create()
                .page().paragraph("Alpha sentence sits before the blank page.")
                .blankPage()
                .page().paragraph("Charlie sentence sits after the blank page.")
                .write(dir.resolve("with-blank.pdf"));

        Document doc = new DocumentParser().extract(pdf);

        // a citation of "page 3" must point at what a PDF reader shows as page 3
        assertThat(doc.pages()).hasSize(3);
        assertThat(doc.pageText(1)).contains("Alpha sentence");
        assertThat(doc.pageText(2)).isEmpty();
        assertThat(doc.pageText(3)).contains("Charlie sentence");
        assertThat(doc.pageAt(doc.text().indexOf("Charlie")).number()).isEqualTo(3);
        assertThat(doc.emptyPages()).containsExactly(2);
    }

    @Test
    void bodyLineThatRepeatsNearTheTopOfEveryPageIsNotMistakenForAHeader() throws ParseException {
        // each page's only text sits at the top margin and differs only in its number, like a
        // one-line-per-page exhibit list: it is body text, not a running header
        PdfFixtures fixture = PdfFixtures.create();
        for (int n = 1; n <= 5; n++) {
            fixture.page().paragraph("Exhibit " + n + " lists the equipment delivered.");
        }
        Path pdf = fixture.write(dir.resolve("exhibits.pdf"));

        Document doc = new DocumentParser().extract(pdf);

        assertThat(doc.pages()).hasSize(5);
        for (int n = 1; n <= 5; n++) {
            assertThat(doc.pageText(n)).as("page %d", n).contains("Exhibit " + n + " lists the equipment delivered.");
        }
    }

    @Test
    void hyphenatedLineBreaksAreJoined() throws ParseException {
        Path pdf = PdfFixtures.create()
                .page().paragraphLines("This agreement continues in force until its termi-",
                        "nation by either party in writing.")
                .write(dir.resolve("hyphen.pdf"));

        Document doc = new DocumentParser().extract(pdf);

        assertThat(doc.text()).contains("termination").doesNotContain("termi-").doesNotContain("termi nation");
        assertThat(doc.text()).contains("until its termination by either party in writing.");
    }

    @Test
    void headingsFormAHierarchy() throws ParseException {
        String article = "ARTICLE IV TERM AND TERMINATION";
        // 4.1 is long enough to stand as a chunk of its own, so the chunk holding 4.2 starts at 4.2
        Path pdf = PdfFixtures.create()
                .page()
                .heading("Master Services Agreement", 18)
                .heading("ARTICLE III FEES", 14)
                .paragraph("3.1 Fees. The Customer shall pay the fees set out in the Order Form within thirty days "
                        + "of the date of each invoice, without set-off or deduction, in the currency stated there. "
                        + "Late payments bear interest at one percent per month until paid in full.")
                .heading(article, 14)
                .paragraph("4.1 Term. This Agreement begins on the Effective Date and continues for an initial term "
                        + "of three years. It then renews automatically for successive periods of one year each, "
                        + "unless either party gives notice of non-renewal at least ninety days before the end of "
                        + "the then current term, in which case it ends at the end of that term.")
                .paragraph("4.2 Termination. Either party may terminate this Agreement for material breach by the "
                        + "other party that remains uncured thirty days after written notice.")
                .write(dir.resolve("hierarchy.pdf"));

        Document doc = new DocumentParser().extract(pdf);

        assertThat(doc.sections()).extracting(Section::heading)
                .contains("Master Services Agreement", article, "4.2 Termination");
        Section termination = doc.sections().stream().filter(s -> s.heading().equals("4.2 Termination"))
                .findFirst().orElseThrow();
        assertThat(termination.headingPath()).endsWith(article, "4.2 Termination");
        Section articleSection = doc.sections().stream().filter(s -> s.heading().equals(article))
                .findFirst().orElseThrow();
        assertThat(articleSection.level()).isLessThan(termination.level());
        assertThat(doc.text().substring(termination.headingStart(), termination.headingEnd()))
                .isEqualTo("4.2 Termination");

        int clause = doc.text().indexOf("Either party may terminate");
        assertThat(clause).isNotNegative();
        assertThat(termination.start()).isLessThanOrEqualTo(clause);
        assertThat(termination.end()).isGreaterThan(clause);
        assertThat(doc.headingPathAt(clause)).endsWith(article, "4.2 Termination");

        List<Chunk> chunks = new StructureChunker().chunk(doc);
        List<Chunk> holding = chunks.stream().filter(c -> c.text().contains("Either party may terminate")).toList();
        assertThat(holding).hasSize(1);
        assertThat(holding.get(0).headingPath()).endsWith(article, "4.2 Termination");
    }

    @Test
    void tableIsKeptWholeAsMarkdownWithItsCaption() throws ParseException {
        List<List<String>> rows = List.of(
                List.of("Service", "Monthly fee", "Due"),
                List.of("Hosting", "$1,200", "On the 1st"),
                List.of("Support", "$450", "On the 15th"),
                List.of("Backups", "$90", "Quarterly"));
        Path pdf = PdfFixtures.create()
                .page()
                .paragraph("The Customer pays the following fees for the services described in Schedule A.")
                .table("Table 2: Fee schedule", rows)
                .paragraph("Fees are exclusive of taxes, which the Customer pays in addition.")
                .write(dir.resolve("table.pdf"));

        Document doc = new DocumentParser().extract(pdf);

        assertThat(doc.tables()).hasSize(1);
        Table t = doc.tables().get(0);
        assertThat(t.caption()).isEqualTo("Table 2: Fee schedule");
        assertThat(t.rows()).isEqualTo(4);
        assertThat(t.columns()).isEqualTo(3);
        assertThat(t.markdown()).contains("| --- |");
        assertThat(t.markdown().lines()).hasSize(5); // header, separator, three body rows
        for (List<String> row : rows) {
            for (String cell : row) {
                assertThat(t.markdown()).contains(cell);
            }
        }
        assertThat(t.markdown()).contains("| Hosting | $1,200 | On the 1st |");
        assertThat(doc.text().substring(t.start(), t.end())).isEqualTo(t.markdown());
        assertThat(doc.text()).contains("described in Schedule A.", "which the Customer pays in addition.");

        List<int[]> rowLines = rowRanges(doc.text(), t);
        assertThat(rowLines).hasSize(5);
        assertNoChunkBoundaryInsideARow(new StructureChunker().chunk(doc), rowLines);
        // a budget so small that the table must be cut: it may be cut only between rows
        List<Chunk> small = new StructureChunker(TokenCounter.APPROXIMATE, 16).chunk(doc);
        assertThat(small.stream().filter(c -> c.start() < t.end() && c.end() > t.start()).count())
                .as("chunks that hold part of the table").isGreaterThan(1);
        assertNoChunkBoundaryInsideARow(small, rowLines);
    }

    @Test
    void wordBoxesLocateAnyCharacterRange() throws ParseException {
        PdfFixtures fixture = PdfFixtures.create().page().paragraph("Highword opens the page near its top.");
        for (int i = 0; i < 12; i++) {
            fixture.paragraph("Filler paragraph to push the next line down the page.");
        }
        Path pdf = fixture.paragraph("Lowword sits much further down the same page.")
                .write(dir.resolve("boxes.pdf"));

        Document doc = new DocumentParser().extract(pdf);

        assertThat(doc.pages()).hasSize(1);
        PageLayout layout = doc.layout(1).orElseThrow();
        assertThat(layout.ocr()).isFalse();
        assertThat(layout.width()).isEqualTo(612f);
        assertThat(layout.height()).isEqualTo(792f);

        WordBox high = onlyBoxOf(doc, layout, "Highword");
        WordBox low = onlyBoxOf(doc, layout, "Lowword");
        assertThat(low.y()).as("y grows down the page").isGreaterThan(high.y() + 100f);
        // 72 pt left margin, in PDF units
        assertThat(high.x()).isBetween(70f, 74f);

        // a range that spans several words gets one box per word, in text order
        int from = doc.text().indexOf("opens the page");
        List<WordBox> boxes = layout.boxesFor(from, from + "opens the page".length());
        assertThat(boxes).hasSize(3);
        assertThat(boxes).isSortedAccordingTo((a, b) -> Integer.compare(a.start(), b.start()));
        assertThat(boxes.get(0).x()).isLessThan(boxes.get(1).x());
        for (WordBox b : layout.words()) {
            assertWithinPage(b, layout);
        }
    }

    @Test
    void imageOnlyPageIsOcrWhenTesseractIsInstalled() throws ParseException {
        DocumentParser parser = new DocumentParser();
        Assumptions.assumeTrue(parser.ocrUnavailableReason().isEmpty(),
                () -> "Tesseract is not usable here: " + parser.ocrUnavailableReason());
        Path pdf = mixedScan().write(dir.resolve("mixed.pdf"));

        Document doc = parser.extract(pdf);
        Document withoutOcr = new DocumentParser(ParseOptions.DEFAULTS.withTesseract(NO_TESSERACT)).extract(pdf);

        assertThat(doc.ocr()).isEqualTo(OcrStatus.DONE);
        assertThat(doc.pages()).hasSize(3);
        String scanned = doc.pageText(2).toLowerCase(Locale.ROOT);
        List<String> keyWords = List.of("confidential", "settlement", "terms", "parties", "claims", "dollars");
        long found = keyWords.stream().filter(scanned::contains).count();
        assertThat(found).as("key words recognised on page 2: %s", scanned).isGreaterThanOrEqualTo(keyWords.size() - 1);
        assertThat(scanned).contains("settlement");
        assertThat(doc.pageText(1)).contains("The cover letter is typed on the first page.").doesNotContain("SETTLEMENT");
        assertThat(doc.pageText(3)).contains("The signature page is typed on the third page.");
        // the text pages read the same whether or not the scanned page beside them was recognised
        assertThat(doc.pageText(1).strip()).isEqualTo(withoutOcr.pageText(1).strip());
        assertThat(doc.pageText(3).strip()).isEqualTo(withoutOcr.pageText(3).strip());

        PageLayout page2 = doc.layout(2).orElseThrow();
        assertThat(page2.ocr()).isTrue();
        assertThat(page2.words()).isNotEmpty();
        for (WordBox b : page2.words()) {
            assertWithinPage(b, page2);
            assertThat(doc.pageAt(b.start()).number()).isEqualTo(2);
        }
        assertThat(doc.layout(1).orElseThrow().ocr()).isFalse();
        assertThat(doc.layout(3).orElseThrow().ocr()).isFalse();
    }

    @Test
    void scannedPageIsMarkedNeedsOcrWhenTesseractIsMissing() throws ParseException {
        DocumentParser parser = new DocumentParser(ParseOptions.DEFAULTS.withTesseract(NO_TESSERACT));
        Path pdf = mixedScan().write(dir.resolve("mixed.pdf"));

        Document doc = parser.extract(pdf);

        assertThat(parser.ocrUnavailableReason()).contains("install");
        assertThat(doc.ocr()).isEqualTo(OcrStatus.NEEDS_OCR);
        assertThat(doc.warnings()).anySatisfy(w -> assertThat(w).contains("needs OCR").contains("install").contains("page 2"));
        assertThat(doc.pages()).hasSize(3);
        assertThat(doc.pageText(1)).contains("The cover letter is typed on the first page.");
        assertThat(doc.pageText(2)).isEmpty();
        assertThat(doc.pageText(3)).contains("The signature page is typed on the third page.");
        assertThat(doc.emptyPages()).containsExactly(2);
        assertThat(doc.text()).doesNotContainIgnoringCase("settlement");
    }

    @Test
    void nbspAndOddSpacesAreNormalised() throws ParseException {
        // Helvetica's WinAnsi encoding has the no-break space (0xA0); U+2009 and friends it has not
        Path pdf = PdfFixtures.create()
                .page().paragraphLines("Fees\u00A0are due within\u00A030\u00A0days of   the invoice date.")
                .write(dir.resolve("nbsp.pdf"));

        Document doc = new DocumentParser().extract(pdf);

        assertThat(doc.text()).contains("Fees are due within 30 days of the invoice date.");
        assertThat(doc.text()).doesNotContain("\u00A0").doesNotContain("  ");
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void twoThousandPagePdfParsesInBoundedMemory() throws ParseException {
        // surefire runs this module with -Xmx512m (parsing/pom.xml): finishing at all is the memory proof
        Path pdf = PdfFixtures.manyPages(dir.resolve("long-filing.pdf"), 2000);

        Document doc = new DocumentParser().extract(pdf);

        assertThat(doc.pages()).hasSize(2000);
        assertThat(doc.pageText(1)).contains("Page body 1.");
        assertThat(doc.pageText(1234)).contains("Page body 1234.").doesNotContain("Page body 1235.");
        assertThat(doc.pageText(2000)).contains("Page body 2000.");
        assertThat(doc.pageAt(doc.text().indexOf("Page body 1234.")).number()).isEqualTo(1234);
        assertThat(doc.layouts()).hasSize(2000);
    }

    // ---------------------------------------------------------------------------------- helpers

    private static PdfFixtures mixedScan() {
        return PdfFixtures.create()
                .page().paragraph("The cover letter is typed on the first page.")
                .imagePage("CONFIDENTIAL SETTLEMENT TERMS\n\nThe parties agree to settle all claims "
                        + "for the sum of fifty thousand dollars.")
                .page().paragraph("The signature page is typed on the third page.");
    }

    private static String words(int n) {
        return List.of("one", "two", "three", "four", "five", "six").get(n - 1);
    }

    private static WordBox onlyBoxOf(Document doc, PageLayout layout, String word) {
        int at = doc.text().indexOf(word);
        assertThat(at).as("offset of '%s'", word).isNotNegative();
        List<WordBox> boxes = layout.boxesFor(at, at + word.length());
        assertThat(boxes).as("boxes of '%s'", word).hasSize(1);
        WordBox box = boxes.get(0);
        assertThat(box.start()).isEqualTo(at);
        assertThat(box.end()).isEqualTo(at + word.length());
        assertWithinPage(box, layout);
        return box;
    }

    private static void assertWithinPage(WordBox b, PageLayout page) {
        assertThat(b.width()).as("width of %s", b).isPositive();
        assertThat(b.height()).as("height of %s", b).isPositive();
        assertThat(b.x()).as("x of %s", b).isBetween(0f, page.width());
        assertThat(b.y()).as("y of %s", b).isBetween(0f, page.height());
        assertThat(b.x() + b.width()).as("right of %s", b).isLessThanOrEqualTo(page.width());
        assertThat(b.y() + b.height()).as("bottom of %s", b).isLessThanOrEqualTo(page.height());
    }

    private static void assertNoChunkBoundaryInsideARow(List<Chunk> chunks, List<int[]> rows) {
        assertThat(chunks).isNotEmpty();
        for (int[] row : rows) {
            for (Chunk c : chunks) {
                assertThat(c.start()).as("start of chunk %s vs table row [%d, %d)", c.id(), row[0], row[1])
                        .matches(s -> s <= row[0] || s >= row[1], "not strictly inside the row");
                assertThat(c.end()).as("end of chunk %s vs table row [%d, %d)", c.id(), row[0], row[1])
                        .matches(e -> e <= row[0] || e >= row[1], "not strictly inside the row");
            }
        }
    }

    /** The [start, end) of each line of the table's Markdown, as offsets into the document text. */
    private static List<int[]> rowRanges(String text, Table t) {
        List<int[]> out = new ArrayList<>();
        int pos = t.start();
        while (pos < t.end()) {
            int nl = text.indexOf('\n', pos);
            int end = nl < 0 || nl > t.end() ? t.end() : nl;
            out.add(new int[] {pos, end});
            pos = end + 1;
        }
        return out;
    }
}
