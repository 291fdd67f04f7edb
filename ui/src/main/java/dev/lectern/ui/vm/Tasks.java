package dev.lectern.ui.vm;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The background executors the view-models run their work on: long work never runs on the UI thread. */
public final class Tasks {
    private Tasks() {
    }

    /** One daemon thread per kind of work (ingest, answers, viewer, models), so each kind queues in order. */
    public static ExecutorService single(String name) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lectern-" + name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            t.setPriority(Thread.NORM_PRIORITY - 1);
            return t;
        });
    }

    /** Runs work on the calling thread: for tests. */
    public static final Executor DIRECT = Runnable::run;
}
