package dev.lectern.app.bench;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The most heap in use ({@code totalMemory - freeMemory}) seen while it runs, sampled by a daemon
 * thread. Garbage not yet collected counts as used, so the figure is what the heap had to hold,
 * an upper bound of what the work itself needed.
 */
public final class HeapSampler implements AutoCloseable {
    private final AtomicLong peak = new AtomicLong();
    private final Thread thread;
    private volatile boolean stopped;

    private HeapSampler(Duration period) {
        long millis = Math.max(1, period.toMillis());
        sample();
        thread = new Thread(() -> {
            while (!stopped) {
                sample();
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "lectern-heap-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts sampling every {@code period}. */
    public static HeapSampler start(Duration period) {
        return new HeapSampler(period);
    }

    private void sample() {
        Runtime rt = Runtime.getRuntime();
        peak.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
    }

    /** The peak so far, counting the heap in use right now. */
    public long peakBytes() {
        sample();
        return peak.get();
    }

    /** Stops sampling; {@link #peakBytes()} keeps its last value. */
    @Override
    public void close() {
        if (!stopped) {
            sample();
            stopped = true;
            thread.interrupt();
        }
    }
}
