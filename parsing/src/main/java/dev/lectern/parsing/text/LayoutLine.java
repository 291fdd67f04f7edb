package dev.lectern.parsing.text;

import java.util.List;

/** One line of words on a page, in reading order. */
public record LayoutLine(List<LayoutWord> words) {
    public LayoutLine {
        words = List.copyOf(words);
        if (words.isEmpty()) {
            throw new IllegalArgumentException("a line needs at least one word");
        }
    }

    public float top() {
        float t = Float.MAX_VALUE;
        for (LayoutWord w : words) {
            t = Math.min(t, w.top());
        }
        return t;
    }

    public float bottom() {
        float b = -Float.MAX_VALUE;
        for (LayoutWord w : words) {
            b = Math.max(b, w.bottom());
        }
        return b;
    }

    public float height() {
        return Math.max(1f, bottom() - top());
    }

    /** The size most of the line's characters are set in. */
    public float size() {
        float best = 0;
        int bestChars = -1;
        for (LayoutWord w : words) {
            if (w.text().length() > bestChars) {
                bestChars = w.text().length();
                best = w.size();
            }
        }
        return best;
    }

    public boolean allBold() {
        for (LayoutWord w : words) {
            if (!w.bold()) {
                return false;
            }
        }
        return true;
    }

    public String text() {
        StringBuilder sb = new StringBuilder();
        for (LayoutWord w : words) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(w.text());
        }
        return sb.toString();
    }
}
