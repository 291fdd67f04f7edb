package dev.lectern.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lectern.app.json.DocumentJson;
import dev.lectern.parsing.DocumentParser;
import dev.lectern.parsing.ParseException;
import dev.lectern.parsing.ParseOptions;
import dev.lectern.parsing.chunk.StructureChunker;
import dev.lectern.parsing.model.Chunk;
import dev.lectern.parsing.model.Document;
import dev.lectern.parsing.model.Section;
import dev.lectern.parsing.model.Table;
import dev.lectern.parsing.text.LanguageGuess;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "parse", mixinStandardHelpOptions = true,
        description = "Parse one document and show what was understood: metadata, pages, sections, tables, chunks.")
final class ParseCommand implements Callable<Integer> {
    static final int EXIT_BAD_INPUT = 2;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The document to parse.")
    Path file;

    @Option(names = "--json", description = "Print one JSON object with text, pages, sections, tables and chunks.")
    boolean json;

    @Option(names = "--boxes", description = "With --json: include every word's box on its page (PDFs and OCR).")
    boolean boxes;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "" + dev.lectern.app.workspace.Workspaces.INDEX_CHUNK_TOKENS,
            description = "Token budget of a chunk (default: ${DEFAULT-VALUE}, the chunks ingest indexes).")
    int maxTokens;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "Give up on the file after this many seconds (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--no-ocr", description = "Do not OCR pages without a text layer.")
    boolean noOcr;

    @Option(names = "--ocr-lang", paramLabel = "LANGS", defaultValue = "eng",
            description = "Tesseract languages, e.g. eng+deu (default: ${DEFAULT-VALUE}).")
    String ocrLanguages;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ParseOptions options = ParseOptions.DEFAULTS.withTimeout(Duration.ofSeconds(timeoutSeconds)).withOcr(!noOcr)
                .withOcrLanguages(ocrLanguages);
        Document doc;
        try {
            doc = new DocumentParser(options).extract(file);
        } catch (ParseException e) {
            err.println("lectern: " + e.getMessage());
            return EXIT_BAD_INPUT;
        }
        List<Chunk> chunks = new StructureChunker(dev.lectern.parsing.TokenCounter.APPROXIMATE, maxTokens).chunk(doc);
        if (json) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            out.println(mapper.writeValueAsString(DocumentJson.of(doc, chunks, boxes)));
        } else {
            printHuman(doc, chunks, out);
        }
        out.flush();
        return 0;
    }

    private static void printHuman(Document d, List<Chunk> chunks, PrintWriter out) {
        out.println(d.fileName());
        out.println("  title      " + d.title());
        out.println("  type       " + d.mediaType());
        out.println("  id         " + d.id());
        out.println("  language   " + LanguageGuess.displayName(d.language()) + " (" + d.language() + ")");
        if (d.metadata().author() != null) {
            out.println("  author     " + d.metadata().author());
        }
        if (d.metadata().created() != null) {
            out.println("  created    " + d.metadata().created());
        }
        if (d.metadata().modified() != null) {
            out.println("  modified   " + d.metadata().modified());
        }
        out.println("  characters " + d.text().length());
        out.println("  pages      " + (d.paginated() ? d.pages().size() : "none (not a paginated format)")
                + (d.emptyPages().isEmpty() || !d.paginated() ? "" : ", " + d.emptyPages().size() + " without text"));
        out.println("  OCR        " + switch (d.ocr()) {
            case NOT_NEEDED -> "not needed";
            case DONE -> "done";
            case NEEDS_OCR -> "NEEDED";
        });
        for (String w : d.warnings()) {
            out.println("  note       " + w);
        }
        out.println();
        out.println("Sections (" + d.sections().size() + ")");
        int shown = 0;
        for (Section s : d.sections()) {
            if (shown++ == 60) {
                out.println("  ... " + (d.sections().size() - 60) + " more");
                break;
            }
            out.println("  " + "  ".repeat(Math.min(s.level(), 6) - 1) + s.heading() + "  [p. " + d.pageAt(s.headingStart()).number() + "]");
        }
        out.println();
        out.println("Tables (" + d.tables().size() + ")");
        shown = 0;
        for (Table t : d.tables()) {
            if (shown++ == 20) {
                out.println("  ... " + (d.tables().size() - 20) + " more");
                break;
            }
            out.println("  p. " + d.pageAt(t.start()).number() + "  " + t.rows() + "x" + t.columns()
                    + (t.caption().isEmpty() ? "" : "  " + t.caption()));
        }
        out.println();
        out.println("Chunks (" + chunks.size() + ")");
        shown = 0;
        for (Chunk c : chunks) {
            if (shown++ == 30) {
                out.println("  ... " + (chunks.size() - 30) + " more (use --json for all)");
                break;
            }
            String pages = c.pageStart() == c.pageEnd() ? "p. " + c.pageStart() : "pp. " + c.pageStart() + "-" + c.pageEnd();
            String preview = c.text().replaceAll("\\s+", " ");
            if (preview.length() > 90) {
                preview = preview.substring(0, 87) + "...";
            }
            out.println("  " + c.id() + "  " + (d.paginated() ? pages + "  " : "") + c.tokens() + " tok  "
                    + String.join(" > ", c.headingPath()));
            out.println("      " + preview);
        }
    }
}
