package dev.lectern.app.cli;

import dev.lectern.app.settings.Settings;
import dev.lectern.app.settings.SettingsStore;
import dev.lectern.app.watch.FolderWatcher;
import dev.lectern.app.workspace.FileOutcome;
import dev.lectern.app.workspace.IngestListener;
import dev.lectern.app.workspace.Workspace;
import dev.lectern.app.workspace.Workspaces;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Keep a workspace in step with folders until stopped (Ctrl+C).",
                "New and changed files are ingested, deleted ones removed. Catches up first with changes made while nothing "
                        + "watched. A folder that goes away (moved, drive unplugged, share offline) keeps its documents "
                        + "and is watched again when it is back. The folders are remembered: the desktop app watches them too."})
final class WatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    LecternCommand root;

    @Parameters(paramLabel = "DIR", arity = "1..*", description = "Folders to watch.")
    List<Path> dirs;

    @Mixin
    WorkspaceOptions ws;

    @Option(names = "--once", description = "Catch up and exit instead of watching.")
    boolean once;

    @Option(names = "--debounce-ms", defaultValue = "1500", description = "Quiet time before changes are synced (default: ${DEFAULT-VALUE}).")
    long debounceMs;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (Path d : dirs) {
            if (!Files.isDirectory(d)) {
                err.println("lectern: " + d + " is not a folder");
                return ParseCommand.EXIT_BAD_INPUT;
            }
        }
        SettingsStore settingsStore = new SettingsStore(root.dataDirectory());
        Settings s = settingsStore.load();
        Set<String> watched = new LinkedHashSet<>(s.watched(ws.workspace));
        dirs.forEach(d -> watched.add(d.toAbsolutePath().normalize().toString()));
        settingsStore.save(s.withWatched(ws.workspace, new ArrayList<>(watched)));

        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.set(true);
            try {
                finished.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "lectern-watch-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (Workspace w = ws.open(root)) {
            // kept beside the index, so that a restart need not read every watched file to find the changed ones
            Path state = new Workspaces(root.dataDirectory()).folder(ws.workspace).resolve("watched-files.tsv");
            FolderWatcher watcher = new FolderWatcher(w, dirs, Duration.ofMillis(debounceMs), state);
            IngestListener listener = new IngestListener() {
                @Override
                public void finished(FileOutcome o, int done, int total) {
                    if (o.status() == FileOutcome.Status.FAILED) {
                        err.println("lectern: skipped " + o.message() + (FolderWatcher.isRemembered(o) && !once
                                ? " (not tried again until the file changes)" : ""));
                    } else if (o.status() != FileOutcome.Status.UNCHANGED) {
                        out.println((o.status() == FileOutcome.Status.REPLACED ? "updated " : "added ") + o.file());
                    }
                    out.flush();
                    err.flush();
                }
            };
            Runnable sync = () -> {
                try {
                    FolderWatcher.Changes c = watcher.sync(listener, stop::get);
                    c.removed().forEach(p -> out.println("removed " + p));
                    for (FolderWatcher.Unavailable u : c.unavailable()) {
                        err.println("lectern: " + u.folder() + " is unavailable: " + u.reason() + ". Its "
                                + u.documentsKept() + (u.documentsKept() == 1 ? " document stays" : " documents stay")
                                + " in the index" + (once ? "; run watch again when it is back"
                                : "; watching it again as soon as it is back"));
                    }
                    c.availableAgain().forEach(p -> err.println("lectern: " + p + " is back: caught up with it"));
                    c.brokenLinks().forEach(b -> err.println("lectern: skipped " + b.link() + ": broken link to "
                            + b.target() + ", which does not exist (point the link at the file, or delete it)"));
                    out.flush();
                    err.flush();
                } catch (java.io.IOException e) {
                    err.println("lectern: sync failed: " + e.getMessage());
                    err.flush();
                }
            };
            sync.run();
            if (once) {
                return 0;
            }
            err.println("lectern: watching " + String.join(", ", watcher.folders().stream().map(Path::toString).toList())
                    + " for workspace '" + w.name() + "' (Ctrl+C to stop)");
            err.flush();
            watcher.watch(stop::get, sync);
            return 0;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it ends the command
            }
        }
    }
}
