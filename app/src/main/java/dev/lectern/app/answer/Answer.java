package dev.lectern.app.answer;

import dev.lectern.indexing.Passage;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What Lectern says to a question: how it was made ({@link Mode}), the full text with inline
 * {@code [n]} markers, its sentences with their citations and support, the citations themselves,
 * the closest passages when nothing answered the question, and how many pages were read.
 */
public record Answer(Mode mode, String text, List<AnswerSentence> sentences, List<Citation> citations,
                     List<Passage> closest, int pagesRead) {

    /** How the answer was made. */
    public enum Mode {
        /** Written by the model from the sources. */
        GENERATED,
        /** Quoted from the documents, without a model. */
        EVIDENCE,
        /** The documents do not answer the question; {@link #closest()} says what came nearest. */
        NOT_FOUND;

        /** The name used in JSON: {@code generated}, {@code evidence} or {@code not_found}. */
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Answer {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(text, "text");
        sentences = List.copyOf(sentences);
        citations = List.copyOf(citations);
        closest = List.copyOf(closest);
        if (pagesRead < 0) {
            throw new IllegalArgumentException("pagesRead must be >= 0, got " + pagesRead);
        }
        for (AnswerSentence s : sentences) {
            for (int n : s.citations()) {
                if (citations.stream().noneMatch(c -> c.n() == n)) {
                    throw new IllegalArgumentException("sentence cites [" + n + "] but the answer has no citation " + n
                            + ": drop the marker or add the citation");
                }
            }
        }
    }

    /**
     * Why the documents do not answer, when Lectern knows more than that they do not (e.g. "none of
     * your documents mentions Kraft Heinz"); empty otherwise and for answers that were found.
     */
    public java.util.Optional<String> notFoundReason() {
        String lead = EvidenceAnswerer.NOT_FOUND_BECAUSE;
        if (mode != Mode.NOT_FOUND || !text.startsWith(lead) || !text.endsWith(".")) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(text.substring(lead.length(), text.length() - 1));
    }

    /** {@link #notFoundReason()} as a sentence of its own, for a card, a copy or an export: "None of your documents mentions Kraft Heinz." */
    public java.util.Optional<String> notFoundReasonSentence() {
        return notFoundReason().map(why -> Character.toUpperCase(why.charAt(0)) + why.substring(1) + ".");
    }
}
