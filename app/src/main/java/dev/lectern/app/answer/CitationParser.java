package dev.lectern.app.answer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a model's answer: finds its inline citations ({@code [1]}, {@code [2, 3]}, {@code [1][4]},
 * {@code [1-3]}, {@code [Source 2]}), splits it into sentences and gives each sentence the citations
 * written inside it or right after its end. A sentence without markers of its own cites nothing: it
 * does not inherit its neighbour's. Numbers outside 1..sourceCount are dropped and reported.
 * Never throws on any input; stateless and thread-safe.
 */
public final class CitationParser {
    /** A range wider than this is taken as a typo, not a list of sources. */
    private static final int MAX_RANGE = 50;
    private static final Pattern GROUP = Pattern.compile(
            "\\[\\s*(?:(?:sources?|src|doc)\\s*)?(\\d{1,9}(?:\\s*(?:[-\u2013\u2014]|,|;|and)\\s*(?:(?:sources?)\\s*)?\\d{1,9})*)\\s*]",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ITEM = Pattern.compile("(\\d{1,9})(?:\\s*[-\u2013\u2014]\\s*(\\d{1,9}))?");

    /** One sentence of an answer: {@code [start, end)} in the answer (markers included), its text without markers. */
    public record ParsedSentence(int start, int end, String text, List<Integer> citations) {
        public ParsedSentence {
            citations = List.copyOf(citations);
        }
    }

    /**
     * An answer taken apart: its sentences, every valid source number it cites (in first-cited
     * order), and the numbers it cites that no source has.
     */
    public record ParsedAnswer(String text, List<ParsedSentence> sentences, List<Integer> cited,
                               List<Integer> outOfRange) {
        public ParsedAnswer {
            sentences = List.copyOf(sentences);
            cited = List.copyOf(cited);
            outOfRange = List.copyOf(outOfRange);
        }
    }

    /** One citation group as found: where it is and the valid numbers in it. */
    private record Group(int start, int end, List<Integer> numbers) {
    }

    private final SentenceSplitter splitter = new SentenceSplitter();

    /** Parses {@code answer}, whose citations may name sources 1..{@code sourceCount}. */
    public ParsedAnswer parse(String answer, int sourceCount) {
        Objects.requireNonNull(answer, "answer");
        if (sourceCount < 0) {
            throw new IllegalArgumentException("sourceCount must be >= 0, got " + sourceCount);
        }
        Set<Integer> outOfRange = new TreeSet<>();
        List<Group> groups = new ArrayList<>();
        Matcher m = GROUP.matcher(answer);
        while (m.find()) {
            groups.add(new Group(m.start(), m.end(), numbers(m.group(1), sourceCount, outOfRange)));
        }
        // mask the markers so "grew.[1] Next" splits as if the markers were not there
        char[] masked = answer.toCharArray();
        for (Group g : groups) {
            for (int i = g.start; i < g.end; i++) {
                masked[i] = ' ';
            }
        }
        List<SentenceSplitter.Sentence> split = splitter.split(new String(masked));
        List<ParsedSentence> sentences = new ArrayList<>();
        Set<Integer> cited = new LinkedHashSet<>();
        int gi = 0;
        for (int si = 0; si < split.size(); si++) {
            int start = split.get(si).start();
            int end = split.get(si).end();
            int nextStart = si + 1 < split.size() ? split.get(si + 1).start() : answer.length();
            Set<Integer> mine = new LinkedHashSet<>();
            while (gi < groups.size() && groups.get(gi).start < nextStart) {
                Group g = groups.get(gi);
                if (g.start >= start || si == 0) {
                    // inside the sentence, or between its end and the next sentence: it belongs here
                    mine.addAll(g.numbers);
                    start = Math.min(start, g.start);
                    end = Math.max(end, g.end);
                }
                gi++;
            }
            cited.addAll(mine);
            sentences.add(new ParsedSentence(start, end, clean(answer, start, end, groups), new ArrayList<>(mine)));
        }
        return new ParsedAnswer(answer, sentences, new ArrayList<>(cited), new ArrayList<>(outOfRange));
    }

    private static List<Integer> numbers(String list, int sourceCount, Set<Integer> outOfRange) {
        Set<Integer> out = new LinkedHashSet<>();
        Matcher m = ITEM.matcher(list);
        while (m.find()) {
            long a = Long.parseLong(m.group(1));
            long b = m.group(2) == null ? a : Long.parseLong(m.group(2));
            long lo = Math.min(a, b);
            long hi = Math.max(a, b);
            if (hi - lo > MAX_RANGE) {
                add(lo, sourceCount, out, outOfRange);
                add(hi, sourceCount, out, outOfRange);
                continue;
            }
            for (long n = lo; n <= hi; n++) {
                add(n, sourceCount, out, outOfRange);
            }
        }
        return new ArrayList<>(out);
    }

    private static void add(long n, int sourceCount, Set<Integer> out, Set<Integer> outOfRange) {
        if (n >= 1 && n <= sourceCount) {
            out.add((int) n);
        } else {
            outOfRange.add((int) Math.min(n, Integer.MAX_VALUE));
        }
    }

    /** The sentence's text with its markers and the spaces before them removed. */
    private static String clean(String answer, int start, int end, List<Group> groups) {
        StringBuilder sb = new StringBuilder();
        int pos = start;
        for (Group g : groups) {
            if (g.end <= start || g.start >= end) {
                continue;
            }
            sb.append(answer, pos, Math.max(pos, g.start));
            while (sb.length() > 0 && sb.charAt(sb.length() - 1) == ' ') {
                sb.setLength(sb.length() - 1);
            }
            pos = Math.max(pos, g.end);
        }
        if (pos < end) {
            sb.append(answer, pos, end);
        }
        return sb.toString().replaceAll("\\s+([.,;:!?])", "$1").strip();
    }
}
