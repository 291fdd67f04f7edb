package dev.lectern.app.cli;

import dev.lectern.app.workspace.FileOutcome;
import dev.lectern.app.workspace.IngestListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** A one-line progress bar on stderr for a terminal, or a line every few seconds for a log. */
final class Progress implements IngestListener {
    private final PrintWriter err;
    private final boolean terminal;
    private long lastLine;

    Progress(PrintWriter err) {
        this.err = err;
        this.terminal = System.console() != null;
    }

    @Override
    public synchronized void started(int total) {
        draw("files", 0, total, "");
    }

    @Override
    public synchronized void parsing(Path file) {
        // the bar moves when a file finishes
    }

    @Override
    public synchronized void finished(FileOutcome o, int done, int total) {
        draw("files", done, total, o.file() == null ? "" : o.file().getFileName().toString());
        if (done == total) {
            end();
        }
    }

    @Override
    public synchronized void embedding(long done, long total, String title) {
        draw("vectors", done, total, title == null ? "" : title);
        if (done == total) {
            end();
        }
    }

    private void draw(String what, long done, long of, String name) {
        long now = System.nanoTime();
        if (!terminal && done != of && now - lastLine < 5_000_000_000L) {
            return;
        }
        lastLine = now;
        int width = 30;
        int filled = of == 0 ? width : (int) (width * done / of);
        String line = String.format(Locale.ROOT, "%-7s [%s%s] %d/%d %s", what, "#".repeat(filled), ".".repeat(width - filled),
                done, of, shorten(name));
        if (terminal) {
            err.print("\r" + line + " ".repeat(Math.max(0, 100 - line.length())));
        } else {
            err.println(line);
        }
        err.flush();
    }

    private void end() {
        if (terminal) {
            err.println();
            err.flush();
        }
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }
}
