package dev.lectern.inference.models;

import dev.lectern.inference.hardware.Hardware;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A short list of instruct models that answer well from retrieved passages and run on ordinary
 * laptops, all Q4_K_M GGUF files from bartowski's Hugging Face repositories, and the pick that fits
 * a given machine.
 *
 * <p>Each entry is pinned to a repository revision, so the file behind it cannot change; its
 * SHA-256 is the one Hugging Face shows for the file at that revision. Download sizes are
 * approximate (as Hugging Face rounds them); the download itself uses the server's exact length.
 * The memory figure is the file plus an f16 KV cache for an 8,192-token context (Lectern's
 * default) plus about 300 MB of llama.cpp buffers: roughly what {@code MemoryEstimate} computes
 * once the file is here.
 */
public final class ModelCatalogue {
    /** Context Lectern runs with by default; the RAM figures are for it. */
    static final int PLANNED_CONTEXT = 8192;
    private static final long BUFFERS = 300_000_000L;
    private static final long GIB = 1L << 30;
    /** Memory left to the operating system and to Lectern's index and embedder. */
    private static final long SYSTEM_RESERVE = 2 * GIB;

    /**
     * One recommended model.
     *
     * @param id             short name for {@code lectern models pull ID}
     * @param parameters     billions of parameters, to rank entries
     * @param source         {@code hf:OWNER/REPO/FILE.gguf@REVISION}
     * @param downloadBytes  approximate file size
     * @param ramBytes       approximate memory to run it with an 8k context
     * @param contextLength  the longest context the model was trained for
     * @param sha256         the file's SHA-256 at the pinned revision, or {@code null} where not known for certain
     */
    public record Entry(String id, String displayName, double parameters, String source, long downloadBytes, long ramBytes,
                        int contextLength, String licence, String sha256, String note) {
        public Entry {
            if (sha256 != null && !sha256.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException(id + ": sha256 must be 64 lower-case hex digits or null");
            }
            ModelSource.parse(source);
        }

        public ModelSource modelSource() {
            return ModelSource.parse(source);
        }

        public String fileName() {
            return modelSource().fileName();
        }
    }

    /** The model to suggest, whether it fits the memory there is, and why it was chosen. */
    public record Recommendation(Entry entry, boolean fits, String reason) {
    }

    private static final List<Entry> ENTRIES = List.of(
            entry("qwen2.5-0.5b", "Qwen2.5 0.5B Instruct", 0.5,
                    "hf:bartowski/Qwen2.5-0.5B-Instruct-GGUF/Qwen2.5-0.5B-Instruct-Q4_K_M.gguf@b26a58accf53b1a19fbc555d52fdb224bec473f5",
                    398_000_000L, 24, 2, 64, 32_768, "Apache-2.0",
                    "6eb923e7d26e9cea28811e1a8e852009b21242fb157b26149d3b188f3a8c8653",
                    "for very small machines; answers are short and miss more"),
            entry("qwen2.5-1.5b", "Qwen2.5 1.5B Instruct", 1.5,
                    "hf:bartowski/Qwen2.5-1.5B-Instruct-GGUF/Qwen2.5-1.5B-Instruct-Q4_K_M.gguf@85553858e3522ce5b531285b2202bdb40fab1624",
                    986_000_000L, 28, 2, 128, 32_768, "Apache-2.0",
                    "50961d9b7d3b89e46be230528fc66d38bbdda8ac3748323dd34f129a714124fc",
                    "fast on any laptop; good for direct questions"),
            entry("qwen2.5-3b", "Qwen2.5 3B Instruct", 3,
                    "hf:bartowski/Qwen2.5-3B-Instruct-GGUF/Qwen2.5-3B-Instruct-Q4_K_M.gguf@e118764d9e73c6ee4b87fe7a367df84a985a99fc",
                    1_930_000_000L, 36, 2, 128, 32_768, "Qwen Research License (non-commercial)",
                    "9c9f56a391a3abbd5b89d0245bf6106081bcc3173119d4229235dd9d23253f94",
                    "the best balance for 8 GB laptops"),
            entry("llama3.2-3b", "Llama 3.2 3B Instruct", 3,
                    "hf:bartowski/Llama-3.2-3B-Instruct-GGUF/Llama-3.2-3B-Instruct-Q4_K_M.gguf@c346bfc2029e79ba6d7edf026cf01fe44242db0d",
                    2_020_000_000L, 28, 8, 128, 131_072, "Llama 3.2 Community License",
                    "6c1a2b41161032677be168d354123594c0e6e67d2b9227c84f296ad037c728ff",
                    "an alternative 3B model; its larger KV cache needs more memory per token"),
            entry("qwen2.5-7b", "Qwen2.5 7B Instruct", 7,
                    "hf:bartowski/Qwen2.5-7B-Instruct-GGUF/Qwen2.5-7B-Instruct-Q4_K_M.gguf@f4b6063c19a94c15fe9031d8afbbb9df7ec8b93f",
                    4_680_000_000L, 28, 4, 128, 32_768, "Apache-2.0",
                    "65b8fcd92af6b4fefa935c625d1ac27ea29dcb6ee14589c55a8f115ceaaa1423",
                    "the most careful answers; wants 16 GB and 4+ cores"));

    private ModelCatalogue() {
    }

    private static Entry entry(String id, String name, double params, String source, long bytes, int layers, int kvHeads,
                               int headDim, int context, String licence, String sha, String note) {
        long kvCache = 2L * layers * kvHeads * headDim * 2 /* f16 */ * PLANNED_CONTEXT;
        return new Entry(id, name, params, source, bytes, bytes + kvCache + BUFFERS, context, licence, sha, note);
    }

    /** All entries, smallest first. */
    public static List<Entry> entries() {
        return ENTRIES;
    }

    /** The entry with this id (case-insensitive), or whose file name this is. */
    public static Optional<Entry> find(String idOrFile) {
        String s = idOrFile == null ? "" : idOrFile.strip().toLowerCase(Locale.ROOT);
        return ENTRIES.stream().filter(e -> e.id().equals(s) || e.fileName().toLowerCase(Locale.ROOT).equals(s)).findFirst();
    }

    /**
     * The largest entry whose memory need fits this machine with headroom: at most 80% of the
     * memory available now, and the total less 2 GiB, which the operating system and Lectern's own
     * index and embedder need. On two cores or fewer it stops at 3B: a 7B
     * model decodes only a few tokens a second there. Among entries of the same size the one that
     * needs less memory wins. When nothing fits, the smallest is returned with {@code fits == false}.
     */
    /** Whether the entry's licence lets a firm use the model in its work. */
    static boolean commercialUseAllowed(Entry e) {
        return !e.licence().toLowerCase(Locale.ROOT).contains("non-commercial");
    }

    public static Recommendation recommend(Hardware hw) {
        if (hw.totalRamBytes() <= 0) {
            Entry e = find("qwen2.5-1.5b").orElseThrow();
            return new Recommendation(e, true, "this machine's memory could not be read, so the modest "
                    + e.displayName() + " (needs about " + Bytes.human(e.ramBytes()) + ") is the safe choice");
        }
        long available = hw.availableRamBytes() > 0 ? hw.availableRamBytes() : hw.totalRamBytes() / 2;
        long budget = Math.min((long) (available * 0.8), hw.totalRamBytes() - SYSTEM_RESERVE);
        double maxParams = hw.cores() <= 2 ? 3 : Double.MAX_VALUE;
        // Lectern's users work for firms: a model whose licence forbids commercial use is listed in the
        // catalogue but never the recommendation
        Optional<Entry> pick = ENTRIES.stream()
                .filter(e -> e.ramBytes() <= budget && e.parameters() <= maxParams && commercialUseAllowed(e))
                .max(Comparator.comparingDouble(Entry::parameters).thenComparing(Comparator.comparingLong(Entry::ramBytes).reversed()));
        String machine = String.format(Locale.ROOT, "%d cores, %.1f GiB memory with %.1f GiB available", hw.cores(),
                hw.totalRamBytes() / (double) GIB, available / (double) GIB);
        if (pick.isEmpty()) {
            Entry smallest = ENTRIES.get(0);
            return new Recommendation(smallest, false, machine + ": even " + smallest.displayName() + " (about "
                    + Bytes.human(smallest.ramBytes()) + ") exceeds the " + Bytes.human(Math.max(0, budget))
                    + " Lectern can use without crowding the system; close other programs first");
        }
        Entry e = pick.get();
        StringBuilder why = new StringBuilder(machine).append(": ").append(e.displayName()).append(" needs about ")
                .append(Bytes.human(e.ramBytes())).append(", within the ").append(Bytes.human(budget))
                .append(" Lectern can use with headroom");
        ENTRIES.stream().filter(o -> o.parameters() > e.parameters() && commercialUseAllowed(o))
                .min(Comparator.comparingDouble(Entry::parameters))
                .ifPresent(next -> why.append(next.parameters() > maxParams
                        ? "; larger models would decode too slowly on " + hw.cores() + " cores"
                        : "; " + next.displayName() + " would need about " + Bytes.human(next.ramBytes())));
        return new Recommendation(e, true, why.toString());
    }
}
