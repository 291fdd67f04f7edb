package dev.lectern.app.cli;

import dev.lectern.app.Counts;
import dev.lectern.app.workspace.Workspace;
import dev.lectern.indexing.IndexedDocument;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "remove", mixinStandardHelpOptions = true,
        description = "Remove a document and all its chunks from a workspace (the file itself is not touched).")
final class RemoveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    LecternCommand root;

    @Mixin
    WorkspaceOptions ws;

    @Parameters(paramLabel = "DOC", description = "Document id (or its first 6+ characters), path or file name.")
    String ref;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ws.noVectors = true;
        try (Workspace w = ws.openExisting(root)) {
            List<IndexedDocument> found = w.find(ref);
            if (found.isEmpty()) {
                err.println("lectern: no document '" + ref + "' in workspace '" + w.name() + "' (see 'lectern docs')");
                return ParseCommand.EXIT_BAD_INPUT;
            }
            if (found.size() > 1) {
                err.println("lectern: '" + ref + "' matches " + Counts.of(found.size(), "document") + "; give its id:");
                for (IndexedDocument d : found) {
                    err.println("  " + d.id().substring(0, 12) + "  " + d.path());
                }
                return ParseCommand.EXIT_BAD_INPUT;
            }
            IndexedDocument d = found.get(0);
            w.index().remove(d.id());
            out.println("removed " + d.path() + " (" + Counts.of(d.chunks(), "chunk") + ")");
        }
        out.flush();
        return 0;
    }
}
