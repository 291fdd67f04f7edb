package dev.lectern.app.bench;

import dev.lectern.app.workspace.FileOutcome;
import dev.lectern.app.workspace.IngestListener;
import dev.lectern.app.workspace.IngestReport;
import dev.lectern.app.workspace.Workspace;
import dev.lectern.app.workspace.Workspaces;
import dev.lectern.parsing.DocumentParser;
import dev.lectern.parsing.ParseException;
import dev.lectern.parsing.model.Document;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Ingest throughput of the real pipeline ({@link Workspaces#open} and {@link Workspace#ingest}) into
 * a scratch workspace that is deleted afterwards: how soon keyword search covers a folder, how soon
 * its vectors are done, embedding speed and peak heap. One cold pass, as a user's first ingest is.
 *
 * <p>Pages are the pages of paginated files (PDF, slides, images); a file without pages of its own
 * (TXT, DOCX, HTML, ...) counts one page per {@value #CHARS_PER_PAGE} characters of its text,
 * rounded up, found by parsing it again after the timed run.
 */
public final class IngestBenchmark {
    /** Goal: keyword search covers at least this many pages a second. */
    public static final double GOAL_KEYWORD_PAGES_PER_SECOND = 50;
    /** Goal: vectors are done (keyword and vector stages together) for at least this many pages a second. */
    public static final double GOAL_VECTOR_PAGES_PER_SECOND = 6;
    /** Characters that count as one page for a file without pages of its own. */
    public static final int CHARS_PER_PAGE = 3000;

    /**
     * One run. {@code pages} = {@code paginatedPages} + {@code pageEquivalents}; {@code model} is
     * null for a keyword-only run; {@code failures} lists the files that could not be ingested.
     */
    public record Result(int files, int added, List<FileOutcome> failures, int pages, int paginatedPages,
                         int pageEquivalents, int unpaginatedFiles, long chunks, String model, int threads,
                         double modelSeconds, double keywordSeconds, double vectorSeconds, long chunksEmbedded,
                         long peakHeapBytes, long maxHeapBytes) {
        public Result {
            failures = List.copyOf(failures);
        }

        /** Pages per second until keyword search covered every file. */
        public double keywordPagesPerSecond() {
            return pages / keywordSeconds;
        }

        /** Pages per second until vectors were done too: pages / (keyword + vector seconds). */
        public double vectorPagesPerSecond() {
            return pages / (keywordSeconds + vectorSeconds);
        }

        /** Chunks embedded per second of the vector stage. */
        public double chunksPerSecond() {
            return chunksEmbedded / vectorSeconds;
        }
    }

    /**
     * Ingests every file under {@code dir} into a scratch workspace.
     *
     * @param model   the embedding model id, or null for keyword search only
     * @param threads parse threads and embedding workers
     */
    public Result run(Path dir, String model, int threads, Consumer<String> progress) throws IOException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        List<Path> files = Workspace.expand(List.of(dir));
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no files under " + dir + ": give a folder of documents");
        }
        Workspaces.Options options = new Workspaces.Options(model, threads, threads, Workspaces.INDEX_CHUNK_TOKENS);
        IngestReport report;
        long chunks;
        double modelSeconds;
        long peak;
        try (Scratch scratch = Scratch.create("lectern-bench-ingest-");
             HeapSampler heap = HeapSampler.start(Duration.ofMillis(200))) {
            progress.accept("ingesting " + files.size() + " files into a scratch workspace, " + threads + " thread(s)"
                    + (model == null ? ", no vectors" : ", model " + model));
            long t0 = System.nanoTime();
            try (Workspace w = Workspaces.open("bench", scratch.dir().resolve("index"), options)) {
                modelSeconds = (System.nanoTime() - t0) / 1e9;
                report = w.ingest(List.of(dir), listener(progress), () -> false);
                chunks = w.index().chunkCount();
            }
            peak = heap.peakBytes();
        }
        List<FileOutcome> failures = new ArrayList<>();
        int paginatedPages = 0;
        int equivalents = 0;
        int unpaginated = 0;
        int added = 0;
        DocumentParser parser = new DocumentParser();
        for (FileOutcome o : report.files()) {
            if (o.status() == FileOutcome.Status.FAILED) {
                failures.add(o);
                continue;
            }
            added++;
            if (o.pages() > 0) {
                paginatedPages += o.pages();
            } else {
                unpaginated++;
                equivalents += pageEquivalents(parser, o.file());
            }
        }
        return new Result(files.size(), added, failures, paginatedPages + equivalents, paginatedPages, equivalents,
                unpaginated, chunks, model, threads, modelSeconds, report.keywordSeconds(), report.vectorSeconds(),
                report.chunksEmbedded(), peak, Runtime.getRuntime().maxMemory());
    }

    private static int pageEquivalents(DocumentParser parser, Path file) {
        try {
            Document d = parser.extract(file);
            return Math.max(1, (d.text().length() + CHARS_PER_PAGE - 1) / CHARS_PER_PAGE);
        } catch (ParseException e) {
            return 1; // it parsed during the ingest; count it as one page rather than fail the report
        }
    }

    /** Reports about every tenth of the files and of the chunks embedded. */
    private static IngestListener listener(Consumer<String> progress) {
        return new IngestListener() {
            private long lastChunkStep = -1;

            @Override
            public void finished(FileOutcome outcome, int done, int total) {
                if (done == total || done % Math.max(1, total / 10) == 0) {
                    progress.accept("keyword stage: " + done + " of " + total + " files");
                }
            }

            @Override
            public void embedding(long chunksDone, long chunksTotal, String currentTitle) {
                long step = chunksTotal == 0 ? 10 : chunksDone * 10 / chunksTotal;
                if (step != lastChunkStep) {
                    lastChunkStep = step;
                    progress.accept("vector stage: " + chunksDone + " of " + chunksTotal + " chunks");
                }
            }
        };
    }
}
