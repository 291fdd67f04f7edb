package dev.lectern.app.workspace;

import java.nio.file.Path;

/**
 * What happened to one file of an ingest. {@code message} names the reason when it failed;
 * {@code needsOcr} says that pages without a text layer could not be read (no OCR engine).
 */
public record FileOutcome(Path file, Status status, String docId, int pages, int chunks, String message,
                          String reason, boolean needsOcr) {
    public FileOutcome(Path file, Status status, String docId, int pages, int chunks, String message, String reason) {
        this(file, status, docId, pages, chunks, message, reason, false);
    }

    /** The result for one file. */
    public enum Status {
        ADDED, REPLACED, UNCHANGED, FAILED
    }

    public static FileOutcome failed(Path file, String reason, String message) {
        return new FileOutcome(file, Status.FAILED, null, 0, 0, message, reason);
    }
}
