package dev.lectern.inference.gguf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;

/**
 * Random-weight llama-architecture GGUF models with a valid SentencePiece-style vocabulary and a
 * ChatML template: they load, tokenize, apply templates and generate through the real llama.cpp
 * path, so tests and benchmarks never need a downloaded model. Their text is gibberish by design.
 */
public final class SyntheticModels {
    static final int BASE_VOCABULARY = 259;
    static final int EOS = 2;
    static final String CHATML = "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + "
            + "message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}"
            + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    private SyntheticModels() {
    }

    /** Writes a model of {@code shape} whose matrices are stored as {@code type} (F32, F16, Q8_0 or Q4_0). */
    public static Path write(Path out, ModelShape shape, GgmlType type, long seed) throws IOException {
        writer(shape, type).write(out, seed);
        return out;
    }

    /**
     * The writer {@link #write} uses, with every key and tensor planned: a test can change a key before
     * writing, e.g. an embedding length that disagrees with the tensors, which passes the Java checks
     * but that llama.cpp refuses to load.
     */
    public static GgufWriter writer(ModelShape shape, GgmlType type) {
        int hidden = shape.hidden();
        int kv = shape.kvHeads() * shape.headDim();
        GgufWriter w = new GgufWriter()
                .putString("general.architecture", "llama")
                .putString("general.name", "lectern-synthetic-" + shape.name())
                .putU32("general.file_type", FileTypes.idOf(type))
                .putU32("llama.context_length", shape.contextLength())
                .putU32("llama.embedding_length", hidden)
                .putU32("llama.block_count", shape.layers())
                .putU32("llama.feed_forward_length", shape.feedForward())
                .putU32("llama.attention.head_count", shape.heads())
                .putU32("llama.attention.head_count_kv", shape.kvHeads())
                .putU32("llama.rope.dimension_count", shape.headDim())
                .putF32("llama.rope.freq_base", 10000f)
                .putF32("llama.attention.layer_norm_rms_epsilon", 1e-5f)
                .putU32("llama.vocab_size", shape.vocabulary())
                .putString("tokenizer.ggml.model", "llama")
                .putU32("tokenizer.ggml.bos_token_id", 1)
                .putU32("tokenizer.ggml.eos_token_id", EOS)
                .putU32("tokenizer.ggml.unknown_token_id", 0)
                .putBool("tokenizer.ggml.add_bos_token", true)
                .putBool("tokenizer.ggml.add_eos_token", false)
                .putString("tokenizer.chat_template", CHATML);
        Vocabulary v = vocabulary(shape.vocabulary());
        w.putStrings("tokenizer.ggml.tokens", v.tokens).putF32s("tokenizer.ggml.scores", v.scores)
                .putI32s("tokenizer.ggml.token_type", v.types);
        w.tensor("token_embd.weight", type, hidden, shape.vocabulary());
        for (int l = 0; l < shape.layers(); l++) {
            String b = "blk." + l + ".";
            w.tensor(b + "attn_norm.weight", GgmlType.F32, hidden)
                    .tensor(b + "attn_q.weight", type, hidden, hidden)
                    .tensor(b + "attn_k.weight", type, hidden, kv)
                    .tensor(b + "attn_v.weight", type, hidden, kv)
                    .tensor(b + "attn_output.weight", type, hidden, hidden)
                    .tensor(b + "ffn_norm.weight", GgmlType.F32, hidden)
                    .tensor(b + "ffn_gate.weight", type, hidden, shape.feedForward())
                    .tensor(b + "ffn_up.weight", type, hidden, shape.feedForward())
                    .tensor(b + "ffn_down.weight", type, shape.feedForward(), hidden);
        }
        w.tensor("output_norm.weight", GgmlType.F32, hidden);
        // a zero output row gives end-of-sequence a logit of 0, below the best of the random others,
        // so greedy generation runs to its token limit and tests can count on long answers
        w.tensor("output.weight", type, List.of((long) EOS), hidden, shape.vocabulary());
        return w;
    }

    /**
     * The header {@link #write} would produce for {@code shape}, without writing anything: lets the
     * memory planner be tested at the real sizes of 7B and 70B models.
     */
    public static GgufFile header(ModelShape shape, GgmlType type) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("general.architecture", "llama");
        meta.put("general.name", "lectern-synthetic-" + shape.name());
        meta.put("general.file_type", (long) FileTypes.idOf(type));
        meta.put("llama.context_length", (long) shape.contextLength());
        meta.put("llama.embedding_length", (long) shape.hidden());
        meta.put("llama.block_count", (long) shape.layers());
        meta.put("llama.feed_forward_length", (long) shape.feedForward());
        meta.put("llama.attention.head_count", (long) shape.heads());
        meta.put("llama.attention.head_count_kv", (long) shape.kvHeads());
        meta.put("tokenizer.ggml.model", "llama");
        meta.put("tokenizer.ggml.tokens", new GgufArray(8, shape.vocabulary(), null));
        meta.put("tokenizer.chat_template", CHATML);
        List<TensorInfo> tensors = new ArrayList<>();
        long[] offset = {0};
        int hidden = shape.hidden();
        int kv = shape.kvHeads() * shape.headDim();
        java.util.function.BiConsumer<String, long[]> add = (name, dims) -> {
            GgmlType t = dims.length == 1 ? GgmlType.F32 : type;
            TensorInfo info = new TensorInfo(name, dims, t, offset[0]);
            tensors.add(info);
            offset[0] = (offset[0] + info.bytes() + 31) / 32 * 32;
        };
        add.accept("token_embd.weight", new long[]{hidden, shape.vocabulary()});
        for (int l = 0; l < shape.layers(); l++) {
            String b = "blk." + l + ".";
            add.accept(b + "attn_norm.weight", new long[]{hidden});
            add.accept(b + "attn_q.weight", new long[]{hidden, hidden});
            add.accept(b + "attn_k.weight", new long[]{hidden, kv});
            add.accept(b + "attn_v.weight", new long[]{hidden, kv});
            add.accept(b + "attn_output.weight", new long[]{hidden, hidden});
            add.accept(b + "ffn_norm.weight", new long[]{hidden});
            add.accept(b + "ffn_gate.weight", new long[]{hidden, shape.feedForward()});
            add.accept(b + "ffn_up.weight", new long[]{hidden, shape.feedForward()});
            add.accept(b + "ffn_down.weight", new long[]{shape.feedForward(), hidden});
        }
        add.accept("output_norm.weight", new long[]{hidden});
        add.accept("output.weight", new long[]{hidden, shape.vocabulary()});
        return new GgufFile(java.nio.file.Path.of("lectern-synthetic-" + shape.name() + ".gguf"), 3, meta, tensors,
                0, offset[0]);
    }

    private record Vocabulary(List<String> tokens, List<Float> scores, List<Integer> types) {
    }

    private static Vocabulary vocabulary(int size) {
        List<String> tokens = new ArrayList<>(size);
        List<Float> scores = new ArrayList<>(size);
        List<Integer> types = new ArrayList<>(size);
        tokens.addAll(List.of("<unk>", "<s>", "</s>"));
        scores.addAll(List.of(0f, 0f, 0f));
        types.addAll(List.of(2, 3, 3));
        for (int b = 0; b < 256; b++) {
            tokens.add(String.format("<0x%02X>", b));
            scores.add(0f);
            types.add(6);
        }
        // word pieces: spaces-prefixed and bare letter runs, longer pieces scoring higher so that
        // SentencePiece merges prefer them; deterministic so every written model tokenizes alike
        Set<String> pieces = new LinkedHashSet<>();
        String letters = "etaoinshrdlcumwfgypbvkjxqz";
        for (int len = 1; pieces.size() < size - BASE_VOCABULARY; len++) {
            addPieces(pieces, letters, "", len, size - BASE_VOCABULARY);
        }
        for (String p : pieces) {
            tokens.add(p);
            scores.add((float) p.length());
            types.add(1);
        }
        return new Vocabulary(tokens, scores, types);
    }

    private static void addPieces(Set<String> out, String letters, String prefix, int len, int limit) {
        if (out.size() >= limit) {
            return;
        }
        if (prefix.length() == len) {
            out.add("\u2581" + prefix);
            if (out.size() < limit) {
                out.add(prefix);
            }
            return;
        }
        for (int i = 0; i < letters.length() && out.size() < limit; i++) {
            addPieces(out, letters, prefix + letters.charAt(i), len, limit);
        }
    }
}
