package dev.lectern.app.models;

import dev.lectern.inference.models.ModelStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Finds the language model a command should use: a file, an installed model's name, or the default. */
public final class LocalModels {
    private LocalModels() {
    }

    public static ModelStore store(Path dataDir) {
        return new ModelStore(dataDir.resolve("models"));
    }

    /**
     * The model a command answers with when none is named, and why the default could not be used when
     * it could not (the file set as default is damaged, or gone; the only model file is unusable).
     *
     * @param file    the model to answer with; empty for evidence mode
     * @param problem what the user should be told about a default that is unusable, with the validator's reason
     */
    public record Choice(Optional<Path> file, Optional<String> problem) {
    }

    /**
     * The default model ({@code lectern models default}, else the newest usable one), saying which file
     * was passed over and why: a corrupted default had been reported as "no language model installed".
     */
    public static Choice chooseDefault(Path dataDir) throws IOException {
        ModelStore store = store(dataDir);
        List<ModelStore.StoredModel> all = store.list();
        Optional<ModelStore.StoredModel> chosen = store.defaultModel();
        Optional<Path> file = chosen.map(ModelStore.StoredModel::file);
        Optional<String> set = store.defaultSetting();
        if (set.isPresent()) {
            if (chosen.isPresent() && chosen.get().name().equals(set.get())) {
                return new Choice(file, Optional.empty());
            }
            Optional<ModelStore.StoredModel> named = all.stream().filter(m -> m.name().equals(set.get())).findFirst();
            return new Choice(file, Optional.of(named
                    .map(m -> "the default model " + m.file() + " cannot be used (" + m.problem() + ")")
                    .orElse("the default model " + set.get() + " is no longer in " + store.folder())));
        }
        if (chosen.isEmpty()) {
            List<ModelStore.StoredModel> unusable = all.stream().filter(m -> !m.usable()).toList();
            if (!unusable.isEmpty()) {
                return new Choice(file, Optional.of(unusable.stream()
                        .map(m -> "the model " + m.file() + " cannot be used (" + m.problem() + ")")
                        .collect(Collectors.joining("; "))));
            }
        }
        return new Choice(file, Optional.empty());
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
