package dev.lectern.parsing;

import dev.lectern.parsing.model.Document;
import dev.lectern.parsing.model.Metadata;
import dev.lectern.parsing.model.OcrStatus;
import dev.lectern.parsing.ocr.TesseractOcr;
import dev.lectern.parsing.pdf.PdfExtractor;
import dev.lectern.parsing.text.Deadline;
import dev.lectern.parsing.text.LanguageGuess;
import dev.lectern.parsing.text.LayoutLine;
import dev.lectern.parsing.text.LayoutPage;
import dev.lectern.parsing.text.PageAssembler;
import dev.lectern.parsing.text.ParseAbort;
import dev.lectern.parsing.text.PlainTextExtractor;
import dev.lectern.parsing.text.TextBuilder;
import dev.lectern.parsing.tika.TikaExtractor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.apache.tika.detect.Detector;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.txt.CharsetDetector;
import org.apache.tika.parser.txt.CharsetMatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parsing module's entry point: detects a file's type, routes it to the right extractor, and
 * enforces the limits of {@link ParseOptions}. Every failure comes back as a {@link ParseException}
 * naming the file and the reason; nothing else escapes. Thread-safe: parse many files at once.
 */
public final class DocumentParser implements TextExtractor {
    private static final Logger LOG = LoggerFactory.getLogger(DocumentParser.class);
    private static final Detector DETECTOR = org.apache.tika.config.TikaConfig.getDefaultConfig().getDetector();
    /** Formats read through Tika's parsers. */
    private static final Set<String> TIKA_TYPES = Set.of(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint",
            "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet",
            "application/vnd.oasis.opendocument.presentation",
            "application/rtf", "text/rtf", "text/html", "application/xhtml+xml",
            "message/rfc822", "application/vnd.ms-outlook", "text/csv", "text/tab-separated-values",
            "application/vnd.ms-word.document.macroenabled.12", "application/vnd.ms-excel.sheet.macroenabled.12",
            "application/vnd.ms-excel.sheet.4", "application/vnd.ms-excel.sheet.3");
    private static final Set<String> IMAGE_TYPES = Set.of("image/png", "image/jpeg", "image/tiff", "image/bmp", "image/gif");
    private static final Set<String> TEXT_TYPES = Set.of("text/plain", "text/markdown", "text/x-web-markdown", "text/x-markdown");

    private final ParseOptions options;
    private final TesseractOcr ocr;
    private final ExecutorService watchdog;

    public DocumentParser() {
        this(ParseOptions.DEFAULTS);
    }

    public DocumentParser(ParseOptions options) {
        this.options = options;
        this.ocr = new TesseractOcr(options.tesseract(), options.ocrLanguages());
        this.watchdog = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "lectern-parse");
            t.setDaemon(true);
            return t;
        });
    }

    public ParseOptions options() {
        return options;
    }

    /** Empty when scanned pages and images can be OCRed; otherwise why not and how to enable it. */
    public String ocrUnavailableReason() {
        return options.ocr() ? ocr.unavailableReason() : "OCR is switched off in the settings";
    }

    @Override
    public Document extract(Path file) throws ParseException {
        if (!Files.exists(file)) {
            throw new ParseException(file, ParseException.Reason.NOT_FOUND, "no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new ParseException(file, ParseException.Reason.UNSUPPORTED, "it is a folder or a special file, not a document");
        }
        if (!Files.isReadable(file)) {
            throw new ParseException(file, ParseException.Reason.NOT_FOUND, "permission denied");
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new ParseException(file, ParseException.Reason.NOT_FOUND, e.getMessage(), e);
        }
        if (size == 0) {
            throw new ParseException(file, ParseException.Reason.EMPTY, "the file is zero bytes long");
        }
        if (size > options.maxFileBytes()) {
            throw new ParseException(file, ParseException.Reason.TOO_LARGE, mib(size) + " is over the limit of "
                    + mib(options.maxFileBytes()));
        }
        Deadline deadline = new Deadline(options.timeout());
        Future<Document> job = watchdog.submit(() -> parse(file, deadline));
        try {
            // the deadline is checked inside the parsers; this catches a parser stuck between checks
            return job.get(options.timeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            job.cancel(true);
            throw new ParseException(file, ParseException.Reason.TIMED_OUT, "stopped after " + options.timeout().toSeconds() + " s");
        } catch (InterruptedException e) {
            job.cancel(true);
            Thread.currentThread().interrupt();
            throw new ParseException(file, ParseException.Reason.TIMED_OUT, "interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof ParseException pe) {
                throw pe;
            }
            if (c instanceof ParseAbort a) {
                throw new ParseException(file, a.reason(), a.getMessage());
            }
            if (c instanceof OutOfMemoryError) {
                throw new ParseException(file, ParseException.Reason.TOO_LARGE, "it needs more memory than is available", c);
            }
            LOG.warn("unexpected failure parsing {}", file, c);
            throw new ParseException(file, ParseException.Reason.FAILED, String.valueOf(c), c);
        }
    }

    private Document parse(Path file, Deadline deadline) throws ParseException, IOException {
        String id = sha256(file);
        String type = detect(file);
        String named = BINARY_FORMAT_NAMES.get(extension(file));
        boolean html = type.equals("text/html") || type.equals("application/xhtml+xml");
        if (named != null && (TEXT_TYPES.contains(type) || html)) {
            // a name says PDF or Word but the bytes are text or a web page: a damaged download or a
            // renamed file, and indexing them would put noise in the library under that name
            throw new ParseException(file, ParseException.Reason.CORRUPT, "it is named as " + named + " file but holds "
                    + (html ? "a web page (HTML)" : "plain text") + " (damaged, or renamed from another file)");
        }
        TextBuilder.Built built;
        Metadata metadata = Metadata.EMPTY;
        String title = null;
        boolean paginated = false;
        OcrStatus ocrStatus = OcrStatus.NOT_NEEDED;
        List<String> warnings = new ArrayList<>();
        try {
            if (type.equals("application/pdf")) {
                PdfExtractor.Result r = new PdfExtractor(options, ocr).extract(file, deadline);
                built = r.built();
                metadata = r.metadata();
                title = r.title();
                paginated = true;
                ocrStatus = r.ocr();
                warnings.addAll(r.warnings());
            } else if (IMAGE_TYPES.contains(type)) {
                ImageResult r = image(file, deadline, warnings);
                built = r.built();
                ocrStatus = r.status();
                paginated = true;
            } else if (TEXT_TYPES.contains(type) || type.startsWith("text/x-") && isMarkdownName(file)) {
                TextBuilder b = new TextBuilder(options.maxChars(), deadline);
                String source = readText(file);
                PlainTextExtractor.build(source, isMarkdownName(file) || type.contains("markdown"), b);
                built = b.build(source.codePointCount(0, source.length()));
            } else if (TIKA_TYPES.contains(type)) {
                TikaExtractor.Result r = new TikaExtractor(options).extract(file, type, deadline);
                built = r.built();
                metadata = r.metadata();
                title = r.title();
                paginated = r.paginated();
                warnings.addAll(r.warnings());
            } else {
                throw new ParseException(file, ParseException.Reason.UNSUPPORTED, describeUnsupported(type));
            }
        } catch (ParseAbort a) {
            throw new ParseException(file, a.reason(), a.getMessage());
        }
        if (built.text().isBlank() && ocrStatus != OcrStatus.NEEDS_OCR) {
            throw new ParseException(file, ParseException.Reason.EMPTY,
                    paginated ? "none of its " + built.pages().size() + " page(s) has any text" : "it contains no text");
        }
        String language = LanguageGuess.guess(built.text());
        if (title == null) {
            title = built.sections().isEmpty() ? stripExtension(file) : built.sections().get(0).heading();
        }
        return new Document(id, file.toAbsolutePath().normalize(), type, title, metadata, language, built.text(), paginated,
                built.pages(), built.sections(), built.tables(), built.layouts(), ocrStatus, warnings, built.sourceMap());
    }

    /** The media type from the file's name and first bytes, without parameters. */
    public static String detect(Path file) throws IOException {
        org.apache.tika.metadata.Metadata md = new org.apache.tika.metadata.Metadata();
        md.set(org.apache.tika.metadata.TikaCoreProperties.RESOURCE_NAME_KEY, file.getFileName().toString());
        try (TikaInputStream in = TikaInputStream.get(file)) {
            MediaType t = DETECTOR.detect(in, md);
            String base = t.getBaseType().toString();
            if (base.equals("text/plain") && isMarkdownName(file)) {
                return "text/markdown";
            }
            return base;
        }
    }

    private record ImageResult(TextBuilder.Built built, OcrStatus status) {
    }

    private ImageResult image(Path file, Deadline deadline, List<String> warnings) throws ParseException {
        List<float[]> sizes = imageSizes(file);
        TextBuilder b = new TextBuilder(options.maxChars(), deadline);
        String reason = ocrUnavailableReason();
        if (!reason.isEmpty()) {
            for (float[] s : sizes) {
                b.startPage(s[0], s[1], false);
            }
            warnings.add("needs OCR: the image has no text layer; " + reason);
            return new ImageResult(b.build(0), OcrStatus.NEEDS_OCR);
        }
        // boxes of images are in pixels: an image has no other natural unit
        List<List<LayoutLine>> frames = ocr.recognizeFile(file, 1f, deadline);
        List<LayoutPage> pages = new ArrayList<>();
        boolean[] ocrPages = new boolean[sizes.size()];
        for (int i = 0; i < sizes.size(); i++) {
            List<LayoutLine> lines = i < frames.size() ? frames.get(i) : List.of();
            pages.add(new LayoutPage(sizes.get(i)[0], sizes.get(i)[1], lines, false));
            ocrPages[i] = true;
        }
        new PageAssembler(b).assemble(pages, ocrPages);
        return new ImageResult(b.build(0), OcrStatus.DONE);
    }

    private static List<float[]> imageSizes(Path file) throws ParseException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            var readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new ParseException(file, ParseException.Reason.CORRUPT, "the image cannot be decoded");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                int n = Math.max(1, reader.getNumImages(true));
                List<float[]> out = new ArrayList<>();
                for (int i = 0; i < n && i < 2_000; i++) {
                    out.add(new float[] {reader.getWidth(i), reader.getHeight(i)});
                }
                return out;
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new ParseException(file, ParseException.Reason.CORRUPT, "the image cannot be decoded: " + e.getMessage(), e);
        }
    }

    private String readText(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int bom = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, bom, bytes.length - bom)).toString();
        } catch (CharacterCodingException e) {
            CharsetDetector detector = new CharsetDetector();
            detector.setText(bytes);
            CharsetMatch match = detector.detect();
            Charset cs = match == null ? StandardCharsets.ISO_8859_1 : Charset.forName(match.getName());
            LOG.debug("{} is not UTF-8; reading it as {}", file, cs);
            return new String(bytes, cs);
        }
    }

    private static boolean isMarkdownName(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".md") || n.endsWith(".markdown");
    }

    private static String describeUnsupported(String type) {
        if (type.equals("application/zip") || type.contains("x-tar") || type.contains("gzip") || type.contains("x-7z")
                || type.contains("x-rar")) {
            return "archives (" + type + ") are not documents: extract them and add the files inside";
        }
        if (type.equals("application/octet-stream")) {
            return "its content is not a recognisable document format";
        }
        return type + " is not a supported document format (PDF, Word, Excel, PowerPoint, OpenDocument, RTF, HTML, "
                + "text, Markdown, CSV, e-mail, or PNG/JPEG/TIFF images)";
    }

    /** Formats whose files are never plain text, by extension. */
    private static final java.util.Map<String, String> BINARY_FORMAT_NAMES = java.util.Map.ofEntries(
            java.util.Map.entry("pdf", "a PDF"), java.util.Map.entry("docx", "a Word"), java.util.Map.entry("doc", "a Word"),
            java.util.Map.entry("xlsx", "an Excel"), java.util.Map.entry("xls", "an Excel"),
            java.util.Map.entry("pptx", "a PowerPoint"), java.util.Map.entry("ppt", "a PowerPoint"),
            java.util.Map.entry("odt", "an OpenDocument"), java.util.Map.entry("ods", "an OpenDocument"),
            java.util.Map.entry("odp", "an OpenDocument"), java.util.Map.entry("png", "a PNG image"),
            java.util.Map.entry("jpg", "a JPEG image"), java.util.Map.entry("jpeg", "a JPEG image"),
            java.util.Map.entry("tif", "a TIFF image"), java.util.Map.entry("tiff", "a TIFF image"));

    private static String extension(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
    }

    private static String stripExtension(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    /** SHA-256 of the file's bytes, hex: the document's identity. */
    public static String sha256(Path file) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        } catch (NoSuchFileException e) {
            throw e;
        }
    }
}
