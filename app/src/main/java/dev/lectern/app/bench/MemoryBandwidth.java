package dev.lectern.app.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures how fast this machine streams memory into the cores (GB/s): decoding one token reads
 * every weight once, so this bandwidth over the model's size is the ceiling for decode speed.
 */
public final class MemoryBandwidth {
    private MemoryBandwidth() {
    }

    /** Best of {@code rounds} passes summing a {@code megabytes} array split over {@code threads}. */
    public static double measureGBps(int megabytes, int threads, int rounds) throws Exception {
        long[] data = new long[megabytes * (1 << 20) / 8];
        for (int i = 0; i < data.length; i += 512) {
            data[i] = i;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            double best = 0;
            long sink = 0;
            for (int r = 0; r < rounds + 1; r++) { // the first round warms the JIT and the pages
                long t0 = System.nanoTime();
                List<Future<Long>> parts = new ArrayList<>();
                int slice = data.length / threads;
                for (int t = 0; t < threads; t++) {
                    int from = t * slice;
                    int to = t == threads - 1 ? data.length : from + slice;
                    parts.add(pool.submit(() -> sum(data, from, to)));
                }
                for (Future<Long> f : parts) {
                    sink += f.get();
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (r > 0) {
                    best = Math.max(best, data.length * 8.0 / seconds / 1e9);
                }
            }
            if (sink == 42) {
                System.getProperties(); // keeps the sums alive without printing anything
            }
            return best;
        } finally {
            pool.shutdownNow();
        }
    }

    private static long sum(long[] a, int from, int to) {
        long s0 = 0;
        long s1 = 0;
        long s2 = 0;
        long s3 = 0;
        int i = from;
        for (; i + 3 < to; i += 4) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
        }
        for (; i < to; i++) {
            s0 += a[i];
        }
        return s0 + s1 + s2 + s3;
    }
}
