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
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
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

    /**
     * Every regular, non-hidden file under the given files and folders, in a stable order; with them
     * the folders that could not be read and the links that lead nowhere, which {@link #ingest}
     * reports as failed (one unreadable subfolder must not stop the rest of a folder).
     */
    public static List<Path> expand(List<Path> inputs) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path in : inputs) {
            if (Files.isDirectory(in)) {
                List<Path> found = new ArrayList<>();
                Files.walkFileTree(in, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        return dir.equals(in) || !isHidden(in, dir) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        if (!isHidden(in, file) && (Files.isRegularFile(file) || attrs.isSymbolicLink() && !Files.exists(file))) {
                            found.add(file); // a link to a file is followed; one to nothing is reported
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        if (!isHidden(in, file)) {
                            LOG.debug("cannot read {}", file, e);
                            found.add(file);
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
                found.sort(null);
                out.addAll(found);
            } else {
                out.add(in);
            }
        }
        return out;
    }

    /** Why a path {@link #expand} listed cannot be a document at all, or null when it may be one. */
    private static String notAFile(Path file) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        if (Files.isSymbolicLink(file) && !Files.exists(file)) {
            String target;
            try {
                target = Files.readSymbolicLink(file).toString();
            } catch (IOException e) {
                target = "a place that cannot be read";
            }
            return name + " is a link to " + target + ", which does not exist: skipped";
        }
        if (!Files.exists(file)) {
            return name + " does not exist (" + file.toAbsolutePath() + ")";
        }
        if (Files.isDirectory(file)) {
            return "the folder " + file + " cannot be read (permission denied): the files in it were skipped";
        }
        return null;
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
    /** The reason of a file the ingest did not read because it was cancelled first. */
    public static final String CANCELLED = "CANCELLED";
    /** The reason of a file read but not written to the index (the index failed). */
    public static final String INDEX_FAILED = "INDEX";
    /** The reason of a path that is no file to read: missing, a link to nothing, an unreadable folder. */
    public static final String NOT_A_FILE = dev.lectern.parsing.ParseException.Reason.NOT_FOUND.name();

    private FileOutcome ingestOne(Path file, IngestListener listener, BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) {
            return FileOutcome.failed(file, CANCELLED, file.getFileName() + " was not read: the ingest was cancelled");
        }
        String notAFile = notAFile(file);
        if (notAFile != null) {
            return FileOutcome.failed(file, NOT_A_FILE, notAFile);
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
                    // a copy: indexed once, so that a question does not find every passage twice; what
                    // this path held before (it was overwritten with the copy) must not be quoted any more
                    Optional<IndexedDocument> before = index.documentAt(here);
                    boolean dropped = before.isPresent() && !before.get().id().equals(id) && index.remove(before.get().id());
                    return new FileOutcome(file, FileOutcome.Status.UNCHANGED, id, d.pages(), d.chunks(),
                            "same content as " + d.path() + ", which is indexed already"
                                    + (dropped ? " (the earlier version of this file was removed from the index)" : ""), COPY);
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
            return FileOutcome.failed(file, INDEX_FAILED, file.getFileName() + " could not be indexed: " + e.getMessage());
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

    /**
     * Finds a document by id, id prefix, path (absolute, or relative to the working folder, as ingest
     * prints it) or file name; a file name that matches one document exactly in case wins over others
     * that match it only ignoring case. Empty when none match; several when it is ambiguous.
     */
    public List<IndexedDocument> find(String ref) {
        List<IndexedDocument> out = new ArrayList<>();
        String lower = ref.toLowerCase(Locale.ROOT);
        String absolute;
        try {
            absolute = Path.of(ref).toAbsolutePath().normalize().toString();
        } catch (java.nio.file.InvalidPathException e) {
            absolute = ref;
        }
        List<IndexedDocument> exactName = new ArrayList<>();
        for (IndexedDocument d : index.documents()) {
            String fileName = Path.of(d.path()).getFileName().toString();
            if (d.id().equals(ref) || (ref.length() >= 6 && d.id().startsWith(ref)) || d.path().equals(ref)
                    || d.path().equals(absolute) || fileName.toLowerCase(Locale.ROOT).equals(lower)) {
                out.add(d);
                if (fileName.equals(ref)) {
                    exactName.add(d);
                }
            }
        }
        return out.size() > 1 && exactName.size() == 1 ? exactName : out;
    }

    @Override
    public void close() throws IOException {
        index.close();
    }
}
