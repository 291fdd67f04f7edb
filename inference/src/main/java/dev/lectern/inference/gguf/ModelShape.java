package dev.lectern.inference.gguf;

import java.util.Objects;

/**
 * The shape of a llama-architecture transformer, for writing random-weight models (tests and
 * benchmarks) and for planning memory at the real sizes of published models.
 */
public record ModelShape(String name, int hidden, int layers, int heads, int kvHeads, int feedForward, int vocabulary,
                         int contextLength) {
    /** Small enough to load in a test in well under a second. */
    public static final ModelShape TINY = new ModelShape("tiny", 64, 2, 4, 2, 128, 512, 4096);
    /** Qwen2.5-0.5B's transformer with a 32k vocabulary, as STACK-NOTES measured. */
    public static final ModelShape QWEN_0_5B = new ModelShape("0.5b", 896, 24, 14, 2, 4864, 32000, 32768);
    /** Qwen2.5-1.5B. */
    public static final ModelShape QWEN_1_5B = new ModelShape("1.5b", 1536, 28, 12, 2, 8960, 151936, 32768);
    /** Qwen2.5-7B. */
    public static final ModelShape QWEN_7B = new ModelShape("7b", 3584, 28, 28, 4, 18944, 152064, 32768);
    /** Llama 3 70B. */
    public static final ModelShape LLAMA_70B = new ModelShape("70b", 8192, 80, 64, 8, 28672, 128256, 8192);

    public ModelShape {
        Objects.requireNonNull(name, "name");
        if (hidden <= 0 || layers <= 0 || heads <= 0 || kvHeads <= 0 || feedForward <= 0 || contextLength <= 0) {
            throw new IllegalArgumentException("every dimension of a model shape must be positive: " + name);
        }
        if (hidden % heads != 0 || heads % kvHeads != 0) {
            throw new IllegalArgumentException("hidden size must divide into heads and heads into KV heads: " + name);
        }
        if (vocabulary < SyntheticModels.BASE_VOCABULARY) {
            throw new IllegalArgumentException("a vocabulary needs at least " + SyntheticModels.BASE_VOCABULARY
                    + " tokens (3 special and 256 bytes), got " + vocabulary);
        }
    }

    public int headDim() {
        return hidden / heads;
    }

    public ModelShape withContext(int ctx) {
        return new ModelShape(name, hidden, layers, heads, kvHeads, feedForward, vocabulary, ctx);
    }
}
