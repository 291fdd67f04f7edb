package dev.lectern.inference.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes GGUF v3 files with random weights: the test and benchmark models that exercise the real
 * llama.cpp path without any download. Supports F32, F16, Q8_0 and Q4_0 tensors; one-dimensional
 * tensors (norms) are written as ones so activations stay finite.
 */
public final class GgufWriter {
    private static final int ALIGNMENT = 32;

    private record Typed(int type, Object value) {
    }

    private record Planned(String name, GgmlType type, long[] dims, List<Long> zeroRows) {
    }

    private final Map<String, Typed> meta = new LinkedHashMap<>();
    private final List<Planned> tensors = new ArrayList<>();
    private double weightScale = 0.02;

    public GgufWriter putString(String key, String v) {
        meta.put(key, new Typed(8, v));
        return this;
    }

    public GgufWriter putU32(String key, long v) {
        meta.put(key, new Typed(4, v));
        return this;
    }

    public GgufWriter putF32(String key, float v) {
        meta.put(key, new Typed(6, v));
        return this;
    }

    public GgufWriter putBool(String key, boolean v) {
        meta.put(key, new Typed(7, v));
        return this;
    }

    public GgufWriter putStrings(String key, List<String> v) {
        meta.put(key, new Typed(9, new Object[]{8, List.copyOf(v)}));
        return this;
    }

    public GgufWriter putF32s(String key, List<Float> v) {
        meta.put(key, new Typed(9, new Object[]{6, List.copyOf(v)}));
        return this;
    }

    public GgufWriter putI32s(String key, List<Integer> v) {
        meta.put(key, new Typed(9, new Object[]{5, List.copyOf(v)}));
        return this;
    }

    /** Standard deviation of the random weights (default 0.02). */
    public GgufWriter weightScale(double s) {
        this.weightScale = s;
        return this;
    }

    public GgufWriter tensor(String name, GgmlType type, long... dims) {
        return tensor(name, type, List.of(), dims);
    }

    /** A tensor whose listed rows (along the last dimension) are zero, e.g. an output row that must never win. */
    public GgufWriter tensor(String name, GgmlType type, List<Long> zeroRows, long... dims) {
        if (type != GgmlType.F32 && type != GgmlType.F16 && type != GgmlType.Q8_0 && type != GgmlType.Q4_0) {
            throw new IllegalArgumentException("the test writer supports F32, F16, Q8_0 and Q4_0, not " + type);
        }
        type.bytesFor(dims[0]); // rows must fill whole blocks
        tensors.add(new Planned(name, type, dims.clone(), List.copyOf(zeroRows)));
        return this;
    }

    /** Writes the file atomically (a temporary file moved into place). */
    public void write(Path out, long seed) throws IOException {
        Path tmp = out.resolveSibling(out.getFileName() + ".part");
        SplittableRandom random = new SplittableRandom(seed);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            Buf header = new Buf();
            header.i32(GgufReader.MAGIC).i32(3).i64(tensors.size()).i64(meta.size());
            for (Map.Entry<String, Typed> e : meta.entrySet()) {
                header.str(e.getKey()).i32(e.getValue().type());
                header.value(e.getValue().type(), e.getValue().value());
            }
            long offset = 0;
            for (Planned t : tensors) {
                header.str(t.name()).i32(t.dims().length);
                for (long d : t.dims()) {
                    header.i64(d);
                }
                header.i32(t.type().id()).i64(offset);
                offset = align(offset + new TensorInfo(t.name(), t.dims(), t.type(), 0).bytes());
            }
            long pad = align(header.size()) - header.size();
            for (long i = 0; i < pad; i++) {
                header.u8(0);
            }
            ch.write(header.bytes());
            for (Planned t : tensors) {
                writeData(ch, t, random);
            }
        }
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void writeData(FileChannel ch, Planned t, SplittableRandom random) throws IOException {
        long elements = new TensorInfo(t.name(), t.dims(), t.type(), 0).elements();
        long rowElements = t.dims()[0];
        long rows = elements / rowElements;
        int rowBytes = (int) t.type().bytesFor(rowElements);
        ByteBuffer buf = ByteBuffer.allocate(Math.max(rowBytes, 1 << 20) / rowBytes * rowBytes).order(ByteOrder.LITTLE_ENDIAN);
        long written = 0;
        for (long r = 0; r < rows; r++) {
            if (buf.remaining() < rowBytes) {
                buf.flip();
                written += drain(ch, buf);
                buf.clear();
            }
            boolean zero = t.zeroRows().contains(r);
            fillRow(buf, t.type(), rowElements, t.dims().length == 1, zero, random);
        }
        buf.flip();
        written += drain(ch, buf);
        long pad = align(written) - written;
        if (pad > 0) {
            ch.write(ByteBuffer.allocate((int) pad));
        }
    }

    private static long drain(FileChannel ch, ByteBuffer buf) throws IOException {
        long n = 0;
        while (buf.hasRemaining()) {
            n += ch.write(buf);
        }
        return n;
    }

    private void fillRow(ByteBuffer buf, GgmlType type, long n, boolean ones, boolean zero, SplittableRandom rnd) {
        switch (type) {
            case F32 -> {
                for (long i = 0; i < n; i++) {
                    buf.putFloat(zero ? 0f : ones ? 1f : (float) (rnd.nextDouble(-1, 1) * weightScale * 1.732));
                }
            }
            case F16 -> {
                for (long i = 0; i < n; i++) {
                    buf.putShort(toHalf(zero ? 0f : ones ? 1f : (float) (rnd.nextDouble(-1, 1) * weightScale * 1.732)));
                }
            }
            case Q8_0 -> {
                // uniform int8 in [-127, 127] has a standard deviation of about 73.6
                short d = toHalf(zero ? 0f : (float) (weightScale / 73.6));
                byte[] q = new byte[32];
                for (long b = 0; b < n / 32; b++) {
                    buf.putShort(d);
                    for (int i = 0; i < 32; i++) {
                        q[i] = (byte) (rnd.nextInt(255) - 127);
                    }
                    buf.put(q);
                }
            }
            case Q4_0 -> {
                // nibbles 0..15 minus 8 have a standard deviation of about 4.6
                short d = toHalf(zero ? 0f : (float) (weightScale / 4.6));
                byte[] q = new byte[16];
                for (long b = 0; b < n / 32; b++) {
                    buf.putShort(d);
                    for (int i = 0; i < 16; i++) {
                        q[i] = (byte) rnd.nextInt(256);
                    }
                    buf.put(q);
                }
            }
            default -> throw new IllegalStateException(type.name());
        }
    }

    /** IEEE 754 half precision, round to nearest; enough for weights and scales (no NaN handling). */
    static short toHalf(float f) {
        int bits = Float.floatToIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = ((bits >>> 23) & 0xff) - 127 + 15;
        int mant = bits & 0x7fffff;
        if (f == 0f) {
            return (short) sign;
        }
        if (exp >= 31) {
            return (short) (sign | 0x7bff);
        }
        if (exp <= 0) {
            if (exp < -10) {
                return (short) sign;
            }
            mant = (mant | 0x800000) >> (1 - exp);
            return (short) (sign | ((mant + 0x1000) >> 13));
        }
        return (short) (sign | (exp << 10) | ((mant + 0x1000) >> 13));
    }

    private static long align(long n) {
        return (n + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    /** A growing little-endian byte buffer for the header. */
    private static final class Buf {
        private ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

        private void ensure(int n) {
            if (b.remaining() < n) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(b.capacity() * 2, b.position() + n)).order(ByteOrder.LITTLE_ENDIAN);
                b.flip();
                bigger.put(b);
                b = bigger;
            }
        }

        Buf u8(int v) {
            ensure(1);
            b.put((byte) v);
            return this;
        }

        Buf i32(int v) {
            ensure(4);
            b.putInt(v);
            return this;
        }

        Buf i64(long v) {
            ensure(8);
            b.putLong(v);
            return this;
        }

        Buf str(String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            i64(bytes.length);
            ensure(bytes.length);
            b.put(bytes);
            return this;
        }

        @SuppressWarnings("unchecked")
        Buf value(int type, Object v) {
            switch (type) {
                case 4 -> i32((int) (long) (Long) v);
                case 5 -> i32((Integer) v);
                case 6 -> {
                    ensure(4);
                    b.putFloat((Float) v);
                }
                case 7 -> u8((Boolean) v ? 1 : 0);
                case 8 -> str((String) v);
                case 9 -> {
                    Object[] a = (Object[]) v;
                    int elementType = (Integer) a[0];
                    List<Object> items = (List<Object>) a[1];
                    i32(elementType).i64(items.size());
                    for (Object item : items) {
                        value(elementType, item);
                    }
                }
                default -> throw new IllegalStateException("type " + type);
            }
            return this;
        }

        long size() {
            return b.position();
        }

        ByteBuffer bytes() {
            ByteBuffer out = b.duplicate();
            out.flip();
            return out;
        }
    }
}
