package dev.lectern.app.cli;

import dev.lectern.app.workspace.IngestReport;
import dev.lectern.app.workspace.Workspace;
import dev.lectern.app.workspace.Workspaces;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What "Open with Lectern" runs: the files are added to the current workspace (the one last chosen,
 * else "default"), exactly as {@code lectern ingest} would. The installed launcher's desktop entry
 * and file association call {@code lectern open FILE...}; {@link Main} also treats bare file
 * arguments ({@code lectern report.pdf}) as this command. The desktop window, when present, opens the
 * workspace afterwards.
 */
@Command(name = "open", mixinStandardHelpOptions = true,
        description = {"Add files to the current workspace, as \"Open with Lectern\" on a document does.",
                "The current workspace is the one last chosen, else \"default\". With -w, that workspace becomes the current one."})
final class OpenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    LecternCommand root;

    @Mixin
    WorkspaceOptions ws;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files or folders to add.")
    List<Path> paths;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!IngestCommand.allExist(paths, err)) {
            return ParseCommand.EXIT_BAD_INPUT;
        }
        Workspaces workspaces = new Workspaces(root.dataDirectory());
        boolean chosen = spec.commandLine().getParseResult().hasMatchedOption("--workspace");
        String name = chosen ? ws.workspace : workspaces.current();
        if (chosen) {
            workspaces.setCurrent(name);
        }
        ws.workspace = name;
        out.println("Adding to workspace \"" + name + "\":");
        AtomicBoolean cancelled = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> cancelled.set(true)));
        IngestReport report;
        try (Workspace w = ws.open(root)) {
            report = w.ingest(paths, new Progress(err), cancelled::get);
        }
        return IngestCommand.printReport(report, out);
    }
}
