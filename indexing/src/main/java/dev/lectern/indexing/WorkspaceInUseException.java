package dev.lectern.indexing;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An index that another process (or another part of this one) has open for writing: one index has
 * one writer, so a second Lectern on the same workspace must wait until the first is closed.
 */
public final class WorkspaceInUseException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Path folder;

    /** The index in {@code folder} is locked by another writer. */
    public WorkspaceInUseException(Path folder, Throwable cause) {
        this("the workspace in " + folder, folder, cause);
    }

    private WorkspaceInUseException(String what, Path folder, Throwable cause) {
        super(what + " is in use by another Lectern (the desktop app, or a running ingest, watch or chat):"
                + " close that and try again", cause);
        this.folder = folder;
    }

    /** The same failure, naming the workspace as the user knows it instead of its index folder. */
    public WorkspaceInUseException named(String workspace) {
        return new WorkspaceInUseException("workspace '" + workspace + "'", folder, getCause());
    }

    /** The locked index folder. */
    public Path folder() {
        return folder;
    }
}
