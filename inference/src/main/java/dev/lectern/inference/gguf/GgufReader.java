package dev.lectern.inference.gguf;

import dev.lectern.inference.gguf.ModelFileException.Reason;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and checks a GGUF header in plain Java, so that a wrong, truncated or hostile file is
 * refused with a message instead of reaching llama.cpp, where a bad file can abort the process.
 * Fresh state per call; thread-safe.
 */
public final class GgufReader {
    static final int MAGIC = 0x46554747; // "GGUF" read little-endian
    private static final int MAX_KEY = 65_536;
    private static final int MAX_STRING = 64 << 20;
    private static final long MAX_COUNT = 10_000_000;
    private static final int KEEP_ARRAY = 64;

    private GgufReader() {
    }

    public static GgufFile read(Path file) throws ModelFileException {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new ModelFileException(file, Reason.NOT_FOUND, "no such file: " + file.toAbsolutePath());
        } catch (IOException e) {
            throw new ModelFileException(file, Reason.NOT_FOUND, "cannot read the file: " + e.getMessage());
        }
        if (Files.isDirectory(file)) {
            throw new ModelFileException(file, Reason.NOT_FOUND, "is a folder, not a .gguf model file");
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return new State(file, size, in).read();
        } catch (EOFException e) {
            throw new ModelFileException(file, Reason.TRUNCATED,
                    "the file ends inside its header (" + size + " bytes): it is truncated; download it again");
        } catch (IOException e) {
            throw new ModelFileException(file, Reason.CORRUPT, "cannot read the file: " + e.getMessage());
        }
    }

    private static final class State {
        private final Path file;
        private final long size;
        private final InputStream in;
        private long pos;

        State(Path file, long size, InputStream in) {
            this.file = file;
            this.size = size;
            this.in = in;
        }

        GgufFile read() throws IOException, ModelFileException {
            // the magic first: a short text file is not a GGUF file cut short, whatever its size
            byte[] start = in.readNBytes(4);
            pos = start.length;
            if (start.length < 4 || (start[0] & 0xff | (start[1] & 0xff) << 8 | (start[2] & 0xff) << 16
                    | (start[3] & 0xff) << 24) != MAGIC) {
                throw bad(Reason.NOT_GGUF, start.length == 0 ? "the file is empty: not a GGUF model file"
                        : "not a GGUF model file (it " + (start.length < 4 ? "is only " + start.length + " bytes, " : "")
                        + "starts with " + describeStart(start) + "); Lectern runs llama.cpp GGUF models");
            }
            if (size < 24) {
                throw bad(Reason.TRUNCATED, "only " + size + " bytes: the file is truncated; download it again");
            }
            int version = i32();
            if (version != 2 && version != 3) {
                throw bad(Reason.UNSUPPORTED_VERSION, "GGUF version " + version
                        + " is not supported (versions 2 and 3 are); convert the model with a current llama.cpp");
            }
            long tensorCount = count(u64(), "tensors");
            long kvCount = count(u64(), "metadata entries");
            Map<String, Object> meta = new LinkedHashMap<>();
            for (long i = 0; i < kvCount; i++) {
                String key = string(MAX_KEY);
                meta.put(key, value(i32()));
            }
            List<TensorInfo> tensors = new ArrayList<>();
            for (long i = 0; i < tensorCount; i++) {
                String name = string(MAX_KEY);
                int nDims = i32();
                if (nDims < 1 || nDims > 4) {
                    throw bad(Reason.CORRUPT, "tensor " + name + " claims " + nDims + " dimensions: the file is corrupt");
                }
                long[] dims = new long[nDims];
                for (int d = 0; d < nDims; d++) {
                    dims[d] = u64();
                    if (dims[d] <= 0 || dims[d] > (1L << 40)) {
                        throw bad(Reason.CORRUPT, "tensor " + name + " has a dimension of " + dims[d] + ": the file is corrupt");
                    }
                }
                int typeId = i32();
                GgmlType type = GgmlType.byId(typeId).orElseThrow(() -> bad(Reason.UNSUPPORTED_TENSOR_TYPE,
                        "tensor " + name + " uses ggml type " + typeId + ", which this llama.cpp build does not know"));
                long offset = u64();
                TensorInfo t;
                try {
                    t = new TensorInfo(name, dims, type, offset);
                    t.bytes();
                } catch (IllegalArgumentException | ArithmeticException e) {
                    throw bad(Reason.CORRUPT, "tensor " + name + ": " + e.getMessage());
                }
                tensors.add(t);
            }
            long alignment = meta.get("general.alignment") instanceof Number n ? n.longValue() : 32;
            if (alignment <= 0 || (alignment & (alignment - 1)) != 0) {
                throw bad(Reason.CORRUPT, "general.alignment is " + alignment + ", not a power of two");
            }
            long dataOffset = (pos + alignment - 1) / alignment * alignment;
            long end = dataOffset;
            for (TensorInfo t : tensors) {
                if (t.offset() % alignment != 0) {
                    throw bad(Reason.CORRUPT, "tensor " + t.name() + " is not aligned to " + alignment + " bytes");
                }
                end = Math.max(end, dataOffset + t.offset() + t.bytes());
            }
            if (end > size) {
                throw bad(Reason.TRUNCATED, String.format(java.util.Locale.ROOT,
                        "the tensors need %,d bytes but the file has %,d: it is truncated (an interrupted download?); download it again",
                        end, size));
            }
            return new GgufFile(file, version, meta, tensors, dataOffset, size);
        }

        private Object value(int type) throws IOException, ModelFileException {
            return switch (type) {
                case 0 -> (long) u8();
                case 1 -> (long) (byte) u8();
                case 2 -> (long) (u8() | u8() << 8);
                case 3 -> (long) (short) (u8() | u8() << 8);
                case 4 -> i32() & 0xffffffffL;
                case 5 -> (long) i32();
                case 6 -> (double) Float.intBitsToFloat(i32());
                case 7 -> u8() != 0;
                case 8 -> string(MAX_STRING);
                case 9 -> array();
                case 10, 11 -> u64();
                case 12 -> Double.longBitsToDouble(u64());
                default -> throw bad(Reason.CORRUPT, "metadata value of unknown type " + type + ": the file is corrupt");
            };
        }

        private GgufArray array() throws IOException, ModelFileException {
            int type = i32();
            long n = count(u64(), "array elements");
            List<Object> values = n <= KEEP_ARRAY ? new ArrayList<>() : null;
            for (long i = 0; i < n; i++) {
                Object v = value(type);
                if (values != null) {
                    values.add(v);
                }
            }
            return new GgufArray(type, n, values);
        }

        private long count(long n, String what) throws ModelFileException {
            if (n < 0 || n > MAX_COUNT) {
                throw bad(Reason.CORRUPT, "the header claims " + Long.toUnsignedString(n) + " " + what + ": the file is corrupt");
            }
            return n;
        }

        private String string(int max) throws IOException, ModelFileException {
            long len = u64();
            if (len < 0 || len > max) {
                throw bad(Reason.CORRUPT, "a header string claims " + Long.toUnsignedString(len) + " bytes: the file is corrupt");
            }
            if (pos + len > size) {
                throw new EOFException();
            }
            byte[] b = in.readNBytes((int) len);
            if (b.length != len) {
                throw new EOFException();
            }
            pos += len;
            return new String(b, StandardCharsets.UTF_8);
        }

        private int u8() throws IOException {
            int b = in.read();
            if (b < 0) {
                throw new EOFException();
            }
            pos++;
            return b;
        }

        private int i32() throws IOException {
            return u8() | u8() << 8 | u8() << 16 | u8() << 24;
        }

        private long u64() throws IOException {
            return (i32() & 0xffffffffL) | ((long) i32()) << 32;
        }

        /** The first bytes as quoted text when they are printable (a text or HTML file), else in hex. */
        private static String describeStart(byte[] b) {
            StringBuilder text = new StringBuilder("\"");
            for (byte x : b) {
                switch (x) {
                    case '\n' -> text.append("\\n");
                    case '\r' -> text.append("\\r");
                    case '\t' -> text.append("\\t");
                    default -> {
                        if (x < 0x20 || x > 0x7e) {
                            return "bytes " + java.util.HexFormat.of().formatHex(b);
                        }
                        text.append((char) x);
                    }
                }
            }
            text.append('"');
            return b[0] == '<' ? text + ", like a web page" : text.toString();
        }

        private ModelFileException bad(Reason r, String detail) {
            return new ModelFileException(file, r, detail);
        }
    }
}
