package dev.lectern.app.cli;

import dev.lectern.app.workspace.Workspace;
import dev.lectern.app.workspace.Workspaces;
import java.io.IOException;
import picocli.CommandLine.Option;

/** The options every workspace command shares. */
final class WorkspaceOptions {
    @Option(names = {"-w", "--workspace"}, paramLabel = "NAME", defaultValue = Workspaces.DEFAULT,
            description = "Workspace to use (default: ${DEFAULT-VALUE}).")
    String workspace;

    @Option(names = "--model", paramLabel = "ID", defaultValue = dev.lectern.indexing.embed.EmbeddingModels.DEFAULT_ID,
            description = "Embedding model for semantic search (default: ${DEFAULT-VALUE}; also all-minilm-l6-v2-q).")
    String model;

    @Option(names = "--no-vectors", description = "Keyword search only: do not load the embedding model.")
    boolean noVectors;

    Workspace open(LecternCommand root) throws IOException {
        Workspaces.Options o = Workspaces.Options.defaults().withModel(noVectors ? null : model);
        return new Workspaces(root.dataDirectory()).open(workspace, o);
    }
}
