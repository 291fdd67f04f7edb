package dev.lectern.app.workspace;

import java.nio.file.Path;

/**
 * Progress of an ingest, as it happens. The CLI draws a progress bar from it, the desktop app its
 * library pane. Called from worker threads: implementations hand off to their own thread.
 */
public interface IngestListener {
    IngestListener NONE = new IngestListener() {
    };

    /** The batch holds {@code total} files. */
    default void started(int total) {
    }

    /** {@code file} is being parsed. */
    default void parsing(Path file) {
    }

    /** One file is done (added, unchanged, replaced or failed); keyword search covers it if added. */
    default void finished(FileOutcome outcome, int done, int total) {
    }

    /** Vectors: {@code chunksDone} of {@code chunksTotal} embedded. */
    default void embedding(long chunksDone, long chunksTotal, String currentTitle) {
    }
}
