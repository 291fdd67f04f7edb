package dev.lectern.app.cli;

import dev.lectern.app.workspace.FileOutcome;
import dev.lectern.app.workspace.IngestListener;
import dev.lectern.inference.models.Bytes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** A one-line progress bar on stderr for a terminal, or a line every few seconds for a log. */
final class Progress implements IngestListener {
    private final PrintWriter err;
    private final boolean terminal;
    private long lastLine;
    private long downloadStart;
    private long downloadFrom;
    /** Whether a terminal bar is drawn on the current line, so a message must start a new one. */
    private boolean open;

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

    /**
     * A download's bar: {@code done} of {@code total} bytes ({@code total} -1 while unknown), with the
     * rate; called for every block, redrawn at most ten times a second.
     */
    synchronized void download(long done, long total, String name) {
        long now = System.nanoTime();
        if (downloadStart == 0) {
            downloadStart = now;
            downloadFrom = done;
        }
        if (terminal && done != total && now - lastLine < 100_000_000L) {
            return;
        }
        double seconds = (now - downloadStart) / 1e9;
        String rate = seconds < 0.5 ? "" : "  " + Bytes.human((long) ((done - downloadFrom) / seconds)) + "/s";
        String count = Bytes.human(done) + (total >= 0 ? " of " + Bytes.human(total) : "") + rate;
        draw("bytes", total > 0 ? (double) done / total : total == 0 ? 1 : 0, count, done == total, name);
        if (done == total) {
            end();
        }
    }

    private void draw(String what, long done, long of, String name) {
        draw(what, of == 0 ? 1 : (double) done / of, done + "/" + of, done == of, name);
    }

    private void draw(String what, double fraction, String count, boolean last, String name) {
        long now = System.nanoTime();
        if (!terminal && !last && now - lastLine < 5_000_000_000L) {
            return;
        }
        lastLine = now;
        int width = 30;
        int filled = (int) Math.max(0, Math.min(width, width * fraction));
        String line = String.format(Locale.ROOT, "%-7s [%s%s] %s %s", what, "#".repeat(filled), ".".repeat(width - filled),
                count, shorten(name));
        if (terminal) {
            err.print("\r" + line + " ".repeat(Math.max(0, 100 - line.length())));
            open = true;
        } else {
            err.println(line);
        }
        err.flush();
    }

    /** Ends a bar that stopped short (a failed or cancelled download), so the next message starts on its own line. */
    synchronized void stop() {
        end();
    }

    /** A {@code lectern: } message on a line of its own while a bar may be drawn; the bar goes on below it. */
    synchronized void note(String message) {
        line("lectern: " + message);
    }

    /** A line of its own while a bar may be drawn, as it is; the bar goes on below it. */
    synchronized void line(String text) {
        if (open) {
            err.println();
            open = false;
        }
        err.println(text);
        err.flush();
    }

    private void end() {
        if (terminal) {
            err.println();
            err.flush();
        }
        open = false;
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }
}
