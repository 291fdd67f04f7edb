package dev.lectern.app.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Character-overlap precision and recall of retrieved spans against evidence spans, as
 * LegalBench-RAG defines them: over the top-k passages taken as character ranges of their
 * documents, recall = |retrieved ∩ evidence| / |evidence| and precision = |retrieved ∩ evidence| /
 * |retrieved|; a passage in another document adds only to |retrieved|. Overlapping ranges are
 * merged first, so no character counts twice.
 */
public final class SpanMetrics {
    /** A {@code [start, end)} range of one document's text. */
    public record Span(String doc, int start, int end) {
        public Span {
            if (end < start) {
                throw new IllegalArgumentException("span end " + end + " is before its start " + start);
            }
        }
    }

    /** Precision and recall of one question at one k. */
    public record PR(double precision, double recall) {
    }

    private SpanMetrics() {
    }

    public static PR score(List<Span> retrieved, List<Span> evidence) {
        Map<String, List<int[]>> r = merge(retrieved);
        Map<String, List<int[]>> e = merge(evidence);
        long retrievedChars = total(r);
        long evidenceChars = total(e);
        long overlap = 0;
        for (Map.Entry<String, List<int[]>> en : e.entrySet()) {
            List<int[]> rs = r.get(en.getKey());
            if (rs != null) {
                overlap += intersect(rs, en.getValue());
            }
        }
        double precision = retrievedChars == 0 ? 0 : (double) overlap / retrievedChars;
        double recall = evidenceChars == 0 ? 0 : (double) overlap / evidenceChars;
        return new PR(precision, recall);
    }

    private static Map<String, List<int[]>> merge(List<Span> spans) {
        Map<String, List<int[]>> by = new HashMap<>();
        for (Span s : spans) {
            if (s.end() > s.start()) {
                by.computeIfAbsent(s.doc(), k -> new ArrayList<>()).add(new int[] {s.start(), s.end()});
            }
        }
        for (Map.Entry<String, List<int[]>> en : by.entrySet()) {
            List<int[]> list = en.getValue();
            list.sort(Comparator.comparingInt(a -> a[0]));
            List<int[]> out = new ArrayList<>();
            for (int[] iv : list) {
                if (!out.isEmpty() && iv[0] <= out.get(out.size() - 1)[1]) {
                    out.get(out.size() - 1)[1] = Math.max(out.get(out.size() - 1)[1], iv[1]);
                } else {
                    out.add(new int[] {iv[0], iv[1]});
                }
            }
            en.setValue(out);
        }
        return by;
    }

    private static long total(Map<String, List<int[]>> m) {
        long t = 0;
        for (List<int[]> l : m.values()) {
            for (int[] iv : l) {
                t += iv[1] - iv[0];
            }
        }
        return t;
    }

    private static long intersect(List<int[]> a, List<int[]> b) {
        long sum = 0;
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            int lo = Math.max(a.get(i)[0], b.get(j)[0]);
            int hi = Math.min(a.get(i)[1], b.get(j)[1]);
            if (hi > lo) {
                sum += hi - lo;
            }
            if (a.get(i)[1] < b.get(j)[1]) {
                i++;
            } else {
                j++;
            }
        }
        return sum;
    }
}
