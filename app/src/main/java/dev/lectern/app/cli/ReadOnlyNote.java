package dev.lectern.app.cli;

import dev.lectern.app.workspace.Workspace;
import java.io.PrintWriter;

/** The line a command prints when it reads a workspace that another Lectern is changing. */
final class ReadOnlyNote {
    private ReadOnlyNote() {
    }

    static void print(Workspace w, PrintWriter err) {
        if (w.index().readOnly()) {
            err.println("lectern: workspace '" + w.name() + "' is open in another Lectern (the desktop app, or a running"
                    + " ingest or watch): reading it as that one last saved it; documents it is adding now are not in yet");
            err.flush();
        }
    }
}
