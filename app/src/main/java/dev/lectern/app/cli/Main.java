package dev.lectern.app.cli;

import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;

/** The {@code lectern} command line. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        int code = run(args);
        // library threads (Tika, later llama.cpp) may linger: the CLI decides when the process ends
        System.exit(code);
    }

    static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new LecternCommand());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }
}
