package dev.lectern.ui.vm;

import dev.lectern.app.Counts;
import dev.lectern.app.workspace.FileOutcome;
import dev.lectern.app.workspace.IngestListener;
import dev.lectern.app.workspace.IngestReport;
import dev.lectern.app.workspace.Workspace;
import dev.lectern.indexing.IndexedDocument;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The library pane of one workspace: its documents with their status, adding files and folders
 * with progress per document and for the batch, cancel, remove and re-index. All index work runs
 * on {@code background}; every state change is published through {@code ui}.
 */
public final class LibraryViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(LibraryViewModel.class);

    private final Workspace workspace;
    private final Executor background;
    private final UiThread ui;

    /** Rows by file path, in the order they appeared; read and written on the UI thread only. */
    private final Map<String, DocRow> rows = new LinkedHashMap<>();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicInteger pending = new AtomicInteger();

    public final Prop<List<DocRow>> documents = new Prop<>(List.of());
    /** Batch progress 0..1, -1 while unknown; {@code busy} says whether a batch runs. */
    public final Prop<Double> batchProgress = new Prop<>(0.0);
    public final Prop<String> batchText = new Prop<>("");
    public final Prop<Boolean> busy = new Prop<>(false);
    /** Counts finished batches: tests and the stall benchmark wait on it. */
    public final Prop<Integer> batchesDone = new Prop<>(0);

    public LibraryViewModel(Workspace workspace, Executor background, UiThread ui) {
        this.workspace = workspace;
        this.background = background;
        this.ui = ui;
        if (readOnly()) {
            batchText.set(READ_ONLY_NOTE);
        }
    }

    public String workspaceName() {
        return workspace.name();
    }

    /** What the library says while another Lectern holds the workspace and this window can only read it. */
    public static final String READ_ONLY_NOTE = "Read only: another Lectern (a running ingest or watch) has this "
            + "workspace open. Its documents can be searched and asked about; close that one to add or remove documents.";

    /** Whether another Lectern holds the workspace, so this window reads it as last saved and changes nothing. */
    public boolean readOnly() {
        return workspace.index().readOnly();
    }

    /** True (and says why) when a change cannot be made because the workspace is read only here. */
    private boolean refusedReadOnly() {
        if (readOnly()) {
            ui.run(() -> batchText.set(READ_ONLY_NOTE));
            return true;
        }
        return false;
    }

    public Workspace workspace() {
        return workspace;
    }

    private final java.util.List<Thread> watchers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean closed;
    /** The folders this workspace watches. */
    public final Prop<List<Path>> watched = new Prop<>(List.of());

    /**
     * Watches folders while the app runs: catches up at once (changes made while it was closed),
     * then ingests new and changed files and removes deleted ones as they happen.
     */
    public void watch(List<Path> folders) {
        if (refusedReadOnly()) {
            return;
        }
        List<Path> ok = folders.stream().filter(java.nio.file.Files::isDirectory).toList();
        if (ok.isEmpty()) {
            return;
        }
        List<Path> all = new ArrayList<>(watched.get());
        all.addAll(ok);
        watched.set(List.copyOf(all));
        dev.lectern.app.watch.FolderWatcher fw = new dev.lectern.app.watch.FolderWatcher(workspace, ok,
                java.time.Duration.ofMillis(1500));
        Runnable sync = () -> {
            pending.incrementAndGet();
            ui.run(() -> busy.set(true));
            background.execute(() -> {
                try {
                    fw.sync(new Listener(workspace.index().embeddingModel() != null), () -> closed || cancelled.get());
                    List<IndexedDocument> docs = workspace.index().documents();
                    boolean vectors = workspace.index().embeddingModel() != null;
                    ui.run(() -> applyIndex(docs, vectors, false));
                } catch (IOException | RuntimeException e) {
                    LOG.warn("syncing watched folders failed", e);
                } finally {
                    ui.run(this::taskDone);
                }
            });
        };
        sync.run();
        Thread t = new Thread(() -> {
            try {
                fw.watch(() -> closed, sync);
            } catch (IOException e) {
                LOG.warn("watching {} stopped", ok, e);
            }
        }, "lectern-watch");
        t.setDaemon(true);
        t.start();
        watchers.add(t);
    }

    /** Stops watching folders. */
    public void close() {
        closed = true;
        cancelled.set(true);
    }

    /**
     * Computes the vectors of documents left at keyword search by another Lectern (an ingest with
     * --no-vectors, a watch, one stopped before it got there), so that they do not wait for the next add.
     */
    public void catchUpVectors() {
        if (readOnly() || workspace.index().embeddingModel() == null) {
            return;
        }
        pending.incrementAndGet();
        ui.run(() -> busy.set(true));
        background.execute(() -> {
            try {
                if (workspace.index().documents().stream().anyMatch(d -> d.stage() == IndexedDocument.Stage.KEYWORD)) {
                    Listener progress = new Listener(true);
                    workspace.index().embedPending((dd, dt, cd, ct, title) -> progress.embedding(cd, ct, title),
                            () -> closed || cancelled.get());
                    List<IndexedDocument> docs = workspace.index().documents();
                    ui.run(() -> {
                        applyIndex(docs, true, false);
                        batchProgress.set(1.0);
                        batchText.set("Semantic search is ready for every document");
                    });
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("computing the vectors left to do failed", e);
            } finally {
                ui.run(this::taskDone);
            }
        });
    }

    /** One background task has ended: the library is idle when it was the last. Call on the UI thread. */
    private void taskDone() {
        if (pending.decrementAndGet() == 0) {
            busy.set(false);
        }
    }

    /** Reloads the rows from the index (on the background executor). */
    public void refresh() {
        background.execute(() -> {
            List<IndexedDocument> docs = workspace.index().documents();
            boolean vectors = workspace.index().embeddingModel() != null;
            ui.run(() -> applyIndex(docs, vectors, false));
        });
    }

    /** Adds files and folders: each becomes a queued row at once, then parses, embeds and turns ready. */
    public void add(List<Path> inputs) {
        if (inputs.isEmpty() || refusedReadOnly()) {
            return;
        }
        pending.incrementAndGet();
        busy.set(true);
        cancelled.set(false);
        background.execute(() -> ingest(inputs));
    }

    /** Stops the running batch: files not yet parsed are skipped, vectors wait for the next ingest. */
    public void cancel() {
        cancelled.set(true);
        batchText.set("Cancelling...");
    }

    /** Removes a document from the workspace (a failed row is only dismissed). */
    public void remove(DocRow row) {
        if (refusedReadOnly()) {
            return;
        }
        if (row.docId() == null) {
            rows.remove(row.path());
            publish();
            return;
        }
        background.execute(() -> {
            try {
                workspace.index().remove(row.docId());
            } catch (IOException e) {
                LOG.warn("could not remove {}", row.path(), e);
                ui.run(() -> {
                    rows.put(row.path(), row.with(DocRow.Status.FAILED, "could not remove: " + e.getMessage(), 0));
                    publish();
                });
                return;
            }
            List<IndexedDocument> docs = workspace.index().documents();
            boolean vectors = workspace.index().embeddingModel() != null;
            ui.run(() -> {
                rows.remove(row.path());
                applyIndex(docs, vectors, false);
            });
        });
    }

    /** Reads a document's file again from scratch: removed from the index, then ingested anew. */
    public void reindex(DocRow row) {
        if (refusedReadOnly()) {
            return;
        }
        pending.incrementAndGet();
        busy.set(true);
        cancelled.set(false);
        background.execute(() -> {
            try {
                if (row.docId() != null) {
                    workspace.index().remove(row.docId());
                }
            } catch (IOException e) {
                LOG.warn("could not remove {} before re-indexing", row.path(), e);
            }
            ingest(List.of(Path.of(row.path())));
        });
    }

    private void ingest(List<Path> inputs) {
        try {
            List<Path> files = Workspace.expand(inputs);
            ui.run(() -> {
                for (Path f : files) {
                    String key = key(f);
                    DocRow old = rows.get(key);
                    rows.put(key, new DocRow(key, old == null ? null : old.docId(), f.getFileName().toString(),
                            DocRow.Status.QUEUED, null, old == null ? 0 : old.pages(), old == null ? null : old.added(), 0));
                }
                batchProgress.set(0.0);
                batchText.set("Adding " + Counts.of(files.size(), "document"));
                publish();
            });
            boolean vectors = workspace.index().embeddingModel() != null;
            IngestReport report = workspace.ingest(files, new Listener(vectors), cancelled::get);
            List<IndexedDocument> docs = workspace.index().documents();
            ui.run(() -> {
                for (FileOutcome o : report.files()) {
                    if (o.file() != null && o.status() == FileOutcome.Status.FAILED) {
                        rows.put(key(o.file()), failedRow(o));
                    }
                }
                applyIndex(docs, vectors, report.cancelled());
                batchText.set(summary(report, docs));
                batchProgress.set(1.0);
            });
        } catch (IOException | RuntimeException e) {
            LOG.warn("ingest failed", e);
            ui.run(() -> batchText.set("Adding failed: " + e.getMessage()));
        } finally {
            ui.run(() -> {
                taskDone();
                batchesDone.set(batchesDone.get() + 1);
            });
        }
    }

    private final class Listener implements IngestListener {
        private final boolean vectors;
        private volatile int total;

        Listener(boolean vectors) {
            this.vectors = vectors;
        }

        @Override
        public void started(int total) {
            this.total = total;
        }

        @Override
        public void parsing(Path file) {
            ui.run(() -> update(key(file), r -> r.with(DocRow.Status.PARSING, null, -1)));
        }

        @Override
        public void finished(FileOutcome o, int done, int total) {
            double share = vectors ? 0.5 : 1.0;
            ui.run(() -> {
                if (o.file() != null) {
                    String key = key(o.file());
                    if (o.status() == FileOutcome.Status.FAILED) {
                        rows.put(key, failedRow(o));
                    } else {
                        DocRow old = rows.get(key);
                        boolean ocr = o.needsOcr();
                        DocRow.Status s = ocr ? DocRow.Status.NEEDS_OCR
                                : o.status() == FileOutcome.Status.UNCHANGED ? (old != null && old.status() == DocRow.Status.READY
                                ? DocRow.Status.READY : DocRow.Status.KEYWORD)
                                : vectors ? DocRow.Status.KEYWORD : DocRow.Status.KEYWORD_ONLY;
                        rows.put(key, new DocRow(key, o.docId(), o.file().getFileName().toString(), s,
                                ocr ? o.message() : null, o.pages(), old == null ? null : old.added(), vectors ? 0.5 : 1.0));
                    }
                    publish();
                }
                batchProgress.set(share * done / Math.max(1, total));
                batchText.set("Parsed " + done + " of " + total);
            });
        }

        @Override
        public void embedding(long chunksDone, long chunksTotal, String currentTitle) {
            double f = chunksTotal <= 0 ? 1.0 : chunksDone / (double) chunksTotal;
            ui.run(() -> {
                boolean changed = false;
                for (DocRow r : List.copyOf(rows.values())) {
                    if (r.status() == DocRow.Status.KEYWORD || r.status() == DocRow.Status.EMBEDDING) {
                        boolean current = currentTitle != null && (currentTitle.equals(r.title()) || r.path().endsWith(currentTitle));
                        rows.put(r.path(), r.with(DocRow.Status.EMBEDDING, null, current ? 0.5 + f / 2 : r.progress()));
                        changed = true;
                    }
                }
                if (changed) {
                    publish();
                }
                batchProgress.set(0.5 + f / 2);
                batchText.set(String.format(Locale.ROOT, "Embedding %d of %d passages (keyword search already works)",
                        chunksDone, chunksTotal));
            });
        }
    }

    /** Rows of the index's documents, keeping failed and in-flight rows of this session. */
    private void applyIndex(List<IndexedDocument> docs, boolean vectors, boolean cancelledBatch) {
        Map<String, DocRow> indexed = new LinkedHashMap<>();
        for (IndexedDocument d : docs) {
            DocRow.Status s = d.stage() == IndexedDocument.Stage.READY ? DocRow.Status.READY
                    : vectors ? DocRow.Status.KEYWORD : DocRow.Status.KEYWORD_ONLY;
            DocRow old = rows.get(d.path());
            String reason = old != null && old.status() == DocRow.Status.NEEDS_OCR ? old.reason() : null;
            if (reason != null) {
                s = DocRow.Status.NEEDS_OCR;
            }
            indexed.put(d.path(), new DocRow(d.path(), d.id(), d.title() == null || d.title().isBlank()
                    ? Path.of(d.path()).getFileName().toString() : d.title(), s, reason, d.paginated() ? d.pages() : 0,
                    d.added(), s == DocRow.Status.KEYWORD ? 0.5 : 1.0));
        }
        List<String> gone = new ArrayList<>();
        for (DocRow r : rows.values()) {
            if (!indexed.containsKey(r.path())) {
                if (r.status() == DocRow.Status.FAILED) {
                    continue;
                }
                if (r.docId() != null || cancelledBatch || r.status() == DocRow.Status.QUEUED && pending.get() <= 1) {
                    gone.add(r.path());
                }
            }
        }
        gone.forEach(rows::remove);
        rows.putAll(indexed);
        publish();
    }

    private static DocRow failedRow(FileOutcome o) {
        String why = o.message() == null ? o.reason() : o.message();
        return new DocRow(key(o.file()), null, o.file().getFileName().toString(), DocRow.Status.FAILED, why, 0, null, 0);
    }

    private void update(String key, java.util.function.UnaryOperator<DocRow> f) {
        DocRow r = rows.get(key);
        if (r != null) {
            rows.put(key, f.apply(r));
            publish();
        }
    }

    private void publish() {
        documents.set(List.copyOf(rows.values()));
    }

    /** Rows are keyed like the index stores paths: absolute and normalised. */
    private static String key(Path p) {
        return p.toAbsolutePath().normalize().toString();
    }

    private static String summary(IngestReport r, List<IndexedDocument> docs) {
        long added = r.count(FileOutcome.Status.ADDED) + r.count(FileOutcome.Status.REPLACED);
        long failed = r.count(FileOutcome.Status.FAILED);
        List<FileOutcome> copies = r.files().stream().filter(o -> Workspace.COPY.equals(o.reason())).toList();
        long same = r.count(FileOutcome.Status.UNCHANGED) - copies.size();
        StringBuilder sb = new StringBuilder(r.cancelled() ? "Cancelled: " : "Done: ");
        sb.append(Counts.of(added, "document")).append(" added");
        if (same > 0) {
            sb.append(", ").append(same).append(" unchanged");
        }
        if (copies.size() == 1) {
            // the copy gets no row of its own: say where its text already is
            FileOutcome copy = copies.get(0);
            String original = docs.stream().filter(d -> d.id().equals(copy.docId())).map(d -> Path.of(d.path()).getFileName().toString())
                    .findFirst().orElse("a document already in the library");
            sb.append(", ").append(copy.file().getFileName()).append(" is a copy of ").append(original);
        } else if (copies.size() > 1) {
            sb.append(", ").append(copies.size()).append(" copies of documents already in the library");
        }
        if (failed > 0) {
            sb.append(", ").append(failed).append(" failed");
        }
        return sb.toString();
    }
}
