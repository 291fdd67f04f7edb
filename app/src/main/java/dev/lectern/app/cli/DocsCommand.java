package dev.lectern.app.cli;

import dev.lectern.app.Counts;
import dev.lectern.app.workspace.Workspace;
import dev.lectern.indexing.IndexedDocument;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "docs", mixinStandardHelpOptions = true, description = "List the documents of a workspace.")
final class DocsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    LecternCommand root;

    @Mixin
    WorkspaceOptions ws;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ws.noVectors = true; // listing needs no model
        try (Workspace w = ws.openToRead(root)) {
            ReadOnlyNote.print(w, spec.commandLine().getErr());
            List<IndexedDocument> docs = w.index().documents();
            for (IndexedDocument d : docs) {
                out.printf(Locale.ROOT, "%s  %-8s %5s %5d %-6s  %s%n", d.id().substring(0, 12),
                        d.stage() == IndexedDocument.Stage.READY ? "ready" : "keyword", d.paginated() ? d.pages() + "p" : "-",
                        d.chunks(), Counts.noun(d.chunks(), "chunk"), d.path());
            }
            out.printf(Locale.ROOT, "%s, %s in workspace '%s'%n", Counts.of(docs.size(), "document"),
                    Counts.of(w.index().chunkCount(), "chunk"), w.name());
        }
        out.flush();
        return 0;
    }
}
