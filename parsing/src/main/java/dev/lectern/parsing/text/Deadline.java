package dev.lectern.parsing.text;

import dev.lectern.parsing.ParseException;
import java.time.Duration;

/**
 * A wall-clock budget checked cooperatively by the parsers (per page, per SAX event), so a hung or
 * pathological file stops with a clear reason instead of an interrupted thread in native or
 * library code.
 */
public final class Deadline {
    private final long endNanos;
    private final Duration budget;

    public Deadline(Duration budget) {
        this.budget = budget;
        this.endNanos = System.nanoTime() + budget.toNanos();
    }

    public void check() {
        if (System.nanoTime() - endNanos > 0 || Thread.currentThread().isInterrupted()) {
            throw new ParseAbort(ParseException.Reason.TIMED_OUT, "stopped after " + format(budget));
        }
    }

    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, endNanos - System.nanoTime()));
    }

    private static String format(Duration d) {
        return d.toSeconds() >= 1 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
