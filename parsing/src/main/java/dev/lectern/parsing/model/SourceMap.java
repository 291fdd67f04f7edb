package dev.lectern.parsing.model;

import java.util.Arrays;

/**
 * Maps offsets in the cleaned document text back to offsets in the source file's own text (in
 * Unicode code points, as the file reads in its charset), for formats that have one, such as plain
 * text. Cleanup removes or shortens runs of characters; each anchor records where a run of
 * unchanged characters starts in both texts, so any offset maps back exactly.
 */
public final class SourceMap {
    private final int[] textOffsets;
    private final int[] sourceOffsets;
    private final int sourceLength;

    public SourceMap(int[] textOffsets, int[] sourceOffsets, int sourceLength) {
        if (textOffsets.length != sourceOffsets.length) {
            throw new IllegalArgumentException("anchors must come in pairs: " + textOffsets.length
                    + " text offsets vs " + sourceOffsets.length + " source offsets");
        }
        for (int i = 1; i < textOffsets.length; i++) {
            if (textOffsets[i] < textOffsets[i - 1] || sourceOffsets[i] < sourceOffsets[i - 1]) {
                throw new IllegalArgumentException("anchors must be sorted, anchor " + i + " goes backwards");
            }
        }
        this.textOffsets = textOffsets.clone();
        this.sourceOffsets = sourceOffsets.clone();
        this.sourceLength = sourceLength;
    }

    /** The source offset of the character at {@code textOffset} (or of the end, for the text length). */
    public int toSource(int textOffset) {
        if (textOffsets.length == 0) {
            return Math.min(textOffset, sourceLength);
        }
        int i = Arrays.binarySearch(textOffsets, textOffset);
        if (i < 0) {
            i = -i - 2;
        } else {
            // several anchors can share a text offset when characters were dropped: take the last
            while (i + 1 < textOffsets.length && textOffsets[i + 1] == textOffset) {
                i++;
            }
        }
        if (i < 0) {
            return Math.min(textOffset, sourceLength);
        }
        return Math.min(sourceOffsets[i] + (textOffset - textOffsets[i]), sourceLength);
    }

    public int sourceLength() {
        return sourceLength;
    }

    public int anchors() {
        return textOffsets.length;
    }
}
