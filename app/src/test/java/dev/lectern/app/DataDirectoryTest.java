package dev.lectern.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataDirectoryTest {
    @Test
    void explicitFolderWinsOverEverything() {
        Path p = DataDirectory.resolve(Path.of("/srv/lectern"), Map.of("LECTERN_HOME", "/elsewhere"), "Linux", "/home/ann");
        assertThat(p).isEqualTo(Path.of("/srv/lectern"));
    }

    @Test
    void lecternHomeOverridesThePlatformFolder() {
        Path p = DataDirectory.resolve(null, Map.of("LECTERN_HOME", "/data/lectern"), "Windows 11", "C:\\Users\\ann");
        assertThat(p).isEqualTo(Path.of("/data/lectern"));
    }

    @Test
    void linuxUsesXdgDataHomeOrLocalShare() {
        assertThat(DataDirectory.resolve(null, Map.of("XDG_DATA_HOME", "/home/ann/.data"), "Linux", "/home/ann"))
                .isEqualTo(Path.of("/home/ann/.data/lectern"));
        assertThat(DataDirectory.resolve(null, Map.of(), "Linux", "/home/ann"))
                .isEqualTo(Path.of("/home/ann/.local/share/lectern"));
        // the XDG spec says a relative value is invalid and must be ignored
        assertThat(DataDirectory.resolve(null, Map.of("XDG_DATA_HOME", "relative"), "Linux", "/home/ann"))
                .isEqualTo(Path.of("/home/ann/.local/share/lectern"));
    }

    @Test
    void macUsesApplicationSupport() {
        assertThat(DataDirectory.resolve(null, Map.of(), "Mac OS X", "/Users/ann"))
                .isEqualTo(Path.of("/Users/ann/Library/Application Support/Lectern"));
    }

    @Test
    void windowsUsesAppData() {
        assertThat(DataDirectory.resolve(null, Map.of("APPDATA", "/c/Users/ann/AppData/Roaming"), "Windows 10", "/c/Users/ann"))
                .isEqualTo(Path.of("/c/Users/ann/AppData/Roaming/Lectern"));
    }
}
