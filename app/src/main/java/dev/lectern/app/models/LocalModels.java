package dev.lectern.app.models;

import dev.lectern.inference.gguf.ModelFileException;
import dev.lectern.inference.gguf.ModelValidator;
import dev.lectern.inference.models.ModelStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
            return new Choice(file, unusable(store, all));
        }
        return new Choice(file, Optional.empty());
    }

    /**
     * What is wrong with a models folder that holds things named {@code *.gguf} of which none can be used
     * (empty, text, truncated files; folders and broken links): one is named with its reason, several are
     * counted, since their reasons would make a paragraph ({@code lectern models list} gives them). Empty
     * when there is nothing of the kind, so "none installed" stays true.
     */
    private static Optional<String> unusable(ModelStore store, List<ModelStore.StoredModel> all) throws IOException {
        List<String> each = new ArrayList<>();
        all.stream().filter(m -> !m.usable()).forEach(m -> each.add("the model " + m.file() + " cannot be used ("
                + m.problem() + ")"));
        store.strays().forEach(s -> each.add("the model " + s.path() + " cannot be used (" + s.what() + ")"));
        if (each.size() <= 1) {
            return each.stream().findFirst();
        }
        return Optional.of(each.size() + " files in the models folder " + store.folder() + " cannot be used as models");
    }

    /**
     * The model {@code --model REF} names: a file path, else the installed model it names (file name or
     * prefix). A name that finds something unusable says what and why: an installed file that fails the
     * GGUF checks (with the validator's reason), a folder, a broken symbolic link.
     *
     * @throws ModelFileException naming the file and the reason when {@code ref} finds no usable model
     */
    public static Path chooseNamed(Path dataDir, String ref) throws IOException, ModelFileException {
        Path asPath = pathOrNull(ref);
        if (asPath != null && Files.isRegularFile(asPath)) {
            return asPath;
        }
        ModelStore store = store(dataDir);
        List<ModelStore.StoredModel> found = store.find(ref);
        Optional<ModelStore.StoredModel> usable = found.stream().filter(ModelStore.StoredModel::usable).findFirst();
        if (usable.isPresent()) {
            return usable.get().file();
        }
        if (!found.isEmpty()) {
            ModelStore.StoredModel m = found.get(0);
            ModelFileException.Reason reason = ModelFileException.Reason.CORRUPT;
            try {
                ModelValidator.validateChatModel(m.file());
                return m.file(); // repaired since the folder was listed
            } catch (ModelFileException e) {
                reason = e.reason();
            }
            throw new ModelFileException(m.file(), reason, "the file is in " + store.folder() + " but cannot be used: "
                    + m.problem());
        }
        // what the name finds when it is not a file: a folder or a dangling link, here or in the models folder
        List<Path> candidates = new ArrayList<>();
        if (asPath != null) {
            candidates.add(asPath);
        }
        Path inFolder = pathOrNull(store.folder().toString(), ref);
        if (inFolder != null) {
            candidates.add(inFolder);
            candidates.add(inFolder.resolveSibling(inFolder.getFileName() + ".gguf"));
        }
        for (Path c : candidates) {
            String where = c.equals(asPath) ? "" : " in " + store.folder();
            if (Files.isDirectory(c)) {
                throw new ModelFileException(c, ModelFileException.Reason.NOT_FOUND, "is a folder" + where
                        + ", not a .gguf model file");
            }
            if (Files.isSymbolicLink(c) && !Files.exists(c)) {
                throw new ModelFileException(c, ModelFileException.Reason.NOT_FOUND, "is a broken symbolic link" + where
                        + ": it points to " + Files.readSymbolicLink(c) + ", which does not exist");
            }
            if (Files.exists(c) && !Files.isRegularFile(c)) {
                throw new ModelFileException(c, ModelFileException.Reason.NOT_FOUND, "is not a regular file" + where
                        + " (a device or a pipe?), not a .gguf model file");
            }
        }
        throw new ModelFileException(asPath != null ? asPath : store.folder(), ModelFileException.Reason.NOT_FOUND,
                "no such model file, and no installed model of that name (see `lectern models list`)");
    }

    private static Path pathOrNull(String first, String... more) {
        try {
            return Path.of(first, more);
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
