package dev.lectern.app.watch;

import dev.lectern.app.workspace.IngestListener;
import dev.lectern.app.workspace.IngestReport;
import dev.lectern.app.workspace.Workspace;
import dev.lectern.indexing.IndexedDocument;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a workspace in step with folders: new and changed files are ingested, deleted ones removed.
 * {@link #sync} compares the folders with the index (a file is looked at again when it is not
 * indexed or was modified after it was added; ingest itself skips unchanged content by hash), so
 * the same call catches up on start with whatever happened while Lectern was closed.
 * {@link #watch} then waits for file-system events and syncs once they have been quiet for the
 * debounce time (editors and copies write a file in several steps).
 */
public final class FolderWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(FolderWatcher.class);

    /** What one sync did. */
    public record Changes(List<Path> ingested, List<String> removed, IngestReport report) {
        public boolean isEmpty() {
            return ingested.isEmpty() && removed.isEmpty();
        }
    }

    private final Workspace workspace;
    private final List<Path> folders;
    private final Duration debounce;

    public FolderWatcher(Workspace workspace, List<Path> folders, Duration debounce) {
        if (folders.isEmpty()) {
            throw new IllegalArgumentException("give at least one folder to watch");
        }
        for (Path f : folders) {
            if (!Files.isDirectory(f)) {
                throw new IllegalArgumentException(f + " is not a folder: watch a folder, or ingest a single file with `lectern ingest`");
            }
        }
        this.workspace = workspace;
        this.folders = folders.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        this.debounce = debounce;
    }

    public List<Path> folders() {
        return folders;
    }

    /** Brings the index in line with the folders now. */
    public synchronized Changes sync(IngestListener listener, BooleanSupplier cancelled) throws IOException {
        List<IndexedDocument> docs = workspace.index().documents();
        List<Path> files = Workspace.expand(folders);
        List<Path> toIngest = new ArrayList<>();
        for (Path f : files) {
            String key = f.toAbsolutePath().normalize().toString();
            IndexedDocument d = docs.stream().filter(x -> x.path().equals(key)).findFirst().orElse(null);
            if (d == null || Files.getLastModifiedTime(f).toInstant().isAfter(d.added())) {
                toIngest.add(f);
            }
        }
        List<String> removed = new ArrayList<>();
        for (IndexedDocument d : docs) {
            Path p = Path.of(d.path());
            if (folders.stream().anyMatch(p::startsWith) && !Files.exists(p)) {
                if (workspace.index().remove(d.id())) {
                    removed.add(d.path());
                    LOG.info("removed {}: the file was deleted", d.path());
                }
            }
        }
        IngestReport report = toIngest.isEmpty() ? null : workspace.ingest(toIngest, listener, cancelled);
        return new Changes(toIngest, removed, report);
    }

    /**
     * Waits for changes until {@code stop} turns true, calling {@code onChange} after each quiet
     * period that followed events (it should call {@link #sync}, perhaps on another thread).
     */
    public void watch(BooleanSupplier stop, Runnable onChange) throws IOException {
        try (WatchService ws = FileSystems.getDefault().newWatchService()) {
            for (Path f : folders) {
                registerTree(ws, f);
            }
            boolean dirty = false;
            long lastEvent = 0;
            while (!stop.getAsBoolean()) {
                WatchKey key;
                try {
                    key = ws.poll(200, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (ClosedWatchServiceException e) {
                    return;
                }
                if (key != null) {
                    Path dir = (Path) key.watchable();
                    for (var ev : key.pollEvents()) {
                        if (ev.context() instanceof Path name) {
                            Path child = dir.resolve(name);
                            if (ev.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(child)) {
                                registerTree(ws, child);
                            }
                        }
                    }
                    key.reset();
                    dirty = true;
                    lastEvent = System.nanoTime();
                } else if (dirty && System.nanoTime() - lastEvent >= debounce.toNanos()) {
                    dirty = false;
                    onChange.run();
                }
            }
        }
    }

    private static void registerTree(WatchService ws, Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path d : s.filter(Files::isDirectory).toList()) {
                d.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
        }
    }
}
