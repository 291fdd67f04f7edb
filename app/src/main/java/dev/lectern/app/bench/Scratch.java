package dev.lectern.app.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A temporary folder for a benchmark's index, deleted with everything in it on close. */
final class Scratch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Scratch.class);
    private final Path dir;

    private Scratch(Path dir) {
        this.dir = dir;
    }

    static Scratch create(String prefix) throws IOException {
        return new Scratch(Files.createTempDirectory(prefix));
    }

    Path dir() {
        return dir;
    }

    /** Bytes of all the files under {@code folder}. */
    static long size(Path folder) throws IOException {
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        }
    }

    @Override
    public void close() {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("cannot delete the benchmark's scratch folder {}: {}", dir, e.getMessage());
        }
    }
}
