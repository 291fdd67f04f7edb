package dev.lectern.app.workspace;

import dev.lectern.indexing.IndexedDocument;
import dev.lectern.indexing.Passage;
import dev.lectern.indexing.SearchRequest;
import dev.lectern.indexing.WorkspaceIndex;
import dev.lectern.parsing.Chunker;
import dev.lectern.parsing.DocumentParser;
import dev.lectern.parsing.ParseException;
import dev.lectern.parsing.model.Chunk;
import dev.lectern.parsing.model.Document;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A named collection of documents and its index. Ingest is staged: every file is parsed and its
 * chunks committed (keyword search works) before any vectors are computed, so a large batch is
 * searchable long before it is fully ready, and a crash at any point resumes from the last commit.
 */
public final class Workspace implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Workspace.class);

    private final String name;
    private final WorkspaceIndex index;
    private final DocumentParser parser;
    private final Chunker chunker;
    private final int parseThreads;

    public Workspace(String name, WorkspaceIndex index, DocumentParser parser, Chunker chunker, int parseThreads) {
        if (parseThreads < 1) {
            throw new IllegalArgumentException("parseThreads must be at least 1, got " + parseThreads);
        }
        this.name = name;
        this.index = index;
        this.parser = parser;
        this.chunker = chunker;
        this.parseThreads = parseThreads;
    }

    public String name() {
        return name;
    }

    /** The parser this workspace ingests with: reading a document again with it gives the same offsets. */
    public DocumentParser parser() {
        return parser;
    }

    public WorkspaceIndex index() {
        return index;
    }

    public List<Passage> search(SearchRequest r) throws IOException {
        return index.retrieve(r);
    }

    /** Every regular, non-hidden file under the given files and folders, in a stable order. */
    public static List<Path> expand(List<Path> inputs) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path in : inputs) {
            if (Files.isDirectory(in)) {
                try (Stream<Path> s = Files.walk(in)) {
                    s.filter(Files::isRegularFile).filter(p -> !isHidden(in, p)).sorted().forEach(out::add);
                }
            } else {
                out.add(in);
            }
        }
        return out;
    }

    private static boolean isHidden(Path root, Path p) {
        for (Path part : root.relativize(p)) {
            String n = part.toString();
            if (n.startsWith(".") || n.startsWith("~$")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Ingests files and folders: unchanged files are skipped by content hash, changed files replace
     * their old version, bad files are reported and the rest go on. Keyword search covers each
     * document as soon as its outcome is reported; vectors follow for all of them at the end.
     */
    public IngestReport ingest(List<Path> inputs, IngestListener listener, BooleanSupplier cancelled) throws IOException {
        List<Path> files = expand(inputs);
        listener.started(files.size());
        long t0 = System.nanoTime();
        List<FileOutcome> outcomes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(parseThreads, r -> {
            Thread t = new Thread(r, "lectern-ingest");
            t.setDaemon(true);
            return t;
        });
        try {
            CompletionService<FileOutcome> done = new ExecutorCompletionService<>(pool);
            List<Future<FileOutcome>> futures = new ArrayList<>();
            for (Path f : files) {
                futures.add(done.submit(() -> ingestOne(f, listener, cancelled)));
            }
            for (int i = 0; i < files.size(); i++) {
                FileOutcome o;
                try {
                    o = done.take().get();
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    LOG.warn("ingest failed unexpectedly", c);
                    o = FileOutcome.failed(null, "FAILED", String.valueOf(c));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                outcomes.add(o);
                listener.finished(o, outcomes.size(), files.size());
            }
        } finally {
            pool.shutdownNow();
        }
        outcomes.sort(Comparator.comparing(o -> o.file() == null ? "" : o.file().toString()));
        double keywordSeconds = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        long embedded = 0;
        if (!cancelled.getAsBoolean()) {
            embedded = index.embedPending((dd, dt, cd, ct, title) -> listener.embedding(cd, ct, title), cancelled);
        }
        return new IngestReport(outcomes, keywordSeconds, (System.nanoTime() - t1) / 1e9, embedded,
                cancelled.getAsBoolean());
    }

    /** The note of a file indexed before, unchanged and at the same place. */
    public static final String ALREADY_INDEXED = "already indexed";
    /** The reason of an unchanged outcome for a copy of a document indexed from another file. */
    public static final String COPY = "COPY";

    private FileOutcome ingestOne(Path file, IngestListener listener, BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) {
            return FileOutcome.failed(file, "CANCELLED", file.getFileName() + " was not read: the ingest was cancelled");
        }
        boolean outdated = false;
        String movedFrom = null;
        try {
            String id = DocumentParser.sha256(file);
            outdated = index.outdated(id);
            Optional<IndexedDocument> known = index.document(id);
            if (known.isPresent() && !outdated) {
                IndexedDocument d = known.get();
                String here = file.toAbsolutePath().normalize().toString();
                if (d.path().equals(here)) {
                    return new FileOutcome(file, FileOutcome.Status.UNCHANGED, id, d.pages(), d.chunks(), ALREADY_INDEXED, null);
                }
                if (Files.exists(Path.of(d.path()))) {
                    // a copy: indexed once, so that a question does not find every passage twice
                    return new FileOutcome(file, FileOutcome.Status.UNCHANGED, id, d.pages(), d.chunks(),
                            "same content as " + d.path() + ", which is indexed already", COPY);
                }
                // moved or renamed: its citations must open the file where it is now
                movedFrom = d.path();
            }
        } catch (IOException e) {
            // reported below by the parser with a proper reason
        }
        listener.parsing(file);
        Document doc;
        try {
            doc = parser.extract(file);
        } catch (ParseException e) {
            return FileOutcome.failed(file, e.reason().name(), e.getMessage());
        }
        List<Chunk> chunks = chunker.chunk(doc);
        boolean replaced = movedFrom != null || index.documentAt(doc.source().toString()).isPresent();
        try {
            if (!index.addDocument(doc, chunks)) {
                return new FileOutcome(file, FileOutcome.Status.UNCHANGED, doc.id(), doc.pages().size(), chunks.size(),
                        ALREADY_INDEXED, null);
            }
        } catch (IOException e) {
            return FileOutcome.failed(file, "INDEX", file.getFileName() + " could not be indexed: " + e.getMessage());
        }
        List<String> notes = new java.util.ArrayList<>(doc.warnings());
        if (outdated) {
            notes.add(0, "indexed again: an earlier version of Lectern had indexed it in an older format (its chunks or index fields have changed since)");
        }
        if (movedFrom != null) {
            notes.add(0, "moved: it was indexed from " + movedFrom + ", which is no longer there");
        }
        String note = String.join("; ", notes);
        return new FileOutcome(file, replaced ? FileOutcome.Status.REPLACED : FileOutcome.Status.ADDED, doc.id(),
                doc.paginated() ? doc.pages().size() : 0, chunks.size(), note, null,
                doc.ocr() == dev.lectern.parsing.model.OcrStatus.NEEDS_OCR);
    }

    /** Finds a document by id, id prefix, path or file name; empty when none or several match. */
    public List<IndexedDocument> find(String ref) {
        List<IndexedDocument> out = new ArrayList<>();
        String lower = ref.toLowerCase(Locale.ROOT);
        for (IndexedDocument d : index.documents()) {
            if (d.id().equals(ref) || (ref.length() >= 6 && d.id().startsWith(ref)) || d.path().equals(ref)
                    || Path.of(d.path()).getFileName().toString().toLowerCase(Locale.ROOT).equals(lower)) {
                out.add(d);
            }
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        index.close();
    }
}
