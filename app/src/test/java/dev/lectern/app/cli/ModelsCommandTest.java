package dev.lectern.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.lectern.inference.gguf.GgmlType;
import dev.lectern.inference.gguf.ModelShape;
import dev.lectern.inference.gguf.SyntheticModels;
import dev.lectern.inference.models.Bytes;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.util.Arrays;
import java.util.Properties;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsCommandTest {
    @TempDir
    Path dir;
    Path data;
    Path models;
    byte[] model;
    String sha;
    HttpServer server;
    final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void setUp() throws Exception {
        data = dir.resolve("data");
        models = data.resolve("models");
        model = Files.readAllBytes(SyntheticModels.write(dir.resolve("tiny.gguf"), ModelShape.TINY, GgmlType.Q8_0, 3));
        sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(model));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/files/", ex -> {
            requests.incrementAndGet();
            ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
            ex.sendResponseHeaders(200, model.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(model);
            }
        });
        // honours Range like a real file server, for resumes
        server.createContext("/ranged/", ex -> {
            requests.incrementAndGet();
            String range = ex.getRequestHeaders().getFirst("Range");
            int start = range == null ? 0 : Integer.parseInt(range.replaceAll("bytes=(\\d+)-", "$1"));
            ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
            if (range != null) {
                ex.getResponseHeaders().set("Content-Range", "bytes " + start + "-" + (model.length - 1) + "/" + model.length);
            }
            ex.sendResponseHeaders(range == null ? 200 : 206, model.length - start);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(model, start, model.length - start);
            }
        });
        server.start();
    }

    private String url(String folder, String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + folder + "/" + name;
    }

    /** A partial download of the first {@code bytes} of the model, as an interrupted pull of {@code from} leaves it. */
    private Path partial(String name, int bytes, String from) throws Exception {
        Files.createDirectories(models);
        Path part = models.resolve(name + ".part");
        Files.write(part, Arrays.copyOf(model, bytes));
        Properties info = new Properties();
        info.setProperty("url", from);
        try (Writer w = Files.newBufferedWriter(models.resolve(name + ".part.info"))) {
            info.store(w, null);
        }
        return part;
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/files/" + name;
    }

    private CliRun models(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "--data-dir";
        all[1] = data.toString();
        all[2] = "models";
        System.arraycopy(args, 0, all, 3, args.length);
        return CliRun.of(all);
    }

    @Test
    void listShowsArchitectureParametersQuantizationSizeAndContext() throws Exception {
        Files.createDirectories(models);
        Files.write(models.resolve("tiny-chat.gguf"), model);

        CliRun r = models("list");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("FILE", "ARCH", "PARAMS", "QUANT", "SIZE", "CONTEXT");
        String line = r.out().lines().filter(l -> l.contains("tiny-chat.gguf")).findFirst().orElseThrow();
        assertThat(line).startsWith("*").contains("llama", "M", "Q8_0", "KB", "4096");
        assertThat(r.out()).contains("* default model");
    }

    @Test
    void listShowsABrokenFileWithItsProblemAndStillListsTheRest() throws Exception {
        Files.createDirectories(models);
        Files.write(models.resolve("good.gguf"), model);
        Files.writeString(models.resolve("page.gguf"), "<!DOCTYPE html><html>Sign in</html>");

        CliRun r = models("list");

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("good.gguf", "page.gguf", "unreadable: not a GGUF model file");
    }

    @Test
    void listShowsABrokenLinkAndAFolderNamedGgufWithWhatTheyAre() throws Exception {
        Files.createDirectories(models.resolve("folder.gguf"));
        Path target = dir.resolve("moved-away.gguf");
        Files.createSymbolicLink(models.resolve("gone.gguf"), target);

        CliRun r = models("list");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("No models in");
        assertThat(r.out().lines().filter(l -> l.contains("folder.gguf")).findFirst().orElseThrow())
                .endsWith("a folder, not a model file");
        assertThat(r.out().lines().filter(l -> l.contains("gone.gguf")).findFirst().orElseThrow())
                .endsWith("a broken link to " + target + ", which does not exist");
    }

    @Test
    void emptyListSaysWhereToFindModels() {
        CliRun r = models("list");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("No models in", "lectern models catalogue");
    }

    @Test
    void pullDownloadsChecksAndPrintsTheSha256() {
        CliRun r = models("pull", url("tiny-chat.gguf"), "--sha256", sha);

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("saved", "tiny-chat.gguf", "llama", "Q8_0", "sha256 " + sha, "matches the expected checksum");
        assertThat(r.err()).contains("downloading " + url("tiny-chat.gguf"));
        assertThat(models.resolve("tiny-chat.gguf")).hasBinaryContent(model);
        assertThat(models("list").out()).contains("tiny-chat.gguf");
    }

    @Test
    void pullWithoutAChecksumStillShowsIt() {
        CliRun r = models("pull", url("tiny-chat.gguf"), "--name", "renamed.gguf");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("sha256 " + sha, "not checked");
        assertThat(models.resolve("renamed.gguf")).exists();
    }

    @Test
    void pullWithTheWrongChecksumFailsAndKeepsNothing() {
        CliRun r = models("pull", url("tiny-chat.gguf"), "--sha256", "1".repeat(64));

        assertThat(r.code()).isEqualTo(ModelsCommand.EXIT_FAILED);
        assertThat(r.err()).contains("lectern: ", sha, "was expected", "deleted");
        assertThat(models.resolve("tiny-chat.gguf")).doesNotExist();
        assertThat(models.resolve("tiny-chat.gguf.part")).doesNotExist();
    }

    @Test
    void pullWithAMalformedChecksumIsRefusedBeforeAnyDownload() {
        CliRun r = models("pull", "--sha256=xyz", url("tiny-chat.gguf"));

        assertThat(r.code()).isEqualTo(ParseCommand.EXIT_BAD_INPUT);
        assertThat(r.err()).isEqualTo("lectern: 'xyz' is not a SHA-256: give 64 hexadecimal digits" + System.lineSeparator());
        assertThat(requests).hasValue(0);
        assertThat(models.resolve("tiny-chat.gguf.part")).doesNotExist();
    }

    @Test
    void pullRefusesWhatIsNeitherCatalogueIdNorGgufUrl() {
        CliRun r = models("pull", "qwen-does-not-exist");
        assertThat(r.code()).isEqualTo(ParseCommand.EXIT_BAD_INPUT);
        assertThat(r.err()).contains("catalogue id");
    }

    @Test
    void pullOfThePartialsOwnAddressSaysItResumesAndAfterHowMuch() throws Exception {
        partial("tiny-chat.gguf", model.length / 2, url("ranged", "tiny-chat.gguf"));

        CliRun r = models("pull", url("ranged", "tiny-chat.gguf"), "--sha256", sha);

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("resuming tiny-chat.gguf after " + Bytes.human(model.length / 2));
        assertThat(models.resolve("tiny-chat.gguf")).hasBinaryContent(model);
    }

    @Test
    void pullOfAnotherAddressUnderTheSameNameSaysThePartialIsStartedOverNotResumed() throws Exception {
        String other = url("elsewhere", "tiny-chat.gguf");
        partial("tiny-chat.gguf", model.length / 2, other);

        CliRun r = models("pull", url("ranged", "tiny-chat.gguf"), "--sha256", sha);

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("resuming")
                .contains("lectern: the partial download of tiny-chat.gguf (" + Bytes.human(model.length / 2)
                        + ") came from another address, " + other + ": starting again from the beginning");
        assertThat(models.resolve("tiny-chat.gguf")).hasBinaryContent(model);
    }

    @Test
    void pullOfAFileAnotherPullIsDownloadingSaysSoWithoutAnnouncingAResume() throws Exception {
        Path part = partial("tiny-chat.gguf", model.length / 2, url("ranged", "tiny-chat.gguf"));

        CliRun r;
        try (FileChannel held = FileChannel.open(part, StandardOpenOption.WRITE); FileLock lock = held.lock()) {
            r = models("pull", url("ranged", "tiny-chat.gguf"));
        }

        assertThat(r.code()).isEqualTo(ModelsCommand.EXIT_FAILED);
        assertThat(r.err()).doesNotContain("resuming").contains("tiny-chat.gguf is already being downloaded by another pull");
        assertThat(requests).hasValue(0);
        assertThat(part).hasSize(model.length / 2);
    }

    @Test
    void rmRemovesAModelByPrefix() throws Exception {
        Files.createDirectories(models);
        Files.write(models.resolve("tiny-chat.gguf"), model);

        CliRun r = models("rm", "tiny");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("removed tiny-chat.gguf");
        assertThat(models.resolve("tiny-chat.gguf")).doesNotExist();
        assertThat(models("rm", "tiny").code()).isEqualTo(ParseCommand.EXIT_BAD_INPUT);
    }

    @Test
    void rmAsksForMoreWhenSeveralModelsMatch() throws Exception {
        Files.createDirectories(models);
        Files.write(models.resolve("tiny-a.gguf"), model);
        Files.write(models.resolve("tiny-b.gguf"), model);

        CliRun r = models("rm", "tiny");

        assertThat(r.code()).isEqualTo(ParseCommand.EXIT_BAD_INPUT);
        assertThat(r.err()).contains("matches 2 models", "tiny-a.gguf", "tiny-b.gguf");
        assertThat(models.resolve("tiny-a.gguf")).exists();
    }

    @Test
    void rmDeletesAPartialDownload() throws Exception {
        Files.createDirectories(models);
        Files.write(models.resolve("big.gguf.part"), new byte[100]);
        CliRun r = models("rm", "big");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("partial download of big.gguf");
        assertThat(models.resolve("big.gguf.part")).doesNotExist();
    }

    @Test
    void catalogueShowsSizesMemoryAndAPickForThisMachine() {
        CliRun r = models("catalogue");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("qwen2.5-0.5b", "qwen2.5-1.5b", "qwen2.5-3b", "qwen2.5-7b", "llama3.2-3b",
                "DOWNLOAD", "MEMORY", "Apache-2.0", "lectern models pull ");
        assertThat(r.out()).containsPattern("> (recommended here|smallest, but may not fit): (qwen2.5-|llama3.2-)");
    }

    @Test
    void defaultCanBeSetAndShown() throws Exception {
        Files.createDirectories(models);
        Files.write(models.resolve("tiny-a.gguf"), model);
        Files.write(models.resolve("tiny-b.gguf"), model);

        assertThat(models("default", "tiny-a").out()).contains("default model: tiny-a.gguf");
        CliRun shown = models("default");
        assertThat(shown.out().strip()).isEqualTo("tiny-a.gguf");
        assertThat(models("list").out().lines().filter(l -> l.startsWith("*")).findFirst().orElseThrow()).contains("tiny-a.gguf");
    }

    @Test
    void helpListsTheModelsCommands() {
        CliRun r = CliRun.of("models", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("list", "pull", "rm", "catalogue", "default");
        assertThat(CliRun.of("--help").out()).contains("models");
    }
}
