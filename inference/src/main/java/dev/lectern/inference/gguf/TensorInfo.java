package dev.lectern.inference.gguf;

import java.util.Arrays;
import java.util.Objects;

/** One tensor as a GGUF header describes it: name, shape, type and offset in the data section. */
public record TensorInfo(String name, long[] dims, GgmlType type, long offset) {
    public TensorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        dims = dims.clone();
        if (dims.length == 0 || dims.length > 4) {
            throw new IllegalArgumentException("tensor " + name + " has " + dims.length + " dimensions; GGUF allows 1 to 4");
        }
        for (long d : dims) {
            if (d <= 0) {
                throw new IllegalArgumentException("tensor " + name + " has a dimension of " + d);
            }
        }
    }

    public long elements() {
        long n = 1;
        for (long d : dims) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public long bytes() {
        return type.bytesFor(elements());
    }

    /** The block number for names like {@code blk.12.attn_q.weight}, or -1 for tensors outside the blocks. */
    public int layer() {
        if (!name.startsWith("blk.")) {
            return -1;
        }
        int dot = name.indexOf('.', 4);
        try {
            return Integer.parseInt(name.substring(4, dot < 0 ? name.length() : dot));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && name.equals(t.name) && Arrays.equals(dims, t.dims) && type == t.type
                && offset == t.offset;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(dims), type, offset);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(dims) + " " + type;
    }
}
