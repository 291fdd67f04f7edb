package dev.lectern.app.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** `lectern doctor` and `lectern worker`, run in-process. */
class EdgeCommandsTest {
    @TempDir
    Path dir;

    @AfterEach
    void clear() {
        System.clearProperty("lectern.rpc.server");
    }

    @Test
    void doctorShowsTheMachineTheNativesAndWhatIsConfigured() {
        CliRun r = CliRun.of("--data-dir", dir.toString(), "doctor");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("CPU: ", "RAM: ", "GPUs:", "llama.cpp natives: ", "llama-server: ", "rpc-server: ",
                "External server: ", "RPC workers: ", "Default model: none installed");
    }

    @Test
    void doctorCountsModelFilesThatCannotBeUsedInsteadOfSayingNoneInstalled() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        Files.write(models.resolve("empty.gguf"), new byte[0]);
        Files.writeString(models.resolve("text.gguf"), "hello, this is text and not a model\n");

        CliRun r = CliRun.of("--data-dir", dir.toString(), "doctor");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Default model: none usable: 2 files in the models folder " + models
                + " cannot be used as models (`lectern models list` shows each file and why)").doesNotContain("none installed");
        Files.delete(models.resolve("text.gguf"));
        assertThat(CliRun.of("--data-dir", dir.toString(), "doctor").out()).contains("Default model: none usable: the model "
                + models.resolve("empty.gguf") + " cannot be used (the file is empty");
    }

    @Test
    void workerWithoutAnRpcServerSaysHowToBuildOne() {
        CliRun r = CliRun.of("worker");
        assertThat(r.code()).isEqualTo(ParseCommand.EXIT_BAD_INPUT);
        assertThat(r.err()).contains("no rpc-server configured", "-DGGML_RPC=ON", "LECTERN_RPC_SERVER");
    }

    @Test
    void workerRunsTheConfiguredRpcServerWithItsOptionsAndGivesUpWhenItKeepsStopping() throws Exception {
        Path args = dir.resolve("args.txt");
        Path fake = dir.resolve("rpc-server");
        Files.writeString(fake, "#!/bin/sh\necho \"$@\" > '" + args + "'\necho 'Starting RPC server'\nexit 4\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        System.setProperty("lectern.rpc.server", fake.toString());
        CliRun r = CliRun.of("worker", "--port", "50999", "--mem", "2048", "--max-restarts", "0");
        assertThat(r.code()).isEqualTo(1);
        assertThat(Files.readString(args).strip()).isEqualTo("--host 127.0.0.1 --port 50999 --mem 2048");
        assertThat(r.err()).contains("rpc-server exited with code 4", "giving up");
    }
}
