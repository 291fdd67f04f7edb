package dev.lectern.parsing.model;

import java.util.List;

/**
 * A heading and the text it governs. {@code headingPath} runs from the outermost heading to this
 * one ("ARTICLE IV", "4.2 Termination"); {@code [start, end)} covers the heading line and its body up
 * to the next heading of the same or a higher level. {@code headingStart}/{@code headingEnd} locate
 * the heading itself.
 */
public record Section(List<String> headingPath, int level, int headingStart, int headingEnd, int start, int end) {
    public Section {
        headingPath = List.copyOf(headingPath);
        if (headingPath.isEmpty()) {
            throw new IllegalArgumentException("a section needs at least its own heading in headingPath");
        }
        if (level < 1) {
            throw new IllegalArgumentException("section level must be >= 1, got " + level);
        }
        if (start < 0 || headingStart < start || headingEnd < headingStart || end < headingEnd) {
            throw new IllegalArgumentException("section '" + headingPath.get(headingPath.size() - 1)
                    + "' has inconsistent offsets: start=" + start + " heading=[" + headingStart + ", "
                    + headingEnd + ") end=" + end);
        }
    }

    public String heading() {
        return headingPath.get(headingPath.size() - 1);
    }
}
