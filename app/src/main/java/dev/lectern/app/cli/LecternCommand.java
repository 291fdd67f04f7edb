package dev.lectern.app.cli;

import dev.lectern.app.DataDirectory;
import dev.lectern.app.Version;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "lectern", mixinStandardHelpOptions = true, versionProvider = LecternCommand.VersionProvider.class,
        description = "Lectern reads your own documents and answers questions about them, with page-exact citations, entirely on this machine.",
        subcommands = {ParseCommand.class, IngestCommand.class, OpenCommand.class, SearchCommand.class, DocsCommand.class,
                RemoveCommand.class, AskCommand.class, ChatCommand.class, ExtractCommand.class, WatchCommand.class,
                EvalCommand.class, BenchCommand.class, ModelsCommand.class, DoctorCommand.class, WorkerCommand.class},
        footer = {"", "Data folder: --data-dir, else LECTERN_HOME, else the platform's user data folder."})
public final class LecternCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Where workspaces, models and settings live (default: $LECTERN_HOME, else the platform's user data folder).",
            defaultValue = "${env:LECTERN_HOME}")
    Path dataDir;

    /** The data folder this invocation uses. */
    Path dataDirectory() {
        return DataDirectory.resolve(dataDir);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"lectern " + Version.current(),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
