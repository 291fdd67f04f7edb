package dev.lectern.app.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.app.workspace.IngestListener;
import dev.lectern.app.workspace.Workspace;
import dev.lectern.app.workspace.Workspaces;
import dev.lectern.indexing.IndexedDocument;
import dev.lectern.parsing.DocumentParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderWatcherTest {
    @TempDir
    Path dir;

    @Test
    void syncIngestsNewAndChangedFilesAndRemovesDeletedOnes() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("docs"));
        Path a = Files.writeString(folder.resolve("a.txt"), "The deposit is 500 euros.\n");
        Path b = Files.writeString(folder.resolve("b.txt"), "The rent is due monthly.\n");
        try (Workspace w = Workspaces.open("t", dir.resolve("index"), Workspaces.Options.defaults().withModel(null))) {
            FolderWatcher fw = new FolderWatcher(w, List.of(folder), Duration.ofMillis(100));
            assertThat(fw.sync(IngestListener.NONE, () -> false).ingested()).hasSize(2);
            // nothing changed: nothing to do (a restart's catch-up is this same call)
            assertThat(fw.sync(IngestListener.NONE, () -> false).isEmpty()).isTrue();

            Files.writeString(a, "The deposit is 700 euros.\n");
            Files.setLastModifiedTime(a, FileTime.from(Instant.now().plusSeconds(5)));
            Files.delete(b);
            FolderWatcher.Changes c = fw.sync(IngestListener.NONE, () -> false);
            assertThat(c.ingested()).containsExactly(a);
            assertThat(c.removed()).containsExactly(b.toAbsolutePath().normalize().toString());
            assertThat(w.index().documents()).extracting(IndexedDocument::path)
                    .containsExactly(a.toAbsolutePath().normalize().toString());
        }
    }

    @Test
    void watchCallsBackAfterAFileAppears() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("docs"));
        try (Workspace w = Workspaces.open("t", dir.resolve("index"), Workspaces.Options.defaults().withModel(null))) {
            FolderWatcher fw = new FolderWatcher(w, List.of(folder), Duration.ofMillis(100));
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch changed = new CountDownLatch(1);
            Thread t = new Thread(() -> {
                try {
                    fw.watch(stop::get, changed::countDown);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            t.start();
            Thread.sleep(300);
            Files.writeString(folder.resolve("new.txt"), "A new note about the lease.\n");
            assertThat(changed.await(15, TimeUnit.SECONDS)).isTrue();
            stop.set(true);
            t.join(5000);
            assertThat(fw.sync(IngestListener.NONE, () -> false).ingested()).hasSize(1);
        }
    }

    private Workspace open() throws java.io.IOException {
        return Workspaces.open("t", dir.resolve("index"), Workspaces.Options.defaults().withModel(null));
    }

    /** Copies {@code content}, dated 2020, over {@code target} keeping the date, as cp -p, rsync -a and restores do. */
    private void restoreOldCopy(Path target, String content) throws java.io.IOException {
        Path old = Files.writeString(dir.resolve("old-" + target.getFileName()), content);
        Files.setLastModifiedTime(old, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        Files.copy(old, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
    }

    @Test
    void aFileReplacedByAnOlderDatedCopyIsIndexedAgain() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("docs"));
        Path a = Files.writeString(folder.resolve("a.txt"), "Original text about the salamander.\n");
        try (Workspace w = open()) {
            FolderWatcher fw = new FolderWatcher(w, List.of(folder), Duration.ofMillis(100));
            assertThat(fw.sync(IngestListener.NONE, () -> false).ingested()).containsExactly(a);

            restoreOldCopy(a, "Restored text about the chameleon.\n");
            assertThat(fw.sync(IngestListener.NONE, () -> false).ingested()).containsExactly(a);
            assertThat(w.index().documents()).extracting(IndexedDocument::id).containsExactly(DocumentParser.sha256(a));
        }
    }

    @Test
    void aRestartNoticesAFileReplacedByAnOlderDatedCopyWhileNothingWatched() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("docs"));
        Path a = Files.writeString(folder.resolve("a.txt"), "Original text about the salamander.\n");
        Files.setLastModifiedTime(a, FileTime.from(Instant.now().minusSeconds(3600)));
        Path state = dir.resolve("watched-files.tsv");
        try (Workspace w = open()) {
            new FolderWatcher(w, List.of(folder), Duration.ofMillis(100), state).sync(IngestListener.NONE, () -> false);
            assertThat(state).content().contains(a.toAbsolutePath().normalize().toString());
            // an unchanged file is not ingested again by the next run
            assertThat(new FolderWatcher(w, List.of(folder), Duration.ofMillis(100), state)
                    .sync(IngestListener.NONE, () -> false).isEmpty()).isTrue();

            restoreOldCopy(a, "Restored text about the chameleon.\n");
            FolderWatcher.Changes c = new FolderWatcher(w, List.of(folder), Duration.ofMillis(100), state)
                    .sync(IngestListener.NONE, () -> false);
            assertThat(c.ingested()).containsExactly(a);
            assertThat(w.index().documents()).extracting(IndexedDocument::id).containsExactly(DocumentParser.sha256(a));
        }
    }

    @Test
    void aTouchedButUnchangedFileIsNotIngestedAgain() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("docs"));
        Path a = Files.writeString(folder.resolve("a.txt"), "The deposit is 500 euros.\n");
        try (Workspace w = open()) {
            FolderWatcher fw = new FolderWatcher(w, List.of(folder), Duration.ofMillis(100));
            fw.sync(IngestListener.NONE, () -> false);
            Files.setLastModifiedTime(a, FileTime.from(Instant.now().plusSeconds(60)));
            assertThat(fw.sync(IngestListener.NONE, () -> false).isEmpty()).isTrue();
        }
    }

    @Test
    void aWatchedFolderThatGoesAwayKeepsItsDocumentsAndIsReportedOnceUntilItIsBack() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(folder.resolve("a.txt"), "The deposit is 500 euros.\n");
        Files.writeString(Files.createDirectories(folder.resolve("s")).resolve("b.txt"), "The rent is due monthly.\n");
        try (Workspace w = open()) {
            FolderWatcher fw = new FolderWatcher(w, List.of(folder), Duration.ofMillis(100));
            fw.sync(IngestListener.NONE, () -> false);
            Path moved = Files.move(folder, dir.resolve("docs.moved"));

            FolderWatcher.Changes gone = fw.sync(IngestListener.NONE, () -> false);
            assertThat(gone.removed()).isEmpty();
            assertThat(gone.ingested()).isEmpty();
            assertThat(gone.unavailable()).singleElement().satisfies(u -> {
                assertThat(u.folder()).isEqualTo(folder.toAbsolutePath().normalize());
                assertThat(u.reason()).contains("not there");
                assertThat(u.documentsKept()).isEqualTo(2);
            });
            assertThat(w.index().documents()).hasSize(2);
            assertThat(fw.sync(IngestListener.NONE, () -> false).unavailable()).isEmpty();

            Files.move(moved, folder);
            FolderWatcher.Changes back = fw.sync(IngestListener.NONE, () -> false);
            assertThat(back.availableAgain()).containsExactly(folder.toAbsolutePath().normalize());
            assertThat(back.isEmpty()).isTrue();
            assertThat(w.index().documents()).hasSize(2);
        }
    }

    @Test
    void anEmptyFolderOnAnotherDriveThanBeforeIsAnUnmountedDriveAndKeepsItsDocuments() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("mnt"));
        Path a = Files.writeString(folder.resolve("a.txt"), "The deposit is 500 euros.\n");
        try (Workspace w = open()) {
            FolderWatcher fw = new FolderWatcher(w, List.of(folder), Duration.ofMillis(100));
            fw.storeOf(p -> "/mnt (/dev/sdb1)");
            fw.sync(IngestListener.NONE, () -> false);
            // unmounted: the mount point shows through, empty, on the system drive
            Files.delete(a);
            fw.storeOf(p -> "/ (/dev/sda1)");
            FolderWatcher.Changes c = fw.sync(IngestListener.NONE, () -> false);
            assertThat(c.removed()).isEmpty();
            assertThat(c.unavailable()).singleElement().satisfies(u -> assertThat(u.reason()).contains("not mounted"));
            assertThat(w.index().documents()).hasSize(1);

            // the same folder on the same drive, emptied by hand: its files were deleted
            fw.storeOf(p -> "/mnt (/dev/sdb1)");
            assertThat(fw.sync(IngestListener.NONE, () -> false).removed())
                    .containsExactly(a.toAbsolutePath().normalize().toString());
        }
    }

    @Test
    void watchResumesAndCatchesUpWhenAFolderIsMadeAgainWhereAWatchedOneWasMovedAway() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(folder.resolve("a.txt"), "The deposit is 500 euros.\n");
        try (Workspace w = open()) {
            FolderWatcher fw = new FolderWatcher(w, List.of(folder), Duration.ofMillis(100));
            fw.sync(IngestListener.NONE, () -> false);
            List<FolderWatcher.Changes> syncs = new java.util.concurrent.CopyOnWriteArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            Thread t = new Thread(() -> {
                try {
                    fw.watch(stop::get, () -> {
                        try {
                            syncs.add(fw.sync(IngestListener.NONE, () -> false));
                        } catch (java.io.IOException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            t.start();
            try {
                Thread.sleep(300);
                Files.move(folder, dir.resolve("docs.moved"));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                while (syncs.stream().allMatch(c -> c.unavailable().isEmpty()) && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(syncs).anySatisfy(c -> assertThat(c.unavailable()).isNotEmpty());
                assertThat(w.index().documents()).hasSize(1);

                Path fresh = Files.writeString(Files.createDirectories(folder).resolve("new.txt"), "A new note.\n");
                String key = fresh.toAbsolutePath().normalize().toString();
                while (syncs.stream().allMatch(c -> c.availableAgain().isEmpty()) && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(syncs).anySatisfy(c -> assertThat(c.availableAgain()).isNotEmpty());
                assertThat(w.index().documents()).extracting(IndexedDocument::path).contains(key);
            } finally {
                stop.set(true);
                t.join(5000);
            }
        }
    }

    @Test
    void aFileThatCannotBeReadIsReportedOnceAndTriedAgainOnlyWhenItChanges() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("docs"));
        Path bad = Files.writeString(folder.resolve("bad.pdf"), "not a PDF at all\n");
        Files.setLastModifiedTime(bad, FileTime.from(Instant.now().minusSeconds(3600)));
        List<Path> failed = new java.util.concurrent.CopyOnWriteArrayList<>();
        IngestListener listener = new IngestListener() {
            @Override
            public void finished(dev.lectern.app.workspace.FileOutcome o, int done, int total) {
                if (o.status() == dev.lectern.app.workspace.FileOutcome.Status.FAILED) {
                    failed.add(o.file());
                }
            }
        };
        try (Workspace w = open()) {
            FolderWatcher fw = new FolderWatcher(w, List.of(folder), Duration.ofMillis(100));
            fw.sync(listener, () -> false);
            assertThat(failed).containsExactly(bad);

            Path other = Files.writeString(folder.resolve("note.txt"), "A note about the lease.\n");
            assertThat(fw.sync(listener, () -> false).ingested()).containsExactly(other);
            assertThat(fw.sync(listener, () -> false).ingested()).isEmpty();
            assertThat(failed).containsExactly(bad);

            Files.writeString(bad, "still not a PDF, but a changed file\n");
            assertThat(fw.sync(listener, () -> false).ingested()).containsExactly(bad);
            assertThat(failed).containsExactly(bad, bad);
        }
    }

    @Test
    void aBrokenLinkInAWatchedFolderIsReportedOnceAndAgainOnlyIfItBreaksAgain() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(folder.resolve("a.txt"), "The deposit is 500 euros.\n");
        Path link = Files.createSymbolicLink(folder.resolve("link.txt"), dir.resolve("gone.txt"));
        Files.createSymbolicLink(Files.createDirectories(folder.resolve(".hidden")).resolve("x.txt"), dir.resolve("gone.txt"));
        try (Workspace w = open()) {
            FolderWatcher fw = new FolderWatcher(w, List.of(folder), Duration.ofMillis(100));
            assertThat(fw.sync(IngestListener.NONE, () -> false).brokenLinks())
                    .containsExactly(new FolderWatcher.BrokenLink(link, dir.resolve("gone.txt")));
            assertThat(fw.sync(IngestListener.NONE, () -> false).brokenLinks()).isEmpty();

            // mended: indexed through the link; broken again: reported again
            Path target = Files.writeString(dir.resolve("gone.txt"), "A note about the lease.\n");
            assertThat(fw.sync(IngestListener.NONE, () -> false).ingested()).containsExactly(link);
            Files.delete(target);
            assertThat(fw.sync(IngestListener.NONE, () -> false).brokenLinks()).hasSize(1);
        }
    }
}
