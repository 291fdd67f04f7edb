package dev.lectern.app.cli;

import dev.lectern.app.Counts;
import dev.lectern.app.workspace.FileOutcome;
import dev.lectern.app.workspace.IngestReport;
import dev.lectern.app.workspace.Workspace;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Add files and folders to a workspace: parse, index for keyword search, then compute vectors.",
                "Unchanged files are skipped, changed ones replaced; a bad file is reported and the rest go on."})
final class IngestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    LecternCommand root;

    @Mixin
    WorkspaceOptions ws;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files or folders to add.")
    List<Path> paths;

    /** Whether every path exists; names the first that does not. */
    static boolean allExist(List<Path> paths, PrintWriter err) {
        for (Path p : paths) {
            if (!Files.exists(p)) {
                err.println("lectern: " + p + " does not exist");
                return false;
            }
        }
        return true;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // a path that is not there is reported with the other failures; the rest is still ingested
        if (paths.stream().noneMatch(Files::exists) && !allExist(paths, err)) {
            return ParseCommand.EXIT_BAD_INPUT;
        }
        AtomicBoolean cancelled = new AtomicBoolean();
        // Ctrl+C stops cleanly: what is committed stays, the report says what was done, the next
        // ingest resumes; a second Ctrl+C ends at once
        Interrupts.onCtrlC(cancelled);
        IngestReport report;
        try (Workspace w = ws.open(root)) {
            report = w.ingest(paths, new Progress(err), cancelled::get);
        }
        int code = printReport(report, out);
        return report.cancelled() ? Interrupts.EXIT_INTERRUPTED : code;
    }

    /** Prints one line per file and a summary; the exit status is 1 when a file failed. */
    static int printReport(IngestReport report, PrintWriter out) {
        long notRead = 0;
        for (FileOutcome o : report.files()) {
            String name = o.file() == null ? "?" : o.file().toString();
            if (Workspace.CANCELLED.equals(o.reason())) {
                notRead++; // one line for all of them, below
                continue;
            }
            switch (o.status()) {
                case FAILED -> out.println("  failed     " + o.message());
                case UNCHANGED -> out.println("  unchanged  " + name
                        + (Workspace.COPY.equals(o.reason()) ? "  note: " + o.message() : ""));
                default -> out.printf(Locale.ROOT, "  %-10s %s  (%s%s)%s%n", o.status().name().toLowerCase(Locale.ROOT),
                        name, o.pages() > 0 ? Counts.of(o.pages(), "page") + ", " : "", Counts.of(o.chunks(), "chunk"),
                        o.message() == null || o.message().isEmpty() ? "" : "  note: " + o.message());
            }
        }
        if (notRead > 0) {
            out.println("  not read   " + Counts.of(notRead, "file") + ": the ingest was cancelled");
        }
        out.printf(Locale.ROOT, "%d added, %d replaced, %d unchanged, %d failed; keyword search ready after %.1f s, "
                        + "vectors for %s in %.1f s%s%n",
                report.count(FileOutcome.Status.ADDED), report.count(FileOutcome.Status.REPLACED),
                report.count(FileOutcome.Status.UNCHANGED), report.count(FileOutcome.Status.FAILED) - notRead, report.keywordSeconds(),
                Counts.of(report.chunksEmbedded(), "chunk"), report.vectorSeconds(), report.cancelled() ? " (cancelled: run again to resume)" : "");
        out.flush();
        return report.count(FileOutcome.Status.FAILED) > 0 ? 1 : 0;
    }
}
