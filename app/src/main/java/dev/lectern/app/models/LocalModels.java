package dev.lectern.app.models;

import dev.lectern.inference.models.ModelStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the language model a command should use: a file, an installed model's name, or the default. */
public final class LocalModels {
    private LocalModels() {
    }

    public static ModelStore store(Path dataDir) {
        return new ModelStore(dataDir.resolve("models"));
    }

    /**
     * {@code ref} as a file path, else the installed model it names (file name or prefix); with
     * {@code ref} null, the default model ({@code lectern models default}); empty when there is none.
     */
    public static Optional<Path> resolve(Path dataDir, String ref) throws IOException {
        if (ref != null && Files.isRegularFile(Path.of(ref))) {
            return Optional.of(Path.of(ref));
        }
        ModelStore store = store(dataDir);
        if (ref == null) {
            return store.defaultModel().map(ModelStore.StoredModel::file);
        }
        return store.find(ref).stream().filter(ModelStore.StoredModel::usable).map(ModelStore.StoredModel::file).findFirst();
    }
}
