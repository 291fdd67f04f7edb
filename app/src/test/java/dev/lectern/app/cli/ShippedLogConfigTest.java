package dev.lectern.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.ContextInitializer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The CLI under the logging configuration that ships in the app (src/main/resources/logback.xml),
 * not the tests' own: what a user sees on the terminal for a damaged file.
 */
class ShippedLogConfigTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private PrintStream realErr;

    @BeforeEach
    void useTheShippedLogConfigAndCaptureStderr() throws Exception {
        URL shipped = getClass().getResource("/logback.xml");
        assertThat(shipped).as("the app's logback.xml on the test class path").isNotNull();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(shipped);
        // logback's console appender looks System.err up on every write, so this catches its output
        realErr = System.err;
        System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreTheTestLogConfig() throws Exception {
        System.setErr(realErr);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    @Test
    void damagedWordFileGetsItsOwnMessageAndNoLibraryStackTrace() throws IOException {
        // cut short inside its zip directory (so Tika's zip repair runs and complains) and with a
        // body that breaks off mid-paragraph (so POI's XML reader fails on it)
        Path docx = dir.resolve("damaged.docx");
        byte[] zip = docx("<w:p><w:r><w:t>The tenant pays the rent on the first of each month");
        int lastDirectoryEntry = lastIndexOf(zip, new byte[] {'P', 'K', 1, 2});
        Files.write(docx, Arrays.copyOf(zip, lastDirectoryEntry + 10));

        CliRun r = CliRun.of("parse", docx.toString());

        assertThat(r.code()).isEqualTo(ParseCommand.EXIT_BAD_INPUT);
        assertThat(r.err()).contains("damaged.docx", "is damaged");
        assertThat(logged.toString(StandardCharsets.UTF_8)).as("logged to stderr besides the CLI's own message")
                .doesNotContain("ZipSalvager").doesNotContain("XMLHelper").doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    @Test
    void wordFileCutShortGetsItsOwnMessageAndNoLibraryStackTrace() throws IOException {
        // cut off inside its package relationships: POI's XML reader fails on the broken part
        Path docx = dir.resolve("cut-short.docx");
        byte[] zip = docx("<w:p><w:r><w:t>The tenant pays the rent monthly.</w:t></w:r></w:p></w:body></w:document>");
        int relationships = firstIndexOf(zip, "_rels/.rels".getBytes(StandardCharsets.US_ASCII)); // its local header
        Files.write(docx, Arrays.copyOf(zip, relationships + "_rels/.rels".length() + 20));

        CliRun r = CliRun.of("parse", docx.toString());

        assertThat(r.code()).isEqualTo(ParseCommand.EXIT_BAD_INPUT);
        assertThat(r.err()).contains("cut-short.docx", "is damaged");
        assertThat(logged.toString(StandardCharsets.UTF_8)).as("logged to stderr besides the CLI's own message")
                .doesNotContain("XMLHelper").doesNotContain("Exception").doesNotContain("\tat ");
    }

    /** A minimal DOCX whose body holds {@code body} as it is, well-formed or not. */
    private static byte[] docx(String body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            entry(zip, "[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                    + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                    + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                    + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                    + "<Override PartName=\"/word/document.xml\" ContentType=\"application/"
                    + "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>");
            entry(zip, "_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                    + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                    + "<Relationship Id=\"rId1\" Target=\"word/document.xml\" Type=\"http://schemas.openxmlformats.org/"
                    + "officeDocument/2006/relationships/officeDocument\"/></Relationships>");
            entry(zip, "word/document.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document "
                    + "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>" + body);
        }
        return bytes.toByteArray();
    }

    private static void entry(ZipOutputStream zip, String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    private static int firstIndexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new IllegalArgumentException("not found");
    }

    private static int lastIndexOf(byte[] haystack, byte[] needle) {
        for (int i = haystack.length - needle.length; i >= 0; i--) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new IllegalArgumentException("not found");
    }
}
