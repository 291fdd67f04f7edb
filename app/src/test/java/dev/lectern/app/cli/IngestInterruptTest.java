package dev.lectern.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl+C in the middle of {@code lectern ingest} (a real SIGINT to a real child process): the ingest
 * stops after the current step, still prints its report, and exits 130; the next run resumes.
 */
class IngestInterruptTest {
    @TempDir
    Path dir;

    @Test
    void ctrlCDuringIngestStopsPrintsTheReportAndTheNextRunResumes() throws Exception {
        Assumptions.assumeFalse(System.getProperty("os.name").toLowerCase().contains("win"), "SIGINT is a POSIX signal");
        Path docs = Files.createDirectories(dir.resolve("docs"));
        String clause = "The Supplier shall keep records of every delivery for audit by the Customer at reasonable times. ";
        for (int i = 0; i < 300; i++) {
            Files.writeString(docs.resolve(String.format("contract-%03d.txt", i)),
                    ("Contract " + i + ".\n\n" + clause).repeat(120));
        }
        String data = dir.resolve("data").toString();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--data-dir", data, "ingest", "--no-vectors", docs.toString()).start();
        StringBuffer err = new StringBuffer();
        Thread errReader = new Thread(() -> copy(p.getErrorStream(), err));
        errReader.start();
        StringBuffer out = new StringBuffer();
        Thread outReader = new Thread(() -> copy(p.getInputStream(), out));
        outReader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!err.toString().contains("files") && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50); // the progress line: the ingest is under way
        }
        Thread.sleep(300);
        Assumptions.assumeTrue(p.isAlive(), "the ingest finished before it could be interrupted");
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();

        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("stopped after Ctrl+C").isTrue();
        outReader.join(5000);
        errReader.join(5000);
        assertThat(p.exitValue()).as(err.toString()).isEqualTo(130);
        assertThat(out.toString()).contains("the ingest was cancelled").contains("(cancelled: run again to resume)");
        assertThat(err.toString()).contains("stopping after the current step");

        CliRun again = CliRun.of("--data-dir", data, "ingest", "--no-vectors", docs.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("unchanged").contains("added");
        assertThat(CliRun.of("--data-dir", data, "docs", "--no-vectors").out()).contains("300 documents");
    }

    private static void copy(java.io.InputStream in, StringBuffer into) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            int c;
            while ((c = r.read()) >= 0) {
                into.append((char) c);
            }
        } catch (java.io.IOException e) {
            // the child has gone
        }
    }
}
