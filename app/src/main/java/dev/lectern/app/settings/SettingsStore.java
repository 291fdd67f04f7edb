package dev.lectern.app.settings;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes {@code <data>/settings.json}. A missing file gives the defaults; a damaged one
 * too, with a warning, and is kept aside as {@code settings.json.bad} rather than overwritten unseen.
 */
public final class SettingsStore {
    private static final Logger LOG = LoggerFactory.getLogger(SettingsStore.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path file;

    public SettingsStore(Path dataDir) {
        this.file = dataDir.resolve("settings.json");
    }

    public Path file() {
        return file;
    }

    public Settings load() {
        if (!Files.isRegularFile(file)) {
            return Settings.defaults();
        }
        try {
            return JSON.readValue(file.toFile(), Settings.class);
        } catch (IOException | RuntimeException e) {
            LOG.warn("{} could not be read ({}); using the default settings", file, e.getMessage());
            try {
                Files.copy(file, file.resolveSibling("settings.json.bad"), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException ignored) {
                // the warning above says enough
            }
            return Settings.defaults();
        }
    }

    public void save(Settings s) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling("settings.json.tmp");
        JSON.writeValue(tmp.toFile(), s);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
