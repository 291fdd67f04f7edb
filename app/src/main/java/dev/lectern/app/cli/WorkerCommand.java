package dev.lectern.app.cli;

import dev.lectern.inference.EdgeConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Lend this device's memory to another machine's Lectern.",
                "Runs llama.cpp's rpc-server (lectern.rpc.server / LECTERN_RPC_SERVER) until Ctrl+C, restarting it if it "
                        + "stops. On the answering machine: lectern ask --rpc THIS-HOST:PORT \"question\"."})
final class WorkerCommand implements Callable<Integer> {
    static final String HOW_TO_BUILD = "build llama.cpp with its RPC backend (cmake -B build -DGGML_RPC=ON, plus"
            + " -DGGML_CUDA=ON or -DGGML_VULKAN=ON to lend a GPU; cmake --build build --config Release) and set "
            + EdgeConfig.RPC_SERVER + " (or " + EdgeConfig.envName(EdgeConfig.RPC_SERVER) + ") to build/bin/rpc-server";

    @Spec
    CommandSpec spec;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}). rpc-server has no authentication: listen on"
                    + " a LAN address only on a network you trust.")
    String host;

    @Option(names = "--port", defaultValue = "50052", description = "Port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--mem", paramLabel = "MB", description = "Memory to lend, in MB (default: what the backend reports free).")
    Integer mem;

    @Option(names = "--max-restarts", defaultValue = "3", hidden = true)
    int maxRestarts;

    List<String> command(Path binary) {
        List<String> c = new ArrayList<>(List.of(binary.toString(), "--host", host, "--port", Integer.toString(port)));
        if (mem != null) {
            c.addAll(List.of("--mem", Integer.toString(mem)));
        }
        return c;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        EdgeConfig config = EdgeConfig.fromEnvironment();
        if (config.rpcServer().isEmpty()) {
            err.println("lectern: no rpc-server configured: " + HOW_TO_BUILD);
            return ParseCommand.EXIT_BAD_INPUT;
        }
        Path binary = config.rpcServer().get();
        if (!Files.isExecutable(binary)) {
            err.println("lectern: " + binary + " is not an executable file: " + HOW_TO_BUILD);
            return ParseCommand.EXIT_BAD_INPUT;
        }
        if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("::1")) {
            err.println("lectern: warning: rpc-server has no authentication or encryption; anyone who can reach "
                    + host + ":" + port + " can use this device. Use it only on a network you trust.");
        }
        AtomicBoolean stopping = new AtomicBoolean();
        AtomicReference<Process> current = new AtomicReference<>();
        Thread hook = new Thread(() -> {
            stopping.set(true);
            Process p = current.get();
            if (p != null) {
                p.destroy();
                try {
                    p.waitFor(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                p.destroyForcibly();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        int restarts = 0;
        while (true) {
            List<String> cmd = command(binary);
            err.println("lectern: starting " + String.join(" ", cmd) + " (Ctrl+C stops it)");
            err.flush();
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            current.set(p);
            relay(p, err);
            int code = p.waitFor();
            if (stopping.get()) {
                return 0;
            }
            if (restarts >= maxRestarts) {
                err.println("lectern: rpc-server exited with code " + code + " and was restarted " + restarts
                        + " times already: giving up. Its output above says why (a port in use, a missing GPU driver).");
                return 1;
            }
            restarts++;
            err.println("lectern: rpc-server exited with code " + code + "; restarting it (" + restarts + " of "
                    + maxRestarts + ")");
            Thread.sleep(1000L * restarts);
        }
    }

    private static void relay(Process p, PrintWriter err) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    err.println("rpc-server: " + line);
                    err.flush();
                }
            } catch (IOException e) {
                // the process is gone
            }
        }, "rpc-server-output");
        t.setDaemon(true);
        t.start();
    }
}
