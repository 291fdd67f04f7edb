package dev.lectern.inference.server;

import dev.lectern.inference.ChatMessage;
import dev.lectern.inference.GenerationException;
import dev.lectern.inference.GenerationRequest;
import dev.lectern.inference.TokenSink;
import dev.lectern.inference.gguf.GgmlType;
import dev.lectern.inference.gguf.GgufFile;
import dev.lectern.inference.gguf.ModelShape;
import dev.lectern.inference.gguf.SyntheticModels;
import dev.lectern.inference.hardware.Hardware;
import dev.lectern.inference.llama.KvCacheType;
import dev.lectern.inference.llama.LlamaSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ServerSupervisorTest {
    private static final long GB = 1_000_000_000L;
    private static final GgufFile QWEN_7B = SyntheticModels.header(ModelShape.QWEN_7B, GgmlType.Q4_0);
    private static final Hardware LAPTOP = new Hardware(8, 16 * GB, 4 * GB);
    @TempDir
    Path dir;

    @Test
    void rpcWorkersAreParsedWithTheirMemoryOrRefusedWithTheFormat() {
        assertThat(ServerSupervisor.RpcWorker.parse(" 192.168.1.5:50052=6000 "))
                .isEqualTo(new ServerSupervisor.RpcWorker("192.168.1.5:50052", 6000L * 1024 * 1024));
        assertThat(ServerSupervisor.RpcWorker.parse("box:50052").memoryBytes()).isZero();
        assertThatThrownBy(() -> ServerSupervisor.RpcWorker.parse("box")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> ServerSupervisor.RpcWorker.parse("box:99999")).hasMessageContaining("valid port");
        assertThatThrownBy(() -> ServerSupervisor.RpcWorker.parse("box:1=lots")).hasMessageContaining("in MB");
    }

    @Test
    void workersWithTheirMemoryGetThePlannersLayersAndSplit() throws Exception {
        LlamaSettings s = LlamaSettings.forMachine(QWEN_7B, LAPTOP).withContextSize(8192).withKvCache(KvCacheType.F16);
        List<String> notes = new ArrayList<>();
        List<String> args = ServerSupervisor.planArguments(QWEN_7B, LAPTOP, s,
                List.of(ServerSupervisor.RpcWorker.parse("10.0.0.2:50052=4000"),
                        ServerSupervisor.RpcWorker.parse("10.0.0.3:50052=2000")), OptionalInt.empty(), notes::add);
        assertThat(args).containsSequence("--ctx-size", "8192").contains("--n-gpu-layers")
                .containsSequence("--split-mode", "layer").contains("--tensor-split")
                .containsSequence("--rpc", "10.0.0.2:50052,10.0.0.3:50052").doesNotContain("--flash-attn");
        String split = args.get(args.indexOf("--tensor-split") + 1);
        int[] layers = java.util.Arrays.stream(split.split(",")).mapToInt(Integer::parseInt).toArray();
        assertThat(layers[0]).as("the bigger worker takes more layers").isGreaterThan(layers[1]);
    }

    @Test
    void workersWithoutMemoryLetLlamaCppSplitAndAQuantizedCacheTurnsOnFlashAttention() throws Exception {
        LlamaSettings s = LlamaSettings.forMachine(QWEN_7B, LAPTOP).withContextSize(4096).withKvCache(KvCacheType.Q8_0);
        List<String> notes = new ArrayList<>();
        List<String> args = ServerSupervisor.planArguments(QWEN_7B, LAPTOP, s,
                List.of(ServerSupervisor.RpcWorker.parse("127.0.0.1:50052"), ServerSupervisor.RpcWorker.parse("127.0.0.1:50053")),
                OptionalInt.empty(), notes::add);
        assertThat(args).containsExactly("--ctx-size", "4096", "--cache-type-k", "q8_0", "--cache-type-v", "q8_0",
                "--n-gpu-layers", "999", "--rpc", "127.0.0.1:50052,127.0.0.1:50053", "--flash-attn");
        assertThat(notes).singleElement().asString().contains("memory each worker reports");
    }

    @Test
    void theCommandLineCarriesModelPortThreadsPlanAndDraft() {
        ServerSupervisor.Launch l = new ServerSupervisor.Launch(Path.of("/opt/llama/llama-server"), Path.of("/m/big.gguf"),
                "127.0.0.1", 0, 4, false, List.of("--n-gpu-layers", "999", "--rpc", "a:1"), List.of("a:1"),
                "/m/small.gguf", 8);
        assertThat(l.command(8123)).containsExactly("/opt/llama/llama-server", "--model", "/m/big.gguf", "--host",
                "127.0.0.1", "--port", "8123", "--threads", "4", "--parallel", "1", "--jinja", "--n-gpu-layers", "999",
                "--rpc", "a:1", "--no-mmap", "--model-draft", "/m/small.gguf", "--draft-max", "8");
    }

    /** A "llama-server" binary that is this test's fake server in a JVM of its own. */
    private Path fakeBinary(Path argsFile, String extraEnv) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path script = dir.resolve("llama-server");
        Files.writeString(script, "#!/bin/sh\n" + extraEnv + "FAKE_ARGS_FILE='" + argsFile + "' exec '" + java
                + "' -Xmx64m -XX:TieredStopAtLevel=1 -cp '" + System.getProperty("java.class.path") + "' "
                + FakeLlamaServer.class.getName() + " \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    @Test
    void theServerIsStartedAnsweredThroughRestartedWhenItDiesAndStoppedOnClose() throws Exception {
        Path argsFile = dir.resolve("args.txt");
        ServerSocket worker = new ServerSocket(0); // stands in for an rpc-server that accepts connections
        String rpc = "127.0.0.1:" + worker.getLocalPort();
        List<String> notices = new CopyOnWriteArrayList<>();
        ServerSupervisor.Launch l = new ServerSupervisor.Launch(fakeBinary(argsFile, ""), Path.of("/m/model.gguf"),
                "127.0.0.1", 0, 2, true, List.of("--n-gpu-layers", "999", "--rpc", rpc), List.of(rpc), null, 0);
        ServerSupervisor sup = ServerSupervisor.start(l, Duration.ofSeconds(30), 1, notices::add);
        try (ServerGenerator g = sup.generator()) {
            String text = g.generate(GenerationRequest.of(List.of(ChatMessage.user("hi")), 16), TokenSink.IGNORE,
                    () -> false).text();
            assertThat(text).isEqualTo("Hello world.");
            assertThat(Files.readString(argsFile)).contains("--rpc\n" + rpc + "\n", "--model\n/m/model.gguf\n");

            long pid = sup.pid();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
            // the next call finds it gone, says how it ended, and restarts it
            assertThat(g.generate(GenerationRequest.of(List.of(ChatMessage.user("again")), 16), TokenSink.IGNORE,
                    () -> false).text()).isEqualTo("Hello world.");
            assertThat(sup.restarts()).isEqualTo(1);
            assertThat(notices).anySatisfy(n -> assertThat(n).contains("llama-server was killed by signal 9",
                    "Restarting it (restart 1 of 1)"));

            // a worker that drops is named; the restart budget is spent, so the call fails with both reasons
            worker.close();
            ProcessHandle.of(sup.pid()).orElseThrow().destroyForcibly();
            Thread.sleep(500);
            assertThatThrownBy(() -> g.generate(GenerationRequest.of(List.of(ChatMessage.user("3rd")), 16),
                    TokenSink.IGNORE, () -> false))
                    .isInstanceOf(GenerationException.class)
                    .hasMessageContaining("RPC worker " + rpc + " stopped answering")
                    .hasMessageContaining("gives up");
        }
        assertThat(sup.pid()).isEqualTo(-1);
    }

    @Test
    void aWorkerThatIsNotThereIsNamedBeforeAnythingStarts() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ServerSupervisor.Launch l = new ServerSupervisor.Launch(fakeBinary(dir.resolve("a.txt"), ""), Path.of("m.gguf"),
                "127.0.0.1", 0, 1, true, List.of(), List.of("127.0.0.1:" + port), null, 0);
        assertThatThrownBy(() -> ServerSupervisor.start(l, Duration.ofSeconds(10), 0, n -> { }))
                .hasMessageContaining("RPC worker 127.0.0.1:" + port + " does not answer")
                .hasMessageContaining("lectern worker");
    }

    @Test
    void aServerThatExitsWhileStartingSaysSo() throws Exception {
        Path script = dir.resolve("llama-server");
        Files.writeString(script, "#!/bin/sh\necho 'error: failed to load model m.gguf' >&2\nexit 1\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        ServerSupervisor.Launch l = new ServerSupervisor.Launch(script, Path.of("m.gguf"), "127.0.0.1", 0, 1, true,
                List.of(), List.of(), null, 0);
        assertThatThrownBy(() -> ServerSupervisor.start(l, Duration.ofSeconds(10), 0, n -> { }))
                .hasMessageContaining("llama-server exited with code 1 while starting")
                .hasMessageContaining("failed to load model");
        ServerSupervisor.Launch missing = new ServerSupervisor.Launch(dir.resolve("nope"), Path.of("m.gguf"), "127.0.0.1",
                0, 1, true, List.of(), List.of(), null, 0);
        assertThatThrownBy(() -> ServerSupervisor.start(missing, Duration.ofSeconds(1), 0, n -> { }))
                .hasMessageContaining("not an executable file");
    }
}
