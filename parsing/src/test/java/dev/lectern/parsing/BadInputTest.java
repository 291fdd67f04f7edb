package dev.lectern.parsing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.lectern.parsing.ParseException.Reason;
import dev.lectern.parsing.fixtures.OfficeFixtures;
import dev.lectern.parsing.fixtures.OfficeFixtures.Para;
import dev.lectern.parsing.fixtures.PdfFixtures;
import dev.lectern.parsing.model.Document;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that cannot become documents: each is refused with a typed {@link ParseException} whose
 * message names the file, and none of them stops the parser from reading the next file.
 */
class BadInputTest {

    @TempDir
    Path dir;

    @Test
    void encryptedPdfIsReportedNotIndexed() {
        Path pdf = PdfFixtures.create().page().paragraph("Secret terms nobody may read.")
                .encryptWithUserPassword("s3cret").write(dir.resolve("locked.pdf"));

        ParseException e = rejected(new DocumentParser(), pdf, Reason.ENCRYPTED);

        assertThat(e.getMessage()).contains("password").doesNotContain("Secret terms");
    }

    @Test
    void corruptPdfIsReportedAsCorrupt() {
        Path pdf = PdfFixtures.corrupt(dir.resolve("damaged.pdf"));

        rejected(new DocumentParser(), pdf, Reason.CORRUPT);
    }

    @Test
    void textSavedUnderAPdfOrWordNameIsReportedAsNotWhatItsNameSays() throws IOException {
        Path pdf = Files.writeString(dir.resolve("contract.pdf"), "garbage");
        Path docx = Files.writeString(dir.resolve("memo.docx"), "Dear Sir, this was saved as text.");

        ParseException e = rejected(new DocumentParser(), pdf, Reason.CORRUPT);
        rejected(new DocumentParser(), docx, Reason.CORRUPT);

        assertThat(e.getMessage()).contains("contract.pdf").contains("named as a PDF file but holds plain text");
        Path page = Files.writeString(dir.resolve("saved.pdf"), "<html><body><p>hi</p></body></html>");
        assertThat(rejected(new DocumentParser(), page, Reason.CORRUPT).getMessage()).contains("holds a web page (HTML)");
    }

    @Test
    void zeroByteFileIsEmpty() throws IOException {
        Path file = Files.createFile(dir.resolve("nothing.pdf"));

        rejected(new DocumentParser(), file, Reason.EMPTY);
    }

    @Test
    void pdfWithOnlyBlankPagesIsEmpty() {
        Path pdf = PdfFixtures.create().blankPage().blankPage().blankPage().write(dir.resolve("blank.pdf"));

        ParseException e = rejected(new DocumentParser(), pdf, Reason.EMPTY);

        assertThat(e.getMessage()).contains("3 page");
    }

    @Test
    void pdfWithNoPagesIsReported() throws IOException {
        Path pdf = dir.resolve("no-pages.pdf");
        try (PDDocument empty = new PDDocument()) {
            empty.save(pdf.toFile());
        }

        rejected(new DocumentParser(), pdf, Reason.NO_PAGES);
    }

    @Test
    void unsupportedTypeIsReported() throws IOException {
        Path zip = dir.resolve("bundle.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("contract.txt"));
            out.write("The parties agree as follows.".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        Path blob = dir.resolve("blob.bin");
        byte[] noise = new byte[8192];
        new Random(7).nextBytes(noise);
        Files.write(blob, noise);
        DocumentParser parser = new DocumentParser();

        ParseException archive = rejected(parser, zip, Reason.UNSUPPORTED);
        ParseException binary = rejected(parser, blob, Reason.UNSUPPORTED);

        assertThat(archive.getMessage()).contains("archives").contains("application/zip").contains("extract");
        assertThat(binary.getMessage()).contains("not a recognisable document format");
    }

    @Test
    void folderIsUnsupported() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("reports.pdf"));

        rejected(new DocumentParser(), folder, Reason.UNSUPPORTED);
    }

    @Test
    void fileOverTheSizeLimitIsTooLarge() {
        Path pdf = PdfFixtures.create().page().paragraph("A short but perfectly good page.")
                .write(dir.resolve("big.pdf"));

        ParseException e = rejected(new DocumentParser(ParseOptions.DEFAULTS.withMaxFileBytes(100)), pdf, Reason.TOO_LARGE);

        assertThat(e.getMessage()).contains("over the limit");
    }

    @Test
    void textThatExpandsPastTheLimitIsTooLarge() throws ParseException {
        PdfFixtures fixture = PdfFixtures.create();
        for (int n = 0; n < 20; n++) {
            // a different word per page, so no line repeats and none can be taken for a running header
            fixture.page().paragraph("Clause " + (char) ('A' + n) + " carries a sentence of some length, so that "
                    + "twenty of them add up to well over a thousand characters of text.");
        }
        Path pdf = fixture.write(dir.resolve("expands.pdf"));

        ParseException e = rejected(new DocumentParser(ParseOptions.DEFAULTS.withMaxChars(1000)), pdf, Reason.TOO_LARGE);

        assertThat(e.getMessage()).contains("1000 characters");
        // the same file is fine under the default limit: the limit, not the file, refused it
        assertThat(new DocumentParser().extract(pdf).pages()).hasSize(20);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void parseThatRunsTooLongTimesOut() {
        Path pdf = PdfFixtures.manyPages(dir.resolve("slow.pdf"), 300);

        ParseException e = rejected(new DocumentParser(ParseOptions.DEFAULTS.withTimeout(Duration.ofMillis(1))), pdf,
                Reason.TIMED_OUT);

        assertThat(e.getMessage()).contains("stopped after");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void wordFileThatUnpacksToHundredsOfMegabytesIsRefusedInSecondsAsAZipBomb() {
        // QA's bomb scaled to the test's 512 MB heap: document.xml is 200 MB of one repeated
        // paragraph in a file of well under 1 MB; it used to run out of memory after 30 s here
        Path bomb = OfficeFixtures.docxBomb(dir.resolve("bomb.docx"), 200L * 1024 * 1024);
        long started = System.nanoTime();

        ParseException e = rejected(new DocumentParser(), bomb, Reason.CORRUPT);

        assertThat(secondsSince(started)).as("seconds to refuse it").isLessThan(5);
        assertThat(e.getMessage()).contains("a zip bomb: it expands").containsPattern("expands [0-9]{3} times")
                .contains("word/document.xml");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void zipBombWhoseDirectoryUnderstatesItsSizesIsStillRefused() {
        // the declared sizes say nothing is large: only unpacking (and counting) tells
        Path bomb = OfficeFixtures.understateUnpackedSizes(
                OfficeFixtures.docxBomb(dir.resolve("disguised.docx"), 200L * 1024 * 1024));
        long started = System.nanoTime();

        ParseException e = rejected(new DocumentParser(), bomb, Reason.CORRUPT);

        assertThat(secondsSince(started)).as("seconds to refuse it").isLessThan(10);
        assertThat(e.getMessage()).contains("a zip bomb: it expands at least");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void wordFileWithAHugeBodyIsStreamedAndStopsAtTheCharacterLimit() {
        // no bomb (its 80 MB body packs only about 9 times), but too big to load as one tree in the
        // test's 512 MB heap: it used to run out of memory after 30 s instead of meeting the limit
        Path big = OfficeFixtures.docxWithLargeBody(dir.resolve("huge.docx"), 80L * 1024 * 1024);
        long started = System.nanoTime();

        ParseException e = rejected(new DocumentParser(ParseOptions.DEFAULTS.withMaxChars(2_000_000)), big,
                Reason.TOO_LARGE);

        assertThat(e.getMessage()).contains("its text grows past the limit of 2000000 characters");
        assertThat(secondsSince(started)).as("seconds to refuse it").isLessThan(20);
    }

    @Test
    void missingFileIsNotFound() {
        rejected(new DocumentParser(), dir.resolve("never-written.pdf"), Reason.NOT_FOUND);
    }

    @Test
    void oneBadFileNeverStopsABatch() {
        Path folder = dir.resolve("inbox");
        PdfFixtures.create().page().paragraph("The good PDF says the rent is due monthly.")
                .write(folder.resolve("good.pdf"));
        PdfFixtures.create().page().paragraph("Nobody may read this.").encryptWithUserPassword("pw")
                .write(folder.resolve("encrypted.pdf"));
        PdfFixtures.corrupt(folder.resolve("corrupt.pdf"));
        OfficeFixtures.docx(folder.resolve("good.docx"), "Board Minutes",
                List.of(new Para("The good Word file says the board met on Tuesday.")));
        DocumentParser parser = new DocumentParser();

        List<Document> documents = new ArrayList<>();
        List<ParseException> errors = new ArrayList<>();
        for (String name : List.of("good.pdf", "encrypted.pdf", "corrupt.pdf", "good.docx")) {
            try {
                documents.add(parser.extract(folder.resolve(name)));
            } catch (ParseException e) {
                errors.add(e);
            }
        }

        assertThat(documents).extracting(Document::fileName).containsExactly("good.pdf", "good.docx");
        assertThat(documents.get(0).text()).contains("The good PDF says the rent is due monthly.");
        assertThat(documents.get(1).text()).contains("The good Word file says the board met on Tuesday.");
        assertThat(errors).extracting(ParseException::reason).containsExactly(Reason.ENCRYPTED, Reason.CORRUPT);
        assertThat(errors.get(0).getMessage()).contains("encrypted.pdf");
        assertThat(errors.get(1).getMessage()).contains("corrupt.pdf");
    }

    private static long secondsSince(long nanoTime) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - nanoTime);
    }

    /** Parses {@code file}, expecting a refusal for {@code reason} with a message that names the file. */
    private static ParseException rejected(DocumentParser parser, Path file, Reason reason) {
        try {
            Document doc = parser.extract(file);
            return fail("expected %s to be refused as %s, but it parsed to %d characters on %d page(s)",
                    file.getFileName(), reason, doc.text().length(), doc.pages().size());
        } catch (ParseException e) {
            assertThat(e.reason()).as("reason for %s: %s", file.getFileName(), e.getMessage()).isEqualTo(reason);
            assertThat(e.getMessage()).as("message").contains(file.getFileName().toString());
            assertThat(e.file()).isEqualTo(file);
            return e;
        }
    }
}
