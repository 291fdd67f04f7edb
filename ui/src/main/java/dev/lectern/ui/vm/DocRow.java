package dev.lectern.ui.vm;

import java.time.Instant;
import java.util.Locale;

/**
 * One line of the library: a document (or a file on its way in, or one that failed), its status,
 * pages, when it was added and how far its own ingest has come ({@code progress} 0..1, or -1 while
 * it cannot be told).
 */
public record DocRow(String path, String docId, String title, Status status, String reason, int pages, Instant added,
                     double progress) {

    /** Where a document stands; keyword search works from {@link #KEYWORD} on. */
    public enum Status {
        QUEUED("queued"),
        PARSING("parsing"),
        KEYWORD("keyword search ready; semantic search pending"),
        EMBEDDING("embedding"),
        READY("ready"),
        KEYWORD_ONLY("ready (keyword search only)"),
        NEEDS_OCR("needs OCR"),
        FAILED("failed");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** Whether keyword search covers the document. */
        public boolean searchable() {
            return this == KEYWORD || this == EMBEDDING || this == READY || this == KEYWORD_ONLY || this == NEEDS_OCR;
        }
    }

    public String fileName() {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return slash < 0 ? path : path.substring(slash + 1);
    }

    /** The status as shown: the label, and the reason when there is one. */
    public String statusText() {
        return reason == null || reason.isBlank() ? status.label() : status.label() + ": " + reason;
    }

    public String pagesText() {
        return pages <= 0 ? "" : pages + (pages == 1 ? " page" : " pages");
    }

    public DocRow with(Status s, String why, double p) {
        return new DocRow(path, docId, title, s, why, pages, added, p);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s [%s]", fileName(), statusText());
    }
}
