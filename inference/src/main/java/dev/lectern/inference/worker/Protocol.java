package dev.lectern.inference.worker;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The worker's wire format: one JSON object per line, each prefixed with {@link #PREFIX} on the
 * worker's stdout, so stray output from native code on the same stream is recognised and skipped.
 */
final class Protocol {
    static final String PREFIX = "@@lectern ";
    static final ObjectMapper JSON = new ObjectMapper();

    private Protocol() {
    }
}
