package dev.lectern.app.answer;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Numbers in text, normalised so "$1.2 million", "1,200,000" and "1.2" can be compared: each
 * mention keeps its value as written and the value its scale word gives it.
 */
final class Numbers {
    private static final Pattern NUMBER = Pattern.compile(
            "(?<![\\p{L}\\p{N}.,])(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?|\\.\\d+)"
                    + "(?:\\s*(%|percent\\b|per cent\\b|thousand\\b|million\\b|billion\\b|trillion\\b|bn\\b|mn\\b|m\\b|k\\b))?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern NUMBER_WORD = Pattern.compile(
            "\\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|sixty|ninety|hundred)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Map<String, Integer> WORD_VALUES = Map.ofEntries(
            Map.entry("one", 1), Map.entry("two", 2), Map.entry("three", 3), Map.entry("four", 4),
            Map.entry("five", 5), Map.entry("six", 6), Map.entry("seven", 7), Map.entry("eight", 8),
            Map.entry("nine", 9), Map.entry("ten", 10), Map.entry("eleven", 11), Map.entry("twelve", 12),
            Map.entry("fifteen", 15), Map.entry("twenty", 20), Map.entry("thirty", 30), Map.entry("sixty", 60),
            Map.entry("ninety", 90), Map.entry("hundred", 100));

    private Numbers() {
    }

    /**
     * A number as written ({@code text} at {@code [start, end)}): {@code value} without its scale,
     * {@code scaled} with it (equal when there is none), and how far a rounded mention may be off.
     */
    record Mention(String text, int start, int end, double value, double scaled, double tolerance) {
        /** Whether {@code other} (from a source) states this number, allowing for the rounding a scale word implies. */
        boolean matches(Mention other) {
            for (double mine : new double[] {value, scaled}) {
                for (double theirs : new double[] {other.value, other.scaled}) {
                    double tol = Math.max(mine == scaled ? tolerance : 0, 1e-9 * Math.abs(mine));
                    if (Math.abs(mine - theirs) <= tol) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    static List<Mention> find(String text) {
        List<Mention> out = new ArrayList<>();
        Matcher m = NUMBER.matcher(text);
        while (m.find()) {
            String digits = m.group(1).replace(",", "");
            BigDecimal bd;
            try {
                bd = new BigDecimal(digits);
            } catch (NumberFormatException e) {
                continue;
            }
            double value = bd.doubleValue();
            String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
            double scale = switch (unit) {
                case "thousand", "k" -> 1e3;
                case "million", "mn", "m" -> 1e6;
                case "billion", "bn" -> 1e9;
                case "trillion" -> 1e12;
                default -> 1;
            };
            // "$1.2 million" stands for anything that rounds to it: 1,234,567 included
            double tolerance = scale > 1 ? 0.5 * Math.pow(10, -Math.max(bd.scale(), 0)) * scale : 0;
            out.add(new Mention(m.group(), m.start(), m.end(), value, value * scale, tolerance));
        }
        Matcher w = NUMBER_WORD.matcher(text);
        while (w.find()) {
            double v = WORD_VALUES.get(w.group(1).toLowerCase(Locale.ROOT));
            out.add(new Mention(w.group(), w.start(), w.end(), v, v, 0));
        }
        out.sort((a, b) -> Integer.compare(a.start(), b.start()));
        return out;
    }

    /** Whether some mention in {@code haystack} states {@code n}. */
    static boolean stated(Mention n, List<Mention> haystack) {
        for (Mention h : haystack) {
            if (n.matches(h)) {
                return true;
            }
        }
        return false;
    }
}
