package dev.lectern.app.bench;

import dev.lectern.parsing.DocumentParser;
import dev.lectern.parsing.bench.PdfBoxBaseline;
import dev.lectern.parsing.model.Document;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Parse throughput in pages per second, Lectern's full parse beside bare PDFBox text extraction,
 * one thread and several, after a warm-up pass (the first pass runs 25-35% slower until the JIT
 * has compiled the hot paths).
 */
public final class ParseBenchmark {
    /** One timed pass. */
    public record Pass(String name, int threads, int files, int pages, double seconds) {
        public double pagesPerSecond() {
            return pages / seconds;
        }
    }

    private interface FileTask {
        int pages(Path file) throws Exception;
    }

    private final DocumentParser parser;

    public ParseBenchmark(DocumentParser parser) {
        this.parser = parser;
    }

    public List<Pass> run(List<Path> files, int threads, boolean warmup, Consumer<String> progress) throws Exception {
        FileTask lectern = file -> {
            Document d = parser.extract(file);
            return d.pages().size();
        };
        FileTask baseline = PdfBoxBaseline::extract;
        List<Pass> passes = new ArrayList<>();
        if (warmup) {
            progress.accept("warm-up pass");
            time("warm-up", lectern, files, 1);
            time("warm-up", baseline, files, 1);
        }
        progress.accept("PDFBox baseline, 1 thread");
        passes.add(time("PDFBox text (baseline)", baseline, files, 1));
        progress.accept("Lectern parse, 1 thread");
        passes.add(time("Lectern parse", lectern, files, 1));
        if (threads > 1) {
            progress.accept("PDFBox baseline, " + threads + " threads");
            passes.add(time("PDFBox text (baseline)", baseline, files, threads));
            progress.accept("Lectern parse, " + threads + " threads");
            passes.add(time("Lectern parse", lectern, files, threads));
        }
        return passes;
    }

    private static Pass time(String name, FileTask task, List<Path> files, int threads) throws Exception {
        long t0 = System.nanoTime();
        int pages = 0;
        if (threads == 1) {
            for (Path f : files) {
                pages += task.pages(f);
            }
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Integer>> futures = new ArrayList<>();
                for (Path f : files) {
                    futures.add(pool.submit(() -> task.pages(f)));
                }
                for (Future<Integer> fu : futures) {
                    pages += fu.get();
                }
            } finally {
                pool.shutdownNow();
            }
        }
        return new Pass(name, threads, files.size(), pages, (System.nanoTime() - t0) / 1e9);
    }
}
