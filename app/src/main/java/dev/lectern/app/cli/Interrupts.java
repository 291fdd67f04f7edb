package dev.lectern.app.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ctrl+C for long commands. The first one asks the work to stop at its next step, so the command
 * still reports what it did (a shutdown hook cannot: the JVM is already exiting when it runs); a
 * second one ends the process at once.
 */
final class Interrupts {
    private static final Logger LOG = LoggerFactory.getLogger(Interrupts.class);
    static final int EXIT_INTERRUPTED = 130;

    private Interrupts() {
    }

    static void onCtrlC(AtomicBoolean cancelled) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), sig -> {
                if (cancelled.getAndSet(true)) {
                    Runtime.getRuntime().halt(EXIT_INTERRUPTED);
                }
                System.err.println("lectern: stopping after the current step (Ctrl+C again to stop at once)");
            });
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            // no signal API on this JVM: at least mark the work cancelled while the JVM exits
            LOG.debug("Ctrl+C cannot be caught here", e);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> cancelled.set(true)));
        }
    }
}
