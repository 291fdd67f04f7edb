package dev.lectern.inference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EdgeConfigTest {
    @TempDir
    Path dir;

    @Test
    void propertiesWinOverTheEnvironment() {
        EdgeConfig c = EdgeConfig.from(Map.of("lectern.server.url", "http://10.0.0.2:8080"),
                Map.of("LECTERN_SERVER_URL", "http://ignored:1", "LECTERN_RPC_WORKERS", " a:1, b:2=4096 ,",
                        "LECTERN_LLAMA_SERVER", "/opt/llama/llama-server"));
        assertThat(c.serverUrl()).contains(URI.create("http://10.0.0.2:8080"));
        assertThat(c.rpcWorkers()).containsExactly("a:1", "b:2=4096");
        assertThat(c.llamaServer()).contains(Path.of("/opt/llama/llama-server"));
        assertThat(c.rpcServer()).isEmpty();
        assertThat(EdgeConfig.envName(EdgeConfig.LLAMA_LIB)).isEqualTo("LECTERN_LLAMA_LIB");
    }

    @Test
    void aLibraryFolderWithoutTheLibraryIsNamedAndTheBundledBuildIsUsed() throws Exception {
        EdgeConfig none = EdgeConfig.from(Map.of(), Map.of());
        assertThat(none.hasGpuLibrary()).isFalse();
        assertThat(none.describeNatives()).isEqualTo("bundled CPU build (de.kherud:llama 4.2.0, llama.cpp b4916)");

        EdgeConfig empty = EdgeConfig.from(Map.of("lectern.llama.lib", dir.toString()), Map.of());
        assertThat(empty.hasGpuLibrary()).isFalse();
        assertThat(empty.llamaLibraryProblem()).get().asString()
                .contains("no " + EdgeConfig.nativeLibraryName() + " in " + dir, "GPUs and several devices");
        assertThat(empty.describeNatives()).contains("bundled CPU build", "the configured library is not used");

        Files.writeString(dir.resolve(EdgeConfig.nativeLibraryName()), "");
        EdgeConfig ok = EdgeConfig.from(Map.of(), Map.of("LECTERN_LLAMA_LIB", dir.toString()));
        assertThat(ok.hasGpuLibrary()).isTrue();
        assertThat(ok.describeNatives()).isEqualTo("user-supplied: " + dir.resolve(EdgeConfig.nativeLibraryName()));
        assertThat(EdgeConfig.from(Map.of("lectern.llama.lib", dir.resolve("nope").toString()), Map.of())
                .llamaLibraryProblem()).get().asString().contains("not a folder");
        assertThat(List.of(ok.rpcWorkers())).containsExactly(List.of());
    }
}
