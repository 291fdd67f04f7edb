package dev.lectern.app.workspace;

import java.util.List;

/** The outcome of one ingest: every file's result, and how long the two stages took. */
public record IngestReport(List<FileOutcome> files, double keywordSeconds, double vectorSeconds, long chunksEmbedded,
                           boolean cancelled) {
    public IngestReport {
        files = List.copyOf(files);
    }

    public long count(FileOutcome.Status s) {
        return files.stream().filter(f -> f.status() == s).count();
    }

    public int pages() {
        return files.stream().mapToInt(FileOutcome::pages).sum();
    }
}
