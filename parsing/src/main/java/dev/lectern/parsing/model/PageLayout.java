package dev.lectern.parsing.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The geometry of one rendered page: its size in PDF units and the boxes of its words, sorted by
 * text offset. Lets a viewer highlight any character range of the document text on the page.
 */
public record PageLayout(int page, float width, float height, boolean ocr, List<WordBox> words) {
    public PageLayout {
        words = List.copyOf(words);
        if (page < 1) {
            throw new IllegalArgumentException("page must be 1-based, got " + page);
        }
        if (!(width > 0) || !(height > 0)) {
            throw new IllegalArgumentException("page " + page + " needs a positive size, got " + width + "x" + height);
        }
    }

    /** The boxes of the words that overlap {@code [from, to)}, in text order. */
    public List<WordBox> boxesFor(int from, int to) {
        List<WordBox> out = new ArrayList<>();
        int lo = 0;
        int hi = words.size();
        while (lo < hi) { // first box whose end > from
            int mid = (lo + hi) >>> 1;
            if (words.get(mid).end() <= from) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        for (int i = lo; i < words.size() && words.get(i).start() < to; i++) {
            out.add(words.get(i));
        }
        return out;
    }
}
