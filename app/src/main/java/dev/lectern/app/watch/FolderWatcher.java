package dev.lectern.app.watch;

import dev.lectern.app.workspace.FileOutcome;
import dev.lectern.app.workspace.IngestListener;
import dev.lectern.app.workspace.IngestReport;
import dev.lectern.app.workspace.Workspace;
import dev.lectern.indexing.IndexedDocument;
import dev.lectern.parsing.DocumentParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a workspace in step with folders: new and changed files are ingested, deleted ones removed.
 * {@link #sync} compares the folders with the index, so the same call catches up on start with
 * whatever happened while Lectern was closed. A file is taken as unchanged only while its size and
 * modification time are those recorded when it was last found in step with the index; otherwise
 * its content hash decides. A newer-than-indexed test is not enough: {@code cp -p}, {@code rsync -a},
 * restores and unpacked archives give a changed file an old modification time.
 * {@link #watch} then waits for file-system events and syncs once they have been quiet for the
 * debounce time (editors and copies write a file in several steps).
 *
 * <p>A watched folder that cannot be seen (moved away, a drive unplugged, a network share offline)
 * is unavailable, not empty: its documents stay in the index, it is reported once, and it is
 * checked every second until it is back, when it is watched again and caught up with. Only files
 * deleted from a folder that is there are removed.
 */
public final class FolderWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(FolderWatcher.class);

    /**
     * What one sync did. {@code unavailable}: watched folders that became unavailable since the last
     * sync (each is reported once); {@code availableAgain}: folders that were and are back;
     * {@code brokenLinks}: links in the folders to files that do not exist, each reported once.
     */
    public record Changes(List<Path> ingested, List<String> removed, IngestReport report,
                          List<Unavailable> unavailable, List<Path> availableAgain, List<BrokenLink> brokenLinks) {
        public Changes(List<Path> ingested, List<String> removed, IngestReport report) {
            this(ingested, removed, report, List.of(), List.of(), List.of());
        }

        /** True when the index did not change. */
        public boolean isEmpty() {
            return ingested.isEmpty() && removed.isEmpty();
        }
    }

    /** A watched folder that cannot be seen now, why, and how many documents from it the index keeps. */
    public record Unavailable(Path folder, String reason, int documentsKept) {
    }

    /** A symbolic link in a watched folder whose target does not exist: it is skipped. */
    public record BrokenLink(Path link, Path target) {
    }

    /** How often {@link #watch} looks whether a watched folder went away or came back. */
    private static final Duration ROOT_CHECK = Duration.ofSeconds(1);

    /**
     * How long after its last modification a file's size and time are trusted. A write within the
     * file system's time resolution (2 s on FAT, 1 s on some network shares) after we read the file
     * could keep both, so a stamp that recent is not recorded and the file is hashed next time.
     */
    private static final Duration RACY = Duration.ofSeconds(2);
    private static final String STATE_HEADER = "# lectern watch 1: size, modification time and content id of each "
            + "file last found in step with the index. A cache: deleting it only makes the next sync hash every file.";

    /** A file's size and modification time when it was found holding the document {@code id}. */
    private record Stamp(long size, Instant modified, String id) {
        boolean matches(BasicFileAttributes a) {
            return a.size() == size && a.lastModifiedTime().toInstant().equals(modified);
        }
    }

    private final Workspace workspace;
    private final List<Path> folders;
    private final Duration debounce;
    private final Path stateFile;
    /** By absolute path; guarded by this (sync is synchronized). */
    private final Map<String, Stamp> stamps = new HashMap<>();
    /**
     * Files that could not be read (encrypted, damaged, too large...), by path, with their size and
     * time then: skipped until either changes, so that a bad file is reported once and a slow one
     * (a decompression bomb can take minutes) is not parsed again on every change elsewhere. Kept in
     * memory only: a restart, perhaps with a Lectern that reads more, tries them again. Guarded by this.
     */
    private final Map<String, Stamp> failures = new HashMap<>();
    /** Broken links reported, with their targets then (a link pointed elsewhere is reported again); guarded by this. */
    private final Map<Path, Path> brokenLinks = new HashMap<>();
    /** The watched folders reported unavailable, and why; guarded by this. */
    private final Map<Path, String> unavailable = new HashMap<>();
    /**
     * The file store (drive, share) each watched folder was on when last seen holding files; guarded
     * by this. A folder found empty on another store is a mount point whose drive is not mounted.
     */
    private final Map<Path, String> stores = new HashMap<>();
    private Function<Path, String> storeOf = FolderWatcher::fileStore;

    /** A watcher that keeps what it learns in memory only: its first sync hashes every indexed file. */
    public FolderWatcher(Workspace workspace, List<Path> folders, Duration debounce) {
        this(workspace, folders, debounce, null);
    }

    /**
     * {@code stateFile} keeps each file's recorded size and modification time between runs, so a
     * restart does not read every indexed file again to find the few that changed; null: memory only.
     */
    public FolderWatcher(Workspace workspace, List<Path> folders, Duration debounce, Path stateFile) {
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
        this.stateFile = stateFile;
        loadState();
    }

    public List<Path> folders() {
        return folders;
    }

    /** Brings the index in line with the folders now. */
    public synchronized Changes sync(IngestListener listener, BooleanSupplier cancelled) throws IOException {
        List<IndexedDocument> docs = workspace.index().documents();
        Map<String, IndexedDocument> byPath = new HashMap<>();
        Set<String> ids = new HashSet<>();
        for (IndexedDocument d : docs) {
            byPath.put(d.path(), d);
            ids.add(d.id());
        }
        boolean stateChanged = false;
        List<Path> files = new ArrayList<>();
        List<Path> available = new ArrayList<>();
        List<Unavailable> newlyUnavailable = new ArrayList<>();
        List<Path> back = new ArrayList<>();
        Map<Path, Path> broken = new HashMap<>(); // links to nothing in the available folders, to their targets
        for (Path root : folders) {
            int kept = (int) docs.stream().filter(d -> Path.of(d.path()).startsWith(root)).count();
            List<Path> found = null;
            String why;
            if (!Files.exists(root)) {
                why = "it is not there (moved or renamed, or on a drive or network share that is not connected)";
            } else if (!Files.isDirectory(root)) {
                why = "it is no longer a folder";
            } else {
                try {
                    found = Workspace.expand(List.of(root));
                    why = null;
                } catch (IOException | java.io.UncheckedIOException e) {
                    // gone or unreadable halfway through the walk: nothing under it can be trusted to be deleted
                    why = "it cannot be read (" + e.getMessage() + ")";
                }
            }
            if (found != null) {
                String store = storeOf.apply(root);
                String before = stores.get(root);
                if (found.isEmpty() && kept > 0 && before != null && store != null && !before.equals(store)) {
                    why = "it is empty and on another drive than before (" + store + " instead of " + before
                            + "): is the drive or share that was mounted there not mounted?";
                    found = null;
                } else if (!found.isEmpty() && store != null && !store.equals(before)) {
                    stores.put(root, store);
                    stateChanged = true;
                }
            }
            if (found == null) {
                if (unavailable.put(root, why) == null) {
                    newlyUnavailable.add(new Unavailable(root, why, kept));
                    LOG.info("{} is unavailable: {}; its {} documents are kept", root, why, kept);
                }
                continue;
            }
            if (unavailable.remove(root) != null) {
                back.add(root);
                LOG.info("{} is available again: catching up", root);
            }
            available.add(root);
            for (Path f : found) {
                if (Files.isSymbolicLink(f) && Files.notExists(f)) {
                    // a link to nothing, which expand lists: reported once through brokenLinks, not as a failed ingest
                    try {
                        broken.put(f, Files.readSymbolicLink(f));
                    } catch (IOException | RuntimeException e) {
                        // gone meanwhile: nothing to report
                    }
                } else {
                    files.add(f);
                }
            }
        }
        Set<String> present = new HashSet<>();
        Map<String, BasicFileAttributes> seen = new HashMap<>();
        List<Path> toIngest = new ArrayList<>();
        for (Path f : files) {
            if (cancelled.getAsBoolean()) {
                break;
            }
            String key = key(f);
            present.add(key);
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(f, BasicFileAttributes.class);
            } catch (IOException e) {
                toIngest.add(f); // ingest reports why it cannot be read
                continue;
            }
            seen.put(key, a);
            Stamp failed = failures.get(key);
            if (failed != null) {
                if (failed.matches(a)) {
                    continue;
                }
                failures.remove(key);
            }
            IndexedDocument d = byPath.get(key);
            Stamp s = stamps.get(key);
            if (s != null && s.matches(a) && (d != null ? d.id().equals(s.id()) : ids.contains(s.id()))) {
                continue; // same size and time as when it last matched the index (a copy's match counts too)
            }
            if (d == null) {
                toIngest.add(f);
                continue;
            }
            // in doubt (first look since start, or size or time differ): the content decides, so a
            // touched but unchanged file is not parsed again and an old-dated changed one is
            Instant readAt = Instant.now();
            String id;
            try {
                id = DocumentParser.sha256(f);
            } catch (IOException e) {
                toIngest.add(f);
                continue;
            }
            if (id.equals(d.id())) {
                stateChanged |= record(key, a, id, readAt);
            } else {
                toIngest.add(f);
            }
        }
        List<String> removed = new ArrayList<>();
        // looked at again just before removing: a folder that went away during the walk must not
        // take its documents with it
        Set<Path> stillThere = new HashSet<>();
        for (Path root : available) {
            if (Files.isDirectory(root)) {
                stillThere.add(root);
            }
        }
        for (IndexedDocument d : docs) {
            Path p = Path.of(d.path());
            List<Path> under = folders.stream().filter(p::startsWith).toList();
            // notExists, not !exists: a file whose state cannot be read (I/O error, no permission) is kept
            if (!under.isEmpty() && stillThere.containsAll(under) && Files.notExists(p)) {
                if (workspace.index().remove(d.id())) {
                    removed.add(d.path());
                    LOG.info("removed {}: the file was deleted", d.path());
                }
            }
        }
        List<BrokenLink> newlyBroken = new ArrayList<>();
        broken.forEach((link, target) -> {
            if (!target.equals(brokenLinks.get(link))) {
                newlyBroken.add(new BrokenLink(link, target));
                LOG.info("skipped {}: broken link to {}", link, target);
            }
        });
        newlyBroken.sort(java.util.Comparator.comparing(BrokenLink::link));
        // a link mended or deleted is forgotten, so that it is reported again if it breaks again
        brokenLinks.keySet().removeIf(l -> !broken.containsKey(l) && available.stream().anyMatch(l::startsWith));
        brokenLinks.putAll(broken);
        if (!cancelled.getAsBoolean()) {
            // files gone from folders that are there: their stamps would only grow the state file (an
            // unavailable folder's stay, so that its files need not be read again when it is back)
            java.util.function.Predicate<String> gone = k -> !present.contains(k)
                    && folders.stream().anyMatch(Path.of(k)::startsWith)
                    && stillThere.containsAll(folders.stream().filter(Path.of(k)::startsWith).toList());
            stateChanged |= stamps.keySet().removeIf(gone);
            failures.keySet().removeIf(gone);
        }
        Instant ingestAt = Instant.now();
        IngestReport report = toIngest.isEmpty() ? null : workspace.ingest(toIngest, listener, cancelled);
        if (report != null) {
            for (FileOutcome o : report.files()) {
                String key = o.file() == null ? null : key(o.file());
                BasicFileAttributes a = key == null ? null : seen.get(key);
                if (a != null && o.status() != FileOutcome.Status.FAILED && o.docId() != null) {
                    // the stamp from before ingest read it: a change made meanwhile differs from it
                    stateChanged |= record(key, a, o.docId(), ingestAt);
                } else if (a != null && isRemembered(o)) {
                    // unlike a match, recorded even when recent: wrongly skipping a bad file costs
                    // little, and a fix (another file in its place) changes its size or time
                    failures.put(key, new Stamp(a.size(), a.lastModifiedTime().toInstant(), null));
                }
            }
        }
        if (stateChanged) {
            saveState();
        }
        return new Changes(toIngest, removed, report, newlyUnavailable, back, newlyBroken);
    }

    /** Tests stand in for mounting a drive. */
    synchronized void storeOf(Function<Path, String> f) {
        storeOf = f;
    }

    private static String fileStore(Path folder) {
        try {
            // the mount point and device (Linux, macOS) or volume (Windows): it changes when a
            // drive mounted on the folder is unmounted and the empty mount point shows through
            return Files.getFileStore(folder).toString().replace('\t', ' ').replace('\n', ' ');
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Whether watch skips the failed file of {@code o} until it changes. Not a cancelled ingest, an
     * index that could not be written, nor a file that could not be opened: those are not about
     * the file's content, and a permission fixed by chmod leaves its size and time as they were.
     */
    public static boolean isRemembered(FileOutcome o) {
        return o.status() == FileOutcome.Status.FAILED && o.file() != null
                && !Set.of(Workspace.CANCELLED, Workspace.INDEX_FAILED, Workspace.NOT_A_FILE).contains(o.reason());
    }

    private static String key(Path f) {
        return f.toAbsolutePath().normalize().toString();
    }

    /** Records that {@code key} held document {@code id} when read at {@code readAt}; true when recorded. */
    private boolean record(String key, BasicFileAttributes a, String id, Instant readAt) {
        Instant modified = a.lastModifiedTime().toInstant();
        if (!modified.isBefore(readAt.minus(RACY))) {
            // too recent to trust (see RACY): hashed again next time instead
            return stamps.remove(key) != null;
        }
        Stamp s = new Stamp(a.size(), modified, id);
        return !s.equals(stamps.put(key, s));
    }

    private void loadState() {
        if (stateFile == null || !Files.isRegularFile(stateFile)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(stateFile, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t", 4);
                if (line.startsWith("#") || f.length < 3) {
                    continue;
                }
                if (f[0].equals("@store")) {
                    stores.put(Path.of(f[2]), f[1]);
                    continue;
                }
                if (f.length < 4) {
                    continue;
                }
                try {
                    stamps.put(f[3], new Stamp(Long.parseLong(f[0]), Instant.parse(f[1]), f[2]));
                } catch (NumberFormatException | DateTimeParseException e) {
                    // a damaged line: that file is hashed again, nothing else is lost
                }
            }
        } catch (IOException e) {
            LOG.warn("could not read {} ({}): watched files are compared by content once instead", stateFile, e.toString());
        }
    }

    private void saveState() {
        if (stateFile == null) {
            return;
        }
        StringBuilder b = new StringBuilder(STATE_HEADER).append('\n');
        stores.forEach((folder, store) -> {
            if (folder.toString().indexOf('\n') < 0) {
                b.append("@store\t").append(store).append('\t').append(folder).append('\n');
            }
        });
        stamps.forEach((path, s) -> {
            if (path.indexOf('\n') < 0 && path.indexOf('\r') < 0) {
                b.append(s.size()).append('\t').append(s.modified()).append('\t').append(s.id()).append('\t')
                        .append(path).append('\n');
            }
        });
        try {
            Files.createDirectories(stateFile.toAbsolutePath().getParent());
            Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
            Files.writeString(tmp, b, StandardCharsets.UTF_8);
            Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // only a cache: the next run compares files by content instead
            LOG.warn("could not write {} ({}): the next start compares watched files by content", stateFile, e.toString());
        }
    }

    /**
     * Waits for changes until {@code stop} turns true, calling {@code onChange} after each quiet
     * period that followed events (it should call {@link #sync}, perhaps on another thread). A
     * watched folder that goes away or comes back counts as a change, so that sync reports it and
     * catches up.
     */
    public void watch(BooleanSupplier stop, Runnable onChange) throws IOException {
        try (WatchService ws = FileSystems.getDefault().newWatchService()) {
            Map<WatchKey, Path> rootOf = new HashMap<>();
            // what each watched folder was at the last look: its file key (a folder moved away and
            // another made in its place differ), or null while it is not there
            Map<Path, Object> seenAs = new LinkedHashMap<>();
            for (Path f : folders) {
                Object id = identity(f);
                seenAs.put(f, id);
                if (id != null) {
                    registerTree(ws, f, f, rootOf);
                }
            }
            boolean dirty = false;
            long lastEvent = 0;
            long lastRootCheck = System.nanoTime();
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
                    Path root = rootOf.get(key);
                    for (var ev : key.pollEvents()) {
                        if (ev.context() instanceof Path name && root != null) {
                            Path child = dir.resolve(name);
                            if (ev.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(child)) {
                                registerTree(ws, child, root, rootOf);
                            }
                        }
                    }
                    if (!key.reset()) {
                        rootOf.remove(key);
                    }
                    dirty = true;
                    lastEvent = System.nanoTime();
                }
                if (System.nanoTime() - lastRootCheck >= ROOT_CHECK.toNanos()) {
                    lastRootCheck = System.nanoTime();
                    for (Map.Entry<Path, Object> e : seenAs.entrySet()) {
                        Path root = e.getKey();
                        Object now = identity(root);
                        if (Objects.equals(now, e.getValue())) {
                            continue;
                        }
                        // gone, back, or another folder in its place: events from the old one (a moved
                        // folder's still arrive, under the old name) must stop, the new one be watched
                        rootOf.entrySet().removeIf(k -> {
                            if (k.getValue().equals(root)) {
                                k.getKey().cancel();
                                return true;
                            }
                            return false;
                        });
                        if (now != null) {
                            registerTree(ws, root, root, rootOf);
                        }
                        e.setValue(now);
                        dirty = true;
                        lastEvent = System.nanoTime();
                    }
                }
                if (key == null && dirty && System.nanoTime() - lastEvent >= debounce.toNanos()) {
                    dirty = false;
                    onChange.run();
                }
            }
        }
    }

    /** A folder's identity while it is there (its file key where the system has one), else null. */
    private static Object identity(Path folder) {
        try {
            BasicFileAttributes a = Files.readAttributes(folder, BasicFileAttributes.class);
            if (!a.isDirectory()) {
                return null;
            }
            return a.fileKey() != null ? a.fileKey() : Boolean.TRUE;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Watches {@code top} and the folders under it. One that cannot be read or vanishes meanwhile is
     * left out (sync says what it could not read) rather than ending the whole watch.
     */
    private static void registerTree(WatchService ws, Path top, Path root, Map<WatchKey, Path> rootOf) {
        try {
            Files.walkFileTree(top, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    try {
                        rootOf.put(d.register(ws, StandardWatchEventKinds.ENTRY_CREATE,
                                StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE), root);
                    } catch (IOException | RuntimeException e) {
                        LOG.debug("cannot watch {}: {}", d, e.toString());
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    LOG.debug("cannot watch {}: {}", file, e.toString());
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.debug("cannot watch {}: {}", top, e.toString());
        }
    }
}
