package dev.lectern.indexing.lucene;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The second look at a retrieved chunk: which of its sentences answer the question. Each sentence
 * scores the share of the question's term weight (IDF) it contains, plus, when vectors are given,
 * its embedding similarity to the question; the best sentence, widened by neighbours that score
 * nearly as well, is the focus. A passage then cites that window rather than the whole chunk, and
 * its best sentence score can rerank chunks whose answer is one sharp sentence among filler.
 */
final class Focus {
    /** The chosen window, as a range of the chunk's text, with the scores behind it. */
    record Window(int start, int end, double best, double inside) {
    }

    private Focus() {
    }

    /**
     * Per-sentence scores: term-weight share of the query, plus {@code vectorWeight} times cosine
     * similarity where {@code cosines} is non-null.
     *
     * @param text      the chunk text
     * @param sentences its sentences
     * @param weights   weight of each (analysed) query term
     * @param analyse   the distinct analysed terms of a piece of text
     * @param cosines   per-sentence cosine to the query, or null
     */
    static double[] scores(String text, List<Sentences.Span> sentences, Map<String, Double> weights,
                           Function<String, ? extends java.util.Collection<String>> analyse, double[] cosines,
                           double vectorWeight) {
        double total = 0;
        for (double w : weights.values()) {
            total += w;
        }
        double[] out = new double[sentences.size()];
        for (int i = 0; i < out.length; i++) {
            Sentences.Span s = sentences.get(i);
            double lex = 0;
            if (total > 0) {
                Set<String> seen = new java.util.HashSet<>(analyse.apply(text.substring(s.start(), s.end())));
                for (String term : seen) {
                    lex += weights.getOrDefault(term, 0.0);
                }
                lex /= total;
            }
            out[i] = lex + (cosines == null ? 0 : vectorWeight * cosines[i]);
        }
        return out;
    }

    /**
     * The best sentence, widened to neighbours scoring at least {@code keep} times as much, up to
     * {@code maxChars} in all.
     */
    static Window choose(List<Sentences.Span> sentences, double[] score, double keep, int maxChars) {
        if (sentences.isEmpty()) {
            throw new IllegalArgumentException("a chunk with no sentences has no focus");
        }
        int best = 0;
        for (int i = 0; i < score.length; i++) {
            if (score[i] > score[best]) {
                best = i;
            }
        }
        int lo = best;
        int hi = best;
        double threshold = keep * score[best];
        while (true) {
            boolean left = lo > 0 && score[lo - 1] >= threshold
                    && sentences.get(hi).end() - sentences.get(lo - 1).start() <= maxChars;
            boolean right = hi + 1 < score.length && score[hi + 1] >= threshold
                    && sentences.get(hi + 1).end() - sentences.get(lo).start() <= maxChars;
            if (left && (!right || score[lo - 1] >= score[hi + 1])) {
                lo--;
            } else if (right) {
                hi++;
            } else {
                break;
            }
        }
        double in = 0;
        for (int i = lo; i <= hi; i++) {
            in += Math.max(0, score[i]);
        }
        return new Window(sentences.get(lo).start(), sentences.get(hi).end(), score[best], in);
    }
}
