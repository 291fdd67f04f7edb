package dev.lectern.app.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lectern.app.Counts;
import dev.lectern.app.answer.StructuredExtractor;
import dev.lectern.app.workspace.FileOutcome;
import dev.lectern.app.workspace.IngestListener;
import dev.lectern.app.workspace.IngestReport;
import dev.lectern.app.workspace.Workspace;
import dev.lectern.app.workspace.Workspaces;
import dev.lectern.indexing.IndexedDocument;
import dev.lectern.inference.Generator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "extract", mixinStandardHelpOptions = true,
        description = {"Fill a JSON schema from one document, each field with the passage it was read from.",
                "The model can only write JSON of the schema's shape (grammar-constrained decoding)."})
final class ExtractCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    LecternCommand root;

    @Option(names = "--schema", required = true, paramLabel = "FILE.json",
            description = "A JSON object schema whose properties are the fields to fill (descriptions help).")
    Path schemaFile;

    @Parameters(paramLabel = "DOC", description = "The document: a file (ingested if needed), or with -w a document of that workspace.")
    String doc;

    @Option(names = {"-w", "--workspace"}, paramLabel = "NAME", description = "Find DOC in this workspace instead of ingesting a file.")
    String workspace;

    @Mixin
    ModelOptions modelOptions;

    /** The exit status when the model's output was cut short before any field got a value (the JSON is still printed). */
    static final int EXIT_NOTHING_EXTRACTED = 1;

    private static final Pattern START_MARKER = Pattern.compile(
            "\\s*\\(start marker at \\[Source: .*?; line: (\\d+), column: (\\d+)]\\)");
    private static final Pattern SOURCE = Pattern.compile("\\s*(at )?\\[Source: .*?]");

    /**
     * The schema in {@code file}, checked before any document is read or model loaded.
     *
     * @throws IllegalArgumentException naming the file and, for bad JSON, the line, column and a short reason
     */
    static JsonNode readSchema(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("schema file " + file + " not found");
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("schema file " + file + " cannot be read: permission denied");
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("schema file " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new IllegalArgumentException("schema file " + file + (Files.isDirectory(file) ? " is a folder, not a JSON file"
                    : " cannot be read: " + e.getMessage()));
        }
        if (text.isBlank()) {
            throw new IllegalArgumentException("schema file " + file + " is empty: write a JSON object schema, e.g. "
                    + "{\"type\":\"object\",\"properties\":{\"governing_law\":{\"type\":\"string\"}}}");
        }
        JsonNode schema;
        try {
            schema = new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new IllegalArgumentException("schema file " + file + " is not valid JSON"
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()) + ": "
                    + shortReason(e.getOriginalMessage()));
        }
        try {
            StructuredExtractor.fields(schema);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        return schema;
    }

    /** Jackson's message without its source description and internals: its first line, the opening brace's place in words. */
    static String shortReason(String message) {
        String m = message == null ? "" : message.lines().findFirst().orElse("").strip();
        m = START_MARKER.matcher(m).replaceAll(" (opened at line $1, column $2)");
        m = SOURCE.matcher(m).replaceAll("");
        return m.isEmpty() ? "unreadable" : Character.toLowerCase(m.charAt(0)) + m.substring(1);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        JsonNode schema;
        try {
            schema = readSchema(schemaFile);
        } catch (IllegalArgumentException e) {
            err.println("lectern: " + e.getMessage());
            return ParseCommand.EXIT_BAD_INPUT;
        }
        AtomicBoolean cancelled = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> cancelled.set(true)));
        Workspaces workspaces = new Workspaces(root.dataDirectory());
        if (workspace != null) {
            WorkspaceOptions.requireExisting(workspaces, workspace);
        }
        String name = workspace != null ? workspace : Workspaces.scratchName(List.of(Path.of(doc)));
        Generator generator = null;
        try (Workspace w = workspaces.open(name, Workspaces.Options.defaults())) {
            IndexedDocument target;
            if (workspace == null) {
                Path file = Path.of(doc);
                if (!Files.isRegularFile(file)) {
                    err.println("lectern: " + doc + " is not a file");
                    return ParseCommand.EXIT_BAD_INPUT;
                }
                IngestReport report = w.ingest(List.of(file), IngestListener.NONE, cancelled::get);
                FileOutcome o = report.files().get(0);
                if (o.status() == FileOutcome.Status.FAILED) {
                    err.println("lectern: " + o.message());
                    return ParseCommand.EXIT_BAD_INPUT;
                }
                target = w.index().documentAt(file.toAbsolutePath().normalize().toString())
                        .or(() -> w.index().documents().stream().findFirst()).orElseThrow();
            } else {
                List<IndexedDocument> found = w.find(doc);
                if (found.size() != 1) {
                    err.println("lectern: " + (found.isEmpty() ? "no document matches '" + doc + "' in workspace " + name
                            : "'" + doc + "' matches " + Counts.of(found.size(), "document") + "; give more of its name or id"));
                    return ParseCommand.EXIT_BAD_INPUT;
                }
                target = found.get(0);
            }
            generator = modelOptions.start(root.dataDirectory(), err);
            StructuredExtractor.Extraction x = new StructuredExtractor(w.index(), generator).extract(target, schema,
                    cancelled::get);
            x.notices().forEach(n -> err.println("lectern: " + n));
            // printed even when nothing was extracted, so a script still sees the schema's shape
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(x.toJson()));
            out.flush();
            return x.nothingExtracted() ? EXIT_NOTHING_EXTRACTED : 0;
        } finally {
            if (generator != null) {
                generator.close();
            }
        }
    }
}
