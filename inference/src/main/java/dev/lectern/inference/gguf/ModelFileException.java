package dev.lectern.inference.gguf;

import java.nio.file.Path;

/** A model file that Lectern will not hand to native code, with the reason and what to do about it. */
public final class ModelFileException extends Exception {
    public enum Reason {
        NOT_FOUND, NOT_GGUF, UNSUPPORTED_VERSION, TRUNCATED, CORRUPT, UNSUPPORTED_TENSOR_TYPE,
        UNSUPPORTED_ARCHITECTURE, NOT_A_CHAT_MODEL, MISSING_METADATA, TOO_LARGE
    }

    private final Path file;
    private final Reason reason;

    public ModelFileException(Path file, Reason reason, String detail) {
        super(file.getFileName() + ": " + detail);
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
