package dev.lectern.inference.models;

import dev.lectern.inference.gguf.GgufFile;
import dev.lectern.inference.gguf.GgufReader;
import dev.lectern.inference.gguf.ModelFileException;
import dev.lectern.inference.gguf.ModelValidator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The models folder: the {@code .gguf} files in it, described from their headers, the partial
 * downloads waiting to be resumed, and which model is the default. Reads the folder afresh on every
 * call, so files copied in by hand show up.
 */
public final class ModelStore {
    static final String DEFAULT_SETTING = "default-model";

    /**
     * A model file in the folder.
     *
     * @param header  its GGUF header, or {@code null} when the file could not be read as GGUF
     * @param problem why it cannot be used as a chat model, or {@code null} when it can
     */
    public record StoredModel(Path file, long sizeBytes, Instant modified, GgufFile header, String problem) {
        public String name() {
            return file.getFileName().toString();
        }

        public boolean usable() {
            return problem == null;
        }
    }

    /**
     * Something in the folder named like a model that is no file at all: a broken symbolic link, a folder,
     * a device or a pipe. {@link #list} leaves these out (they have no size or header to show), yet the user
     * put them there meaning a model, so {@link #strays} names them with what they are.
     *
     * @param what what it is, in words: "a broken link to …", "a folder, not a model file"
     */
    public record Stray(Path path, String what) {
        public String name() {
            return path.getFileName().toString();
        }
    }

    /** A download that stopped before the end; pulling {@code url} again resumes it. */
    public record PartialDownload(Path file, String targetName, long bytes, String url) {
    }

    private final Path folder;

    public ModelStore(Path folder) {
        if (folder == null) {
            throw new IllegalArgumentException("the models folder must be given");
        }
        this.folder = folder;
    }

    public Path folder() {
        return folder;
    }

    /** Every {@code *.gguf} file, by name; a file that cannot be read is listed with its problem. */
    public List<StoredModel> list() throws IOException {
        List<StoredModel> out = new ArrayList<>();
        for (Path f : files(".gguf")) {
            out.add(describe(f));
        }
        return out;
    }

    /** Entries named {@code *.gguf} that are not regular files, by name, each with what it is. */
    public List<Stray> strays() throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            List<Path> odd = s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gguf")
                            && !Files.isRegularFile(p))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString().toLowerCase(Locale.ROOT))).toList();
            List<Stray> out = new ArrayList<>();
            for (Path p : odd) {
                out.add(new Stray(p, whatIs(p)));
            }
            return out;
        }
    }

    private static String whatIs(Path p) {
        boolean link = Files.isSymbolicLink(p);
        String target = "";
        if (link) {
            try {
                target = Files.readSymbolicLink(p).toString();
            } catch (IOException | UnsupportedOperationException e) {
                target = "(unreadable: " + e.getMessage() + ")";
            }
        }
        if (link && !Files.exists(p)) {
            return "a broken link to " + target + ", which does not exist";
        }
        if (Files.isDirectory(p)) {
            return link ? "a link to the folder " + target + ", not a model file" : "a folder, not a model file";
        }
        return "not a regular file (a device or a pipe?), not a model file";
    }

    /** Downloads that stopped before the end, by name. */
    public List<PartialDownload> partials() throws IOException {
        List<PartialDownload> out = new ArrayList<>();
        for (Path f : files(".gguf.part")) {
            String name = f.getFileName().toString();
            out.add(new PartialDownload(f, name.substring(0, name.length() - ".part".length()), Files.size(f),
                    ModelDownloader.partialSource(f).orElse(null)));
        }
        return out;
    }

    /**
     * Models matching {@code ref}: the file name, the name without {@code .gguf}, or else every
     * model whose name starts with {@code ref} (case-insensitive). An exact match wins over prefixes.
     */
    public List<StoredModel> find(String ref) throws IOException {
        String r = ref.strip().toLowerCase(Locale.ROOT);
        List<StoredModel> all = list();
        List<StoredModel> exact = all.stream().filter(m -> {
            String n = m.name().toLowerCase(Locale.ROOT);
            return n.equals(r) || n.equals(r + ".gguf");
        }).toList();
        if (!exact.isEmpty() || r.isEmpty()) {
            return exact;
        }
        return all.stream().filter(m -> m.name().toLowerCase(Locale.ROOT).startsWith(r)).toList();
    }

    /** Partial downloads whose target name matches {@code ref} the way {@link #find} does. */
    public List<PartialDownload> findPartial(String ref) throws IOException {
        String r = ref.strip().toLowerCase(Locale.ROOT);
        List<PartialDownload> all = partials();
        List<PartialDownload> exact = all.stream().filter(p -> {
            String n = p.targetName().toLowerCase(Locale.ROOT);
            return n.equals(r) || n.equals(r + ".gguf") || p.file().getFileName().toString().toLowerCase(Locale.ROOT).equals(r);
        }).toList();
        if (!exact.isEmpty() || r.isEmpty()) {
            return exact;
        }
        return all.stream().filter(p -> p.targetName().toLowerCase(Locale.ROOT).startsWith(r)).toList();
    }

    /** Deletes the model file; if it was the default, the setting is cleared. */
    public void remove(StoredModel model) throws IOException {
        Files.deleteIfExists(model.file());
        if (defaultSetting().filter(model.name()::equals).isPresent()) {
            Files.deleteIfExists(folder.resolve(DEFAULT_SETTING));
        }
    }

    /** Deletes a partial download and its sidecar. */
    public void remove(PartialDownload partial) throws IOException {
        Files.deleteIfExists(partial.file());
        Files.deleteIfExists(ModelDownloader.infoFile(partial.file()));
    }

    /**
     * The model Lectern answers with: the one set with {@link #setDefault} while it is still here and
     * usable, else the only usable model, else the most recently added usable one.
     */
    public Optional<StoredModel> defaultModel() throws IOException {
        List<StoredModel> usable = list().stream().filter(StoredModel::usable).toList();
        Optional<String> set = defaultSetting();
        if (set.isPresent()) {
            Optional<StoredModel> chosen = usable.stream().filter(m -> m.name().equals(set.get())).findFirst();
            if (chosen.isPresent()) {
                return chosen;
            }
        }
        return usable.stream().max(Comparator.comparing(StoredModel::modified).thenComparing(StoredModel::name));
    }

    /** Makes {@code model} the default; refuses a file that cannot serve as a chat model. */
    public void setDefault(StoredModel model) throws IOException {
        if (!model.usable()) {
            throw new IllegalArgumentException(model.name() + " cannot be the default model: " + model.problem());
        }
        Files.createDirectories(folder);
        Path tmp = folder.resolve(DEFAULT_SETTING + ".tmp");
        Files.writeString(tmp, model.name() + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, folder.resolve(DEFAULT_SETTING), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The file name set as default, whether or not it is still here. */
    public Optional<String> defaultSetting() throws IOException {
        Path f = folder.resolve(DEFAULT_SETTING);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        String name = Files.readString(f, StandardCharsets.UTF_8).strip();
        return name.isEmpty() ? Optional.empty() : Optional.of(name);
    }

    private List<Path> files(String suffix) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(suffix) && Files.isRegularFile(p))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString().toLowerCase(Locale.ROOT))).toList();
        }
    }

    private static StoredModel describe(Path f) throws IOException {
        long size = Files.size(f);
        Instant modified = Files.getLastModifiedTime(f).toInstant();
        GgufFile header;
        try {
            header = GgufReader.read(f);
        } catch (ModelFileException e) {
            return new StoredModel(f, size, modified, null, detail(e));
        }
        try {
            ModelValidator.validateChatModel(header);
            return new StoredModel(f, size, modified, header, null);
        } catch (ModelFileException e) {
            return new StoredModel(f, size, modified, header, detail(e));
        }
    }

    private static String detail(ModelFileException e) {
        String m = e.getMessage();
        String prefix = e.file().getFileName() + ": ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }
}
