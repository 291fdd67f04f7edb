package dev.lectern.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lectern.app.workspace.Workspace;
import dev.lectern.app.workspace.Workspaces;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the command line says when it cannot do what was asked: one line naming the problem, no stack trace. */
class CliFailuresTest {
    @TempDir
    Path dir;

    /** {@code lectern --data-dir <tmp>/data ARGS...}. */
    private CliRun run(String... args) {
        List<String> all = new ArrayList<>(List.of("--data-dir", dir.resolve("data").toString()));
        all.addAll(List.of(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    private static void assertOneLineWithoutStackTrace(CliRun r) {
        assertThat(r.err()).as("stderr").startsWith("lectern: ").doesNotContain("Exception", "\tat ");
        assertThat(r.err().strip().lines()).as("stderr").hasSize(1);
    }

    @Test
    void searchWithKZeroSaysWhatIsAllowed() {
        CliRun r = run("search", "governing law", "-k", "0", "--no-vectors");

        assertThat(r.code()).isEqualTo(ParseCommand.EXIT_BAD_INPUT);
        assertOneLineWithoutStackTrace(r);
        assertThat(r.err()).contains("-k", "between 1 and 1000", "got 0");
    }

    @Test
    void askWithANegativeKSaysWhatIsAllowed() {
        for (String k : List.of("0", "-3")) {
            CliRun r = run("ask", "governing law", "-k", k);

            assertThat(r.code()).as("-k %s", k).isEqualTo(ParseCommand.EXIT_BAD_INPUT);
            assertOneLineWithoutStackTrace(r);
            assertThat(r.err()).contains("-k", "between 1 and 1000", "got " + k);
        }
    }

    @Test
    void searchForNothingAsksWhatToSearchForLikeAskDoes() {
        for (String query : List.of("", "   ")) {
            CliRun r = run("search", query, "--no-vectors");

            assertThat(r.code()).as("'%s'", query).isEqualTo(ParseCommand.EXIT_BAD_INPUT);
            assertOneLineWithoutStackTrace(r);
            assertThat(r.err()).contains("search for what?");
        }
    }

    @Test
    void anUnknownEmbeddingModelIsRefusedNamingTheModelsThereAre() {
        CliRun r = run("search", "x", "--model", "bogus-embed");

        assertThat(r.code()).isEqualTo(ParseCommand.EXIT_BAD_INPUT);
        assertOneLineWithoutStackTrace(r);
        assertThat(r.err()).contains("bogus-embed", "all-minilm-l6-v2-q", "bge-small-en-v1.5-q");
    }

    @Test
    void aWorkspaceNameThatIsNoFolderNameIsRefusedSayingWhatANameMayHold() {
        for (String[] args : List.of(new String[] {"docs", "-w", "../../etc"}, new String[] {"docs", "-w", "a/b"},
                new String[] {"ask", "x", "-w", "../x"})) {
            CliRun r = run(args);

            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(ParseCommand.EXIT_BAD_INPUT);
            assertOneLineWithoutStackTrace(r);
            assertThat(r.err()).contains("workspace name '" + args[args.length - 1] + "'", "letters, digits");
        }
    }

    @Test
    void aWorkspaceOpenElsewhereIsNamedWithWhatToDoNotAStackTrace() throws Exception {
        Workspaces workspaces = new Workspaces(dir.resolve("data"));
        try (Workspace desktop = workspaces.open("cases", Workspaces.Options.defaults().withModel(null))) {
            CliRun r = run("remove", "nda.pdf", "-w", "cases");

            assertThat(r.code()).isEqualTo(FailureHandler.EXIT_FAILED);
            assertOneLineWithoutStackTrace(r);
            assertThat(r.err()).contains("workspace 'cases' is in use by another Lectern", "desktop app", "close that and try again");
        }
    }

    @Test
    void aWorkspaceOpenElsewhereCanStillBeSearchedAndListedAsItWasLastSaved() throws Exception {
        Workspaces workspaces = new Workspaces(dir.resolve("data"));
        Path memo = java.nio.file.Files.writeString(dir.resolve("memo.txt"), "The heron budget closes in March.");
        try (Workspace desktop = workspaces.open("cases", Workspaces.Options.defaults().withModel(null))) {
            desktop.ingest(List.of(memo), dev.lectern.app.workspace.IngestListener.NONE, () -> false);

            CliRun docs = run("docs", "-w", "cases", "--no-vectors");
            CliRun search = run("search", "heron budget", "-w", "cases", "--no-vectors");

            assertThat(docs.code()).as(docs.err()).isZero();
            assertThat(docs.out()).contains("memo.txt");
            assertThat(search.code()).as(search.err()).isZero();
            assertThat(search.out()).contains("heron budget closes in March");
            assertThat(search.err()).contains("workspace 'cases' is open in another Lectern", "as that one last saved it");
        }
    }

    @Test
    void commandsThatReadAWorkspaceRefuseOneThatDoesNotExistAndCreateNothing() throws Exception {
        Workspaces workspaces = new Workspaces(dir.resolve("data"));
        workspaces.open("cases", Workspaces.Options.defaults().withModel(null)).close();
        Path schema = java.nio.file.Files.writeString(dir.resolve("schema.json"),
                "{\"type\": \"object\", \"properties\": {\"governing_law\": {\"type\": \"string\"}}}");
        List<String[]> commands = List.of(new String[] {"docs", "-w", "nosuch"}, new String[] {"search", "x", "-w", "nosuch"},
                new String[] {"remove", "nda.pdf", "-w", "nosuch"}, new String[] {"ask", "x", "-w", "nosuch"},
                new String[] {"chat", "-w", "nosuch"}, new String[] {"extract", "--schema", schema.toString(), "nda.pdf", "-w", "nosuch"});
        for (String[] args : commands) {
            CliRun r = run(args);

            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(ParseCommand.EXIT_BAD_INPUT);
            assertOneLineWithoutStackTrace(r);
            assertThat(r.err()).as(String.join(" ", args)).contains("workspace 'nosuch' does not exist; "
                    + "workspaces here: default, cases (lectern ingest -w nosuch FILES creates it)");
        }
        assertThat(workspaces.names()).containsExactly("cases");
    }

    @Test
    void theDefaultWorkspaceMayBeReadBeforeAnythingWasAdded() {
        CliRun r = run("docs");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("in workspace 'default'");
    }

    @Test
    void aQuestionOrQueryOfPunctuationAloneIsRefusedLikeAnEmptyOne() throws Exception {
        Path nda = java.nio.file.Files.writeString(dir.resolve("nda.txt"),
                "This Agreement is governed by the laws of the State of Delaware.\n");
        assertThat(run("ingest", "--no-vectors", nda.toString()).code()).isZero();

        for (String[] args : List.of(new String[] {"ask", "?!...;;"}, new String[] {"search", "?!", "--no-vectors"})) {
            CliRun r = run(args);

            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(ParseCommand.EXIT_BAD_INPUT);
            assertOneLineWithoutStackTrace(r);
            assertThat(r.err()).contains(args[0].equals("ask") ? "ask what?" : "search for what?",
                    "'" + args[1] + "' has no letters or digits");
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void aBugKeepsItsStackTrace() {
        NullPointerException bug = new NullPointerException("bug");

        assertThatThrownBy(() -> new FailureHandler().handleExecutionException(bug, Main.commandLine(), null)).isSameAs(bug);
    }
}
