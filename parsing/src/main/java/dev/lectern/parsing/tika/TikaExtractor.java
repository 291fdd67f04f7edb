package dev.lectern.parsing.tika;

import dev.lectern.parsing.ParseException;
import dev.lectern.parsing.ParseOptions;
import dev.lectern.parsing.model.Metadata;
import dev.lectern.parsing.text.Deadline;
import dev.lectern.parsing.text.ParseAbort;
import dev.lectern.parsing.text.TextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.exception.ZeroByteFileException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Office;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.html.HtmlMapper;
import org.apache.tika.parser.microsoft.OfficeParserConfig;
import org.xml.sax.SAXException;

/**
 * Every non-PDF document format through Tika's parsers. The parser object is shared (Tika parsers
 * are thread-safe); handler, metadata and context are fresh for each file.
 */
public final class TikaExtractor {
    private static final Parser PARSER = new AutoDetectParser();
    /**
     * A Word file with a part (in practice its body, word/document.xml) larger than this is
     * streamed by Tika's SAX reader instead of loaded as one POI tree, which takes several times the
     * part's size in memory and sends no text (so no character-limit or deadline check) until it is
     * complete. Smaller files keep the tree reader, whose output the structure tests are written
     * against.
     */
    static final long STREAM_WORD_BODY_BYTES = 16L * 1024 * 1024;

    /** What the Tika path hands back to the parser facade. */
    public record Result(TextBuilder.Built built, Metadata metadata, String title, boolean paginated,
                         List<String> warnings) {
    }

    private final ParseOptions options;

    public TikaExtractor(ParseOptions options) {
        this.options = options;
    }

    public Result extract(Path file, String mediaType, Deadline deadline) throws ParseException {
        TextBuilder builder = new TextBuilder(options.maxChars(), deadline);
        boolean slides = mediaType.contains("presentation") || mediaType.contains("powerpoint");
        boolean html = mediaType.equals("text/html") || mediaType.equals("application/xhtml+xml");
        XhtmlStructureHandler handler = new XhtmlStructureHandler(builder, slides, html);
        org.apache.tika.metadata.Metadata md = new org.apache.tika.metadata.Metadata();
        md.set(TikaCoreProperties.RESOURCE_NAME_KEY, file.getFileName().toString());
        md.set(org.apache.tika.metadata.Metadata.CONTENT_TYPE, mediaType);
        if (mediaType.equals("text/csv") || mediaType.equals("text/tab-separated-values")) {
            // Tika's CSV sniffer calls short files plain text; the type is already known here
            md.set(TikaCoreProperties.CONTENT_TYPE_USER_OVERRIDE,
                    mediaType.equals("text/csv") ? "text/csv; delimiter=comma" : "text/tsv; delimiter=tab");
        }
        ZipContainerGuard.Inspection zip = ZipContainerGuard.inspect(file, deadline);
        ParseContext context = new ParseContext();
        boolean word = mediaType.contains("wordprocessingml")
                || mediaType.equals("application/vnd.ms-word.document.macroenabled.12");
        if (word && zip.largestPart() > STREAM_WORD_BODY_BYTES) {
            OfficeParserConfig office = new OfficeParserConfig();
            office.setUseSAXDocxExtractor(true);
            context.set(OfficeParserConfig.class, office);
        }
        if (html) {
            // only for HTML files: an e-mail's HTML body goes through the same context, and its
            // handler does not know to ignore the elements this mapper passes through
            context.set(HtmlMapper.class, HiddenAwareHtmlMapper.INSTANCE);
        }
        try (InputStream in = TikaInputStream.get(file, md)) {
            PARSER.parse(in, handler, md, context);
        } catch (ParseAbort e) {
            throw e;
        } catch (EncryptedDocumentException e) {
            throw new ParseException(file, ParseException.Reason.ENCRYPTED,
                    "open it with its password and save an unprotected copy", e);
        } catch (ZeroByteFileException e) {
            throw new ParseException(file, ParseException.Reason.EMPTY, "the file is zero bytes long", e);
        } catch (TikaException | SAXException e) {
            ParseAbort abort = abortIn(e);
            if (abort != null) {
                throw abort;
            }
            if (isEncrypted(e)) {
                throw new ParseException(file, ParseException.Reason.ENCRYPTED,
                        "open it with its password and save an unprotected copy", e);
            }
            throw new ParseException(file, ParseException.Reason.CORRUPT, rootMessage(e), e);
        } catch (IOException e) {
            throw new ParseException(file, ParseException.Reason.CORRUPT, rootMessage(e), e);
        }
        boolean paginated = slides && handler.sawPage();
        List<String> warnings = new ArrayList<>();
        int hidden = handler.hiddenElements();
        if (hidden > 0) {
            warnings.add(hidden + (hidden == 1 ? " hidden element was" : " hidden elements were")
                    + " left out (the hidden attribute, or an inline style display:none or visibility:hidden):"
                    + " a browser does not show their text");
        }
        return new Result(builder.build(0), metadata(md), title(md), paginated, warnings);
    }

    private static ParseAbort abortIn(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ParseAbort a) {
                return a;
            }
        }
        return null;
    }

    private static boolean isEncrypted(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof EncryptedDocumentException
                    || c.getClass().getName().endsWith("EncryptedDocumentException")) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage();
        return m == null ? c.getClass().getSimpleName() : m;
    }

    private static String title(org.apache.tika.metadata.Metadata md) {
        String t = md.get(TikaCoreProperties.TITLE);
        if (t == null || t.isBlank()) {
            t = md.get(TikaCoreProperties.SUBJECT);
        }
        return t == null || t.isBlank() ? null : t.strip();
    }

    private static Metadata metadata(org.apache.tika.metadata.Metadata md) {
        Map<String, String> extra = new LinkedHashMap<>();
        for (String name : md.names()) {
            if (name.startsWith("X-TIKA") || name.startsWith("X-Parsed-By") || name.equals("Content-Type")
                    || name.equals(TikaCoreProperties.RESOURCE_NAME_KEY)) {
                continue;
            }
            String v = md.get(name);
            if (v != null && !v.isBlank() && v.length() <= 500) {
                extra.put(name, v.strip());
            }
        }
        String author = md.get(TikaCoreProperties.CREATOR);
        if (author == null) {
            author = md.get(Office.AUTHOR);
        }
        return new Metadata(author, instant(md.getDate(TikaCoreProperties.CREATED)),
                instant(md.getDate(TikaCoreProperties.MODIFIED)), extra);
    }

    private static Instant instant(Date d) {
        return d == null ? null : d.toInstant();
    }
}
