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
        int code = run(filesToOpen(args));
        // library threads (Tika, later llama.cpp) may linger: the CLI decides when the process ends
        System.exit(code);
    }

    static int run(String... args) {
        return commandLine().execute(args);
    }

    /**
     * The arguments with {@code open} put in front when they are only existing files: a file manager's
     * "Open with Lectern" (and a double-clicked document on Windows) starts the launcher with the
     * documents' paths and nothing else. Anything that starts with an option or names a command is
     * left alone, so a file called "ask" in the working directory never changes a command's meaning.
     */
    public static String[] filesToOpen(String... args) {
        if (args.length == 0) {
            return args;
        }
        java.util.Set<String> commands = commandLine().getSubcommands().keySet();
        for (String a : args) {
            if (a.isEmpty() || a.startsWith("-") || commands.contains(a) || !isExistingPath(a)) {
                return args;
            }
        }
        String[] routed = new String[args.length + 1];
        routed[0] = "open";
        System.arraycopy(args, 0, routed, 1, args.length);
        return routed;
    }

    private static boolean isExistingPath(String a) {
        try {
            return java.nio.file.Files.exists(java.nio.file.Path.of(a));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new LecternCommand());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler(new FailureHandler());
        return cl;
    }
}
