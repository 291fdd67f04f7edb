package dev.lectern.parsing;

import java.nio.file.Path;

/**
 * A file that could not be turned into a document, with the reason in words a user can act on.
 * The message always names the file.
 */
public final class ParseException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a file was rejected. */
    public enum Reason {
        ENCRYPTED("is encrypted and needs a password"),
        CORRUPT("is damaged or not what its name says"),
        EMPTY("has no text"),
        NO_PAGES("has no pages"),
        UNSUPPORTED("is of a type Lectern cannot read"),
        TOO_LARGE("is too large"),
        TIMED_OUT("took too long to read"),
        NOT_FOUND("cannot be read"),
        FAILED("could not be parsed");

        private final String phrase;

        Reason(String phrase) {
            this.phrase = phrase;
        }

        public String phrase() {
            return phrase;
        }
    }

    private final transient Path file;
    private final Reason reason;

    public ParseException(Path file, Reason reason, String detail) {
        this(file, reason, detail, null);
    }

    public ParseException(Path file, Reason reason, String detail, Throwable cause) {
        super(file.getFileName() + " " + reason.phrase() + (detail == null || detail.isBlank() ? "" : ": " + detail)
                + " (" + file + ")", cause);
        this.file = file;
        this.reason = reason;
    }

    public Path file() {
        return file;
    }

    public Reason reason() {
        return reason;
    }
}
