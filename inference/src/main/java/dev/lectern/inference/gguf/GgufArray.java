package dev.lectern.inference.gguf;

import java.util.List;

/**
 * A metadata array. Long arrays (a tokenizer's 150,000 tokens) keep only their element type and
 * length, which is all validation needs; short ones keep their values.
 */
public record GgufArray(int elementType, long length, List<Object> values) {
    public GgufArray {
        values = values == null ? null : List.copyOf(values);
    }

    public boolean hasValues() {
        return values != null;
    }
}
