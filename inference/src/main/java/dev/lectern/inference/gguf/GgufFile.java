package dev.lectern.inference.gguf;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A GGUF file's header as read in Java: metadata and tensor layout, and what follows from them
 * (architecture, context length, parameter count, quantization, chat template, memory per layer).
 * Nothing here touches native code.
 */
public record GgufFile(Path path, int version, Map<String, Object> metadata, List<TensorInfo> tensors,
                       long dataOffset, long fileSize) {

    public GgufFile {
        metadata = Map.copyOf(metadata);
        tensors = List.copyOf(tensors);
    }

    public String architecture() {
        return string("general.architecture").orElse("");
    }

    public Optional<String> name() {
        return string("general.name");
    }

    public Optional<String> string(String key) {
        return metadata.get(key) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    public Optional<Long> number(String key) {
        Object v = metadata.get(key);
        if (v instanceof Number n) {
            return Optional.of(n.longValue());
        }
        // some models give per-layer values (e.g. KV heads); the largest is the one that sizes memory
        if (v instanceof GgufArray a && a.hasValues() && !a.values().isEmpty()) {
            return a.values().stream().filter(Number.class::isInstance).map(o -> ((Number) o).longValue())
                    .max(Long::compare);
        }
        return Optional.empty();
    }

    private long archNumber(String suffix, long fallback) {
        return number(architecture() + "." + suffix).orElse(fallback);
    }

    public int contextLength() {
        return (int) Math.min(Integer.MAX_VALUE, archNumber("context_length", 0));
    }

    public int blockCount() {
        return (int) archNumber("block_count", 0);
    }

    public int embeddingLength() {
        return (int) archNumber("embedding_length", 0);
    }

    public int headCount() {
        return (int) archNumber("attention.head_count", 0);
    }

    public int headCountKv() {
        return (int) archNumber("attention.head_count_kv", headCount());
    }

    public int keyLength() {
        int heads = headCount();
        return (int) archNumber("attention.key_length", heads == 0 ? 0 : embeddingLength() / heads);
    }

    public int valueLength() {
        return (int) archNumber("attention.value_length", keyLength());
    }

    public long vocabularySize() {
        return metadata.get("tokenizer.ggml.tokens") instanceof GgufArray a ? a.length() : 0;
    }

    public Optional<String> chatTemplate() {
        return string("tokenizer.chat_template");
    }

    public long parameterCount() {
        return tensors.stream().mapToLong(TensorInfo::elements).sum();
    }

    public long tensorBytes() {
        return tensors.stream().mapToLong(TensorInfo::bytes).sum();
    }

    /** Bytes of the tensors of block {@code layer}. */
    public long layerBytes(int layer) {
        return tensors.stream().filter(t -> t.layer() == layer).mapToLong(TensorInfo::bytes).sum();
    }

    /** Bytes of the tensors outside the blocks (embeddings, output head, final norm). */
    public long nonLayerBytes() {
        return tensors.stream().filter(t -> t.layer() < 0).mapToLong(TensorInfo::bytes).sum();
    }

    /** Bytes of the output head: the tied token embedding when the file has no separate output. */
    public long outputBytes() {
        return tensors.stream().filter(t -> t.name().equals("output.weight")).mapToLong(TensorInfo::bytes).findFirst()
                .orElseGet(() -> tensors.stream().filter(t -> t.name().equals("token_embd.weight"))
                        .mapToLong(TensorInfo::bytes).findFirst().orElse(0));
    }

    /**
     * The quantization users know the file by: the declared {@code general.file_type}, else the type
     * that holds most of the weights.
     */
    public String quantization() {
        Optional<Long> ft = number("general.file_type");
        if (ft.isPresent() && FileTypes.name(ft.get().intValue()) != null) {
            return FileTypes.name(ft.get().intValue());
        }
        Map<GgmlType, Long> bytes = new EnumMap<>(GgmlType.class);
        for (TensorInfo t : tensors) {
            if (t.dims().length >= 2) {
                bytes.merge(t.type(), t.bytes(), Long::sum);
            }
        }
        return bytes.entrySet().stream().max(Map.Entry.comparingByValue()).map(e -> e.getKey().name()).orElse("unknown");
    }

    /**
     * KV-cache bytes for {@code context} tokens with the given cache types: every block keeps a key
     * and a value vector per KV head and token.
     */
    public long kvCacheBytes(int context, GgmlType keyType, GgmlType valueType) {
        double bitsPerTokenAndLayer = headCountKv()
                * (keyLength() * keyType.bitsPerWeight() + valueLength() * valueType.bitsPerWeight());
        return (long) Math.ceil(bitsPerTokenAndLayer / 8.0) * blockCount() * context;
    }

    /** "1.5B", "494M": the parameter count the way model names give it. */
    public String parameterLabel() {
        return parameterLabel(parameterCount());
    }

    public static String parameterLabel(long params) {
        if (params >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.1fB", params / 1e9);
        }
        return String.format(Locale.ROOT, "%dM", Math.round(params / 1e6));
    }
}
