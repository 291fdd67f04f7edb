package dev.lectern.app.cli;

import dev.lectern.app.workspace.Workspace;
import dev.lectern.app.workspace.Workspaces;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every workspace command shares. */
final class WorkspaceOptions {
    @Option(names = {"-w", "--workspace"}, paramLabel = "NAME", defaultValue = Workspaces.DEFAULT,
            description = "Workspace to use (default: ${DEFAULT-VALUE}).")
    String workspace;

    @Option(names = "--model", paramLabel = "ID", defaultValue = dev.lectern.indexing.embed.EmbeddingModels.DEFAULT_ID,
            completionCandidates = EmbeddingModelIds.class,
            description = {"Embedding model for semantic search (default: ${DEFAULT-VALUE}).", "Bundled: ${COMPLETION-CANDIDATES}."})
    String model;

    @Option(names = "--no-vectors", description = "Keyword search only: do not load the embedding model.")
    boolean noVectors;

    /** Opens the workspace, creating it when it does not exist (the commands that add documents). */
    Workspace open(LecternCommand root) throws IOException {
        return new Workspaces(root.dataDirectory()).open(workspace, options());
    }

    /** Opens an existing workspace to change it (remove): a mistyped name must not create an empty one. */
    Workspace openExisting(LecternCommand root) throws IOException {
        requireExisting(new Workspaces(root.dataDirectory()), workspace);
        return open(root);
    }

    /**
     * Opens an existing workspace for commands that only read it; while another Lectern has it open
     * for writing, read only, as that one last saved it.
     */
    Workspace openToRead(LecternCommand root) throws IOException {
        Workspaces workspaces = new Workspaces(root.dataDirectory());
        requireExisting(workspaces, workspace);
        return workspaces.openForReading(workspace, options());
    }

    private Workspaces.Options options() {
        return Workspaces.Options.defaults().withModel(noVectors ? null : model);
    }

    /**
     * Refuses a workspace that does not exist, naming those that do. The default workspace counts as
     * existing: on a fresh install it is where the first documents go, and it is simply empty.
     *
     * @throws IllegalArgumentException saying how to create it
     */
    static void requireExisting(Workspaces workspaces, String name) throws IOException {
        if (Workspaces.DEFAULT.equals(name) || workspaces.exists(name)) {
            return;
        }
        List<String> here = new ArrayList<>(workspaces.names());
        here.remove(Workspaces.DEFAULT);
        here.add(0, Workspaces.DEFAULT);
        String option = name.contains(" ") ? "\"" + name + "\"" : name;
        throw new IllegalArgumentException("workspace '" + name + "' does not exist; workspaces here: "
                + String.join(", ", here) + " (lectern ingest -w " + option + " FILES creates it)");
    }
}
