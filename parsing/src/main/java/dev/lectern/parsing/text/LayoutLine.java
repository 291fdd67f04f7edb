package dev.lectern.parsing.text;

import java.util.List;

/** One line of words on a page, in reading order, with its geometry worked out once. */
public final class LayoutLine {
    private final List<LayoutWord> words;
    private final float top;
    private final float bottom;
    private final float size;
    private final boolean allBold;
    private final String text;

    public LayoutLine(List<LayoutWord> words) {
        if (words.isEmpty()) {
            throw new IllegalArgumentException("a line needs at least one word");
        }
        this.words = List.copyOf(words);
        float t = Float.MAX_VALUE;
        float b = -Float.MAX_VALUE;
        float s = 0;
        int sChars = -1;
        boolean bold = true;
        StringBuilder sb = new StringBuilder();
        for (LayoutWord w : this.words) {
            t = Math.min(t, w.top());
            b = Math.max(b, w.bottom());
            // the size most of the line's characters are set in
            if (w.text().length() > sChars) {
                sChars = w.text().length();
                s = w.size();
            }
            bold &= w.bold();
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(w.text());
        }
        this.top = t;
        this.bottom = b;
        this.size = s;
        this.allBold = bold;
        this.text = sb.toString();
    }

    public List<LayoutWord> words() {
        return words;
    }

    public float top() {
        return top;
    }

    public float bottom() {
        return bottom;
    }

    public float height() {
        return Math.max(1f, bottom - top);
    }

    public float size() {
        return size;
    }

    public boolean allBold() {
        return allBold;
    }

    /** The words joined by single spaces. */
    public String text() {
        return text;
    }
}
