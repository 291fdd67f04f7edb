package dev.lectern.app.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds the language model a command should use: a file, an installed model's name, or the default. */
public final class LocalModels {
    private LocalModels() {
    }

    public static Path folder(Path dataDir) {
        return dataDir.resolve("models");
    }

    /**
     * {@code ref} as a file path, else an installed model whose file name equals or starts with it;
     * with {@code ref} null, the most recently installed model; empty when there is none.
     */
    public static Optional<Path> resolve(Path dataDir, String ref) throws IOException {
        if (ref != null && Files.isRegularFile(Path.of(ref))) {
            return Optional.of(Path.of(ref));
        }
        List<Path> installed = installed(dataDir);
        if (ref == null) {
            return installed.stream().max(Comparator.comparingLong(LocalModels::modified));
        }
        String want = ref.toLowerCase(Locale.ROOT);
        return installed.stream().filter(p -> name(p).equals(want) || name(p).equals(want + ".gguf")).findFirst()
                .or(() -> installed.stream().filter(p -> name(p).startsWith(want)).findFirst());
    }

    public static List<Path> installed(Path dataDir) throws IOException {
        Path dir = folder(dataDir);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> name(p).endsWith(".gguf") && Files.isRegularFile(p)).sorted().toList();
        }
    }

    private static String name(Path p) {
        return p.getFileName().toString().toLowerCase(Locale.ROOT);
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
