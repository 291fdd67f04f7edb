package dev.lectern.inference.models;

/** A model download that did not end with a usable file, with the reason and what to do about it. */
public final class DownloadException extends Exception {
    public enum Reason {
        /** A bad source, or a file that is already there. */
        BAD_REQUEST,
        /** The server answered with an error status (404, 403 for gated models, 5xx). */
        HTTP_ERROR,
        /** The connection broke; the partial file stays and the next pull resumes it. */
        INTERRUPTED,
        /** The user stopped it; the partial file stays and the next pull resumes it. */
        CANCELLED,
        /** Not enough free disk space for the rest of the file. */
        NO_SPACE,
        /** The finished file's SHA-256 is not the expected one; the file was deleted. */
        CHECKSUM_MISMATCH,
        /** The finished file is not a GGUF chat model (an HTML error page, say); the file was deleted. */
        NOT_A_MODEL,
        /** Another download of the same file is running. */
        BUSY
    }

    private final Reason reason;

    public DownloadException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public DownloadException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** Whether the partial file was kept, so running the same pull again continues where this one stopped. */
    public boolean resumable() {
        return reason == Reason.INTERRUPTED || reason == Reason.CANCELLED || reason == Reason.NO_SPACE;
    }
}
