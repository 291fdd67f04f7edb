package dev.lectern.inference.llama;

import dev.lectern.inference.gguf.GgmlType;

/** Storage of the attention KV cache: f16 is exact; q8_0 halves it at a small quality cost; q4_0 quarters it. */
public enum KvCacheType {
    F16(GgmlType.F16), Q8_0(GgmlType.Q8_0), Q4_0(GgmlType.Q4_0);

    private final GgmlType ggml;

    KvCacheType(GgmlType ggml) {
        this.ggml = ggml;
    }

    public GgmlType ggml() {
        return ggml;
    }

    public String llamaName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Whether llama.cpp can store this model's keys and values in this type: quantized blocks must
     * divide the head size, or llama.cpp aborts the process while creating the context.
     */
    public boolean fits(dev.lectern.inference.gguf.GgufFile model) {
        int block = ggml.blockSize();
        return model.keyLength() % block == 0 && model.valueLength() % block == 0;
    }

    public static KvCacheType parse(String s) {
        for (KvCacheType t : values()) {
            if (t.name().equalsIgnoreCase(s) || t.llamaName().equals(s)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown KV-cache type '" + s + "': use f16, q8_0 or q4_0");
    }
}
