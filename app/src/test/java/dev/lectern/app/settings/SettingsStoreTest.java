package dev.lectern.app.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsStoreTest {
    @TempDir
    Path data;

    @Test
    void missingFileGivesDefaultsAndSavedSettingsComeBack() throws Exception {
        SettingsStore store = new SettingsStore(data);
        assertThat(store.load()).isEqualTo(Settings.defaults());
        Settings s = Settings.defaults().withThreads(4).withContextSize(8192).withModel("none").withWorkspace("legal")
                .withWindow(List.of(10.0, 20.0, 1200.0, 800.0), List.of(0.3, 0.6))
                .withWatched("legal", List.of("/home/me/contracts"));
        store.save(s);
        Settings back = new SettingsStore(data).load();
        assertThat(back).isEqualTo(s);
        assertThat(back.watched("legal")).containsExactly("/home/me/contracts");
        assertThat(back.withWatched("legal", List.of()).watched()).isEmpty();
    }

    @Test
    void aDamagedFileIsKeptAsideAndDefaultsUsed() throws Exception {
        Files.writeString(data.resolve("settings.json"), "{ not json");
        assertThat(new SettingsStore(data).load()).isEqualTo(Settings.defaults());
        assertThat(data.resolve("settings.json.bad")).exists();
    }

    @Test
    void badValuesSayWhatIsAllowed() {
        assertThatThrownBy(() -> Settings.defaults().withThreads(-1)).hasMessageContaining("threads must be 0 (default) to 512");
    }
}
