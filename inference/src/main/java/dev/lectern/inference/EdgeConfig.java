package dev.lectern.inference;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where Lectern finds what it does not ship: a llama.cpp Java native library built with GPU backends,
 * llama.cpp's {@code llama-server} and {@code rpc-server} binaries, an external server and RPC workers.
 * Each is a system property (e.g. {@code LECTERN_JAVA_OPTS="-Dlectern.llama.lib=/opt/jllama-cuda"}) or,
 * when that is unset, an environment variable; the command-line options override both.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>property</th><th>environment</th><th>meaning</th></tr>
 *   <tr><td>lectern.llama.lib</td><td>LECTERN_LLAMA_LIB</td><td>folder holding a GPU-enabled libjllama.so / jllama.dll / libjllama.dylib</td></tr>
 *   <tr><td>lectern.llama.server</td><td>LECTERN_LLAMA_SERVER</td><td>llama.cpp's llama-server binary, for --rpc</td></tr>
 *   <tr><td>lectern.rpc.server</td><td>LECTERN_RPC_SERVER</td><td>llama.cpp's rpc-server binary, for {@code lectern worker}</td></tr>
 *   <tr><td>lectern.server.url</td><td>LECTERN_SERVER_URL</td><td>an external llama-server to answer with (--server)</td></tr>
 *   <tr><td>lectern.rpc.workers</td><td>LECTERN_RPC_WORKERS</td><td>host:port[=MB],... RPC workers (--rpc)</td></tr>
 * </table>
 */
public record EdgeConfig(Optional<Path> llamaLibrary, Optional<Path> llamaServer, Optional<Path> rpcServer,
                         Optional<URI> serverUrl, List<String> rpcWorkers) {
    public static final String LLAMA_LIB = "lectern.llama.lib";
    public static final String LLAMA_SERVER = "lectern.llama.server";
    public static final String RPC_SERVER = "lectern.rpc.server";
    public static final String SERVER_URL = "lectern.server.url";
    public static final String RPC_WORKERS = "lectern.rpc.workers";
    /** The llama.cpp build inside de.kherud:llama 4.2.0, whose CPU natives Lectern ships. */
    public static final String BUNDLED_LLAMA_BUILD = "b4916";

    public EdgeConfig {
        rpcWorkers = List.copyOf(rpcWorkers);
    }

    /** The settings of this process: system properties first, then the environment. */
    public static EdgeConfig fromEnvironment() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, String> props = (Map) System.getProperties();
        return from(props, System.getenv());
    }

    public static EdgeConfig from(Map<String, String> properties, Map<String, String> env) {
        return new EdgeConfig(value(properties, env, LLAMA_LIB).map(Path::of),
                value(properties, env, LLAMA_SERVER).map(Path::of),
                value(properties, env, RPC_SERVER).map(Path::of),
                value(properties, env, SERVER_URL).map(URI::create),
                value(properties, env, RPC_WORKERS).map(EdgeConfig::workers).orElse(List.of()));
    }

    /** {@code lectern.llama.lib} -> {@code LECTERN_LLAMA_LIB}. */
    public static String envName(String property) {
        return property.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
    }

    /** "a:1,b:2" as a list, blanks dropped. */
    public static List<String> workers(String csv) {
        return Arrays.stream(csv.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** The native library file inside a folder: libjllama.so, jllama.dll or libjllama.dylib. */
    public static String nativeLibraryName() {
        return System.mapLibraryName("jllama");
    }

    /**
     * Why the configured native library cannot be used, or empty when it can (or none is configured).
     * A folder without the library makes de.kherud:llama fall back to its CPU build without a word, so it
     * is caught here first.
     */
    public Optional<String> llamaLibraryProblem() {
        if (llamaLibrary.isEmpty()) {
            return Optional.empty();
        }
        Path dir = llamaLibrary.get();
        if (!Files.isDirectory(dir)) {
            return Optional.of(LLAMA_LIB + " is " + dir + ", which is not a folder: give the folder that holds "
                    + nativeLibraryName() + " (see README, \"GPUs and several devices\")");
        }
        if (!Files.isRegularFile(dir.resolve(nativeLibraryName()))) {
            return Optional.of("no " + nativeLibraryName() + " in " + dir + " (" + LLAMA_LIB + "): build java-llama.cpp"
                    + " with a GPU backend and point " + LLAMA_LIB + " at the folder cmake installed it to"
                    + " (see README, \"GPUs and several devices\")");
        }
        return Optional.empty();
    }

    /** Whether a usable user-supplied native library is configured (one that may have GPU backends). */
    public boolean hasGpuLibrary() {
        return llamaLibrary.isPresent() && llamaLibraryProblem().isEmpty();
    }

    /** "bundled CPU build (llama.cpp b4916)" or "user-supplied: /opt/jllama-cuda/libjllama.so". */
    public String describeNatives() {
        if (hasGpuLibrary()) {
            return "user-supplied: " + llamaLibrary.get().resolve(nativeLibraryName());
        }
        return "bundled CPU build (de.kherud:llama 4.2.0, llama.cpp " + BUNDLED_LLAMA_BUILD + ")"
                + llamaLibraryProblem().map(p -> "; the configured library is not used: " + p).orElse("");
    }

    private static Optional<String> value(Map<String, String> props, Map<String, String> env, String key) {
        String v = props.get(key);
        if (v == null || v.isBlank()) {
            v = env.get(envName(key));
        }
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }
}
