package dev.lectern.inference.models;

import dev.lectern.inference.gguf.GgmlType;
import dev.lectern.inference.gguf.ModelShape;
import dev.lectern.inference.gguf.SyntheticModels;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelStoreTest {
    @TempDir
    Path models;
    ModelStore store;

    @BeforeEach
    void setUp() {
        store = new ModelStore(models);
    }

    private Path model(String name, long seed, Instant modified) throws Exception {
        Path f = SyntheticModels.write(models.resolve(name), ModelShape.TINY, GgmlType.Q8_0, seed);
        Files.setLastModifiedTime(f, FileTime.from(modified));
        return f;
    }

    @Test
    void listsEachModelFromItsHeaderAndABrokenOneWithItsProblem() throws Exception {
        model("tiny-a.gguf", 1, Instant.parse("2025-01-01T00:00:00Z"));
        Files.writeString(models.resolve("broken.gguf"), "<html>not a model</html>");
        Files.writeString(models.resolve("notes.txt"), "ignored");

        List<ModelStore.StoredModel> list = store.list();

        assertThat(list).extracting(ModelStore.StoredModel::name).containsExactly("broken.gguf", "tiny-a.gguf");
        ModelStore.StoredModel broken = list.get(0);
        assertThat(broken.usable()).isFalse();
        assertThat(broken.header()).isNull();
        assertThat(broken.problem()).contains("not a GGUF");
        ModelStore.StoredModel tiny = list.get(1);
        assertThat(tiny.usable()).isTrue();
        assertThat(tiny.header().architecture()).isEqualTo("llama");
        assertThat(tiny.header().quantization()).isEqualTo("Q8_0");
        assertThat(tiny.header().contextLength()).isEqualTo(4096);
        assertThat(tiny.sizeBytes()).isEqualTo(Files.size(models.resolve("tiny-a.gguf")));
    }

    @Test
    void entriesNamedGgufThatAreNoFilesAreStraysSaidWhatTheyAre() throws Exception {
        model("tiny-a.gguf", 1, Instant.parse("2025-01-01T00:00:00Z"));
        Files.createDirectory(models.resolve("folder.gguf"));
        Path elsewhere = models.resolve("elsewhere"); // not named .gguf, so no stray itself
        Files.createDirectories(elsewhere);
        Files.createSymbolicLink(models.resolve("gone.gguf"), elsewhere.resolve("missing.gguf"));
        Files.createSymbolicLink(models.resolve("linked-folder.gguf"), elsewhere);

        List<ModelStore.Stray> strays = store.strays();

        assertThat(strays).extracting(ModelStore.Stray::name, ModelStore.Stray::what).containsExactly(
                org.assertj.core.groups.Tuple.tuple("folder.gguf", "a folder, not a model file"),
                org.assertj.core.groups.Tuple.tuple("gone.gguf", "a broken link to " + elsewhere.resolve("missing.gguf")
                        + ", which does not exist"),
                org.assertj.core.groups.Tuple.tuple("linked-folder.gguf", "a link to the folder " + elsewhere
                        + ", not a model file"));
        assertThat(store.list()).extracting(ModelStore.StoredModel::name).containsExactly("tiny-a.gguf");
        assertThat(new ModelStore(models.resolve("absent")).strays()).isEmpty();
    }

    @Test
    void aMissingFolderListsNothing() throws Exception {
        assertThat(new ModelStore(models.resolve("absent")).list()).isEmpty();
        assertThat(new ModelStore(models.resolve("absent")).defaultModel()).isEmpty();
    }

    @Test
    void findsByExactNameBeforePrefix() throws Exception {
        model("qwen.gguf", 1, Instant.now());
        model("qwen-large.gguf", 2, Instant.now());
        assertThat(store.find("qwen")).extracting(ModelStore.StoredModel::name).containsExactly("qwen.gguf");
        assertThat(store.find("QWEN-L")).extracting(ModelStore.StoredModel::name).containsExactly("qwen-large.gguf");
        assertThat(store.find("q")).hasSize(2);
        assertThat(store.find("llama")).isEmpty();
    }

    @Test
    void defaultIsTheSettingElseTheMostRecentUsableModel() throws Exception {
        model("old.gguf", 1, Instant.parse("2024-01-01T00:00:00Z"));
        model("new.gguf", 2, Instant.parse("2025-01-01T00:00:00Z"));
        Files.writeString(models.resolve("newest-but-broken.gguf"), "junk");
        assertThat(store.defaultModel()).get().extracting(ModelStore.StoredModel::name).isEqualTo("new.gguf");

        store.setDefault(store.find("old").get(0));
        assertThat(store.defaultModel()).get().extracting(ModelStore.StoredModel::name).isEqualTo("old.gguf");

        store.remove(store.find("old").get(0));
        assertThat(models.resolve("old.gguf")).doesNotExist();
        assertThat(store.defaultSetting()).isEmpty();
        assertThat(store.defaultModel()).get().extracting(ModelStore.StoredModel::name).isEqualTo("new.gguf");
    }

    @Test
    void refusesABrokenFileAsDefault() throws Exception {
        Files.writeString(models.resolve("broken.gguf"), "junk");
        assertThatThrownBy(() -> store.setDefault(store.list().get(0))).hasMessageContaining("cannot be the default");
    }

    @Test
    void partialDownloadsAreListedWithTheirSourceAndCanBeRemoved() throws Exception {
        Files.write(models.resolve("big.gguf.part"), new byte[1234]);
        Files.writeString(models.resolve("big.gguf.part.info"), "url=https\\://example.org/big.gguf\n");

        List<ModelStore.PartialDownload> parts = store.partials();

        assertThat(parts).singleElement().satisfies(p -> {
            assertThat(p.targetName()).isEqualTo("big.gguf");
            assertThat(p.bytes()).isEqualTo(1234);
            assertThat(p.url()).isEqualTo("https://example.org/big.gguf");
        });
        assertThat(store.list()).isEmpty();
        assertThat(store.findPartial("big")).hasSize(1);
        store.remove(parts.get(0));
        assertThat(models.resolve("big.gguf.part")).doesNotExist();
        assertThat(models.resolve("big.gguf.part.info")).doesNotExist();
    }
}
