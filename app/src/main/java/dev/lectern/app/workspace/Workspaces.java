package dev.lectern.app.workspace;

import dev.lectern.indexing.embed.Embedder;
import dev.lectern.indexing.embed.EmbeddingModels;
import dev.lectern.indexing.lucene.LuceneIndex;
import dev.lectern.indexing.lucene.RetrievalTuning;
import dev.lectern.parsing.DocumentParser;
import dev.lectern.parsing.chunk.StructureChunker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The workspaces under a data folder: {@code <data>/workspaces/<name>/index}. Opening one loads the
 * embedding model (unless vectors are off), so callers keep a workspace open while they work.
 */
public final class Workspaces {
    public static final String DEFAULT = "default";
    /** Chunk budget of the index: small passages make precise citations (see BENCHMARKS.md). */
    public static final int INDEX_CHUNK_TOKENS = 128;

    private final Path dataDir;

    public Workspaces(Path dataDir) {
        this.dataDir = dataDir;
    }

    public Path folder(String name) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}")) {
            throw new IllegalArgumentException("workspace name '" + name + "' must be 1-64 letters, digits, spaces, "
                    + "dots, dashes or underscores, starting with a letter or digit");
        }
        return dataDir.resolve("workspaces").resolve(name);
    }

    /**
     * The scratch workspace for a set of files given on the command line ({@code ask --docs}): the
     * same files always map to the same workspace, so asking again does not ingest again, and other
     * files never mix in.
     */
    public static String scratchName(List<Path> paths) {
        List<String> keys = paths.stream().map(p -> p.toAbsolutePath().normalize().toString()).sorted().toList();
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\n", keys).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "scratch-" + java.util.HexFormat.of().formatHex(h, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The setting file that names the workspace in use ({@code lectern open}, the desktop window). */
    static final String CURRENT_SETTING = "current-workspace";

    /**
     * The workspace last chosen as current ({@link #setCurrent}), else {@link #DEFAULT}. A setting that
     * names no valid workspace (edited by hand, say) also gives the default.
     */
    public String current() {
        Path f = dataDir.resolve(CURRENT_SETTING);
        try {
            String name = Files.isRegularFile(f) ? Files.readString(f, java.nio.charset.StandardCharsets.UTF_8).strip() : "";
            if (!name.isEmpty()) {
                folder(name);
                return name;
            }
        } catch (IOException | IllegalArgumentException e) {
            // unreadable or invalid: fall back to the default workspace
        }
        return DEFAULT;
    }

    /** Records {@code name} as the current workspace (written atomically). */
    public void setCurrent(String name) throws IOException {
        folder(name);
        Files.createDirectories(dataDir);
        Path tmp = dataDir.resolve(CURRENT_SETTING + ".tmp");
        Files.writeString(tmp, name + "\n", java.nio.charset.StandardCharsets.UTF_8);
        Files.move(tmp, dataDir.resolve(CURRENT_SETTING), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Whether the workspace has a folder here (it was created by an ingest, an open or the desktop app). */
    public boolean exists(String name) {
        return Files.isDirectory(folder(name));
    }

    /** Deletes a workspace's folder and its index. The workspace must be closed; one that does not exist is left be. */
    public void delete(String name) throws IOException {
        Path root = folder(name);
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    public List<String> names() throws IOException {
        Path root = dataDir.resolve("workspaces");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            s.filter(Files::isDirectory).forEach(p -> out.add(p.getFileName().toString()));
        }
        out.sort(null);
        return out;
    }

    /** Settings for opening a workspace. {@code model} null means keyword search only. */
    public record Options(String model, int embedWorkers, int parseThreads, int chunkTokens) {
        public static Options defaults() {
            int cores = Runtime.getRuntime().availableProcessors();
            return new Options(EmbeddingModels.DEFAULT_ID, cores, Math.max(1, Math.min(cores, 4)), INDEX_CHUNK_TOKENS);
        }

        /**
         * Defaults for a desktop app: one core is left to the window, so parsing and embedding never
         * take every core from the thread that draws it.
         */
        public static Options interactive() {
            int cores = Runtime.getRuntime().availableProcessors();
            int work = Math.max(1, cores - 1);
            return new Options(EmbeddingModels.DEFAULT_ID, work, Math.max(1, Math.min(work, 4)), INDEX_CHUNK_TOKENS);
        }

        public Options withModel(String m) {
            return new Options(m, embedWorkers, parseThreads, chunkTokens);
        }

        public Options withChunkTokens(int t) {
            return new Options(model, embedWorkers, parseThreads, t);
        }
    }

    /** @throws dev.lectern.indexing.WorkspaceInUseException naming the workspace when another Lectern has it open */
    public Workspace open(String name, Options o) throws IOException {
        return open(name, o, false);
    }

    /**
     * Opens a workspace to read it: as {@link #open(String, Options)}, or, while another Lectern has it
     * open for writing (the desktop app, an ingest or a watch), read only, as that one last saved it;
     * {@link Workspace#index()}'s {@code readOnly()} tells which.
     */
    public Workspace openForReading(String name, Options o) throws IOException {
        return open(name, o, true);
    }

    private Workspace open(String name, Options o, boolean readIfInUse) throws IOException {
        try {
            return open(name, folder(name).resolve("index"), o, productChunker(o), readIfInUse);
        } catch (dev.lectern.indexing.WorkspaceInUseException e) {
            throw e.named(name);
        }
    }

    /** Opens a workspace whose index lives in {@code indexFolder} (the evaluation uses a scratch one). */
    public static Workspace open(String name, Path indexFolder, Options o) throws IOException {
        return open(name, indexFolder, o, productChunker(o));
    }

    /**
     * Opens a workspace that chunks new documents with {@code chunker} instead of the product's
     * structure-aware chunking: only for baselines (e.g. fixed-size chunks) that benchmarks compare with.
     */
    public static Workspace open(String name, Path indexFolder, Options o, dev.lectern.parsing.Chunker chunker)
            throws IOException {
        return open(name, indexFolder, o, chunker, false);
    }

    private static StructureChunker productChunker(Options o) {
        return new StructureChunker(dev.lectern.parsing.TokenCounter.APPROXIMATE, o.chunkTokens());
    }

    /** {@code readIfInUse}: an index another Lectern holds is opened read only instead of refused. */
    private static Workspace open(String name, Path indexFolder, Options o, dev.lectern.parsing.Chunker chunker,
                                  boolean readIfInUse) throws IOException {
        // loaded once: a held index is read with the same embedder rather than a second one loaded
        Embedder embedder = o.model() == null ? null : EmbeddingModels.open(o.model(), o.embedWorkers());
        LuceneIndex index;
        try {
            index = openIndex(indexFolder, embedder, readIfInUse);
        } catch (IOException | RuntimeException e) {
            if (embedder != null) {
                embedder.close();
            }
            throw e;
        }
        return new Workspace(name, index, new DocumentParser(), chunker, o.parseThreads());
    }

    private static LuceneIndex openIndex(Path folder, Embedder embedder, boolean readIfInUse) throws IOException {
        RetrievalTuning tuning = RetrievalTuning.fromSystemProperties();
        try {
            return LuceneIndex.open(folder, embedder, tuning, true);
        } catch (dev.lectern.indexing.WorkspaceInUseException busy) {
            if (!readIfInUse) {
                throw busy;
            }
            try {
                return LuceneIndex.openReadOnly(folder, embedder, tuning, true);
            } catch (IOException | RuntimeException e) {
                busy.addSuppressed(e);
                throw busy;
            }
        }
    }
}
