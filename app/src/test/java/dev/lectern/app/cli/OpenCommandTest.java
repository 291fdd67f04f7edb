package dev.lectern.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.app.workspace.Workspaces;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "Open with Lectern": files go into the current workspace, and bare file arguments mean {@code open}. */
class OpenCommandTest {
    @TempDir
    Path dir;

    private Path file(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    /** {@code lectern --data-dir <tmp>/data COMMAND --no-vectors ARGS...} (keyword search only: no model to load). */
    private CliRun run(String command, String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "--data-dir";
        all[1] = dir.resolve("data").toString();
        all[2] = command;
        all[3] = "--no-vectors";
        System.arraycopy(args, 0, all, 4, args.length);
        return CliRun.of(all);
    }

    @Test
    void opensIntoTheDefaultWorkspaceWhenNoneWasChosen() throws Exception {
        Path nda = file("nda.txt", "Either party may terminate this Agreement on thirty days' written notice.\n");
        CliRun r = run("open", nda.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("workspace \"default\"", "added", "nda.txt");

        CliRun docs = run("docs", "-w", "default");
        assertThat(docs.out()).contains("1 document, ", "'default'");
    }

    @Test
    void opensIntoTheCurrentWorkspaceAndAnExplicitOneBecomesCurrent() throws Exception {
        Path first = file("first.txt", "The lease runs for five years from the commencement date.\n");
        Path second = file("second.txt", "Rent is payable quarterly in advance.\n");

        CliRun chosen = run("open", "-w", "cases", first.toString());
        assertThat(chosen.code()).as(chosen.err()).isZero();
        assertThat(new Workspaces(dir.resolve("data")).current()).isEqualTo("cases");

        CliRun next = run("open", second.toString());
        assertThat(next.code()).as(next.err()).isZero();
        assertThat(next.out()).contains("workspace \"cases\"");
        assertThat(run("docs", "-w", "cases").out()).contains("2 documents");
        assertThat(Files.exists(dir.resolve("data/workspaces/default"))).isFalse();
    }

    @Test
    void aMissingFileIsRefusedWithItsName() {
        CliRun r = run("open", dir.resolve("nowhere.pdf").toString());
        assertThat(r.code()).isEqualTo(ParseCommand.EXIT_BAD_INPUT);
        assertThat(r.err()).contains("nowhere.pdf", "does not exist");
    }

    @Test
    void bareExistingFilesAreOpenedAndEverythingElseIsLeftAlone() throws Exception {
        Path a = file("a.txt", "x\n");
        Path b = file("b.txt", "y\n");
        assertThat(Main.filesToOpen(a.toString(), b.toString())).containsExactly("open", a.toString(), b.toString());
        assertThat(Main.filesToOpen()).isEmpty();
        assertThat(Main.filesToOpen("ask", "What is the term?")).containsExactly("ask", "What is the term?");
        assertThat(Main.filesToOpen("--version")).containsExactly("--version");
        assertThat(Main.filesToOpen(a.toString(), dir.resolve("missing.txt").toString()))
                .containsExactly(a.toString(), dir.resolve("missing.txt").toString());
    }

    @Test
    void anInvalidCurrentSettingFallsBackToDefault() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("current-workspace"), "../../etc\n", StandardCharsets.UTF_8);
        assertThat(new Workspaces(data).current()).isEqualTo(Workspaces.DEFAULT);
    }
}
