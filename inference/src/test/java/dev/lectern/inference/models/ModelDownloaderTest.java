package dev.lectern.inference.models;

import dev.lectern.inference.gguf.GgmlType;
import dev.lectern.inference.gguf.ModelShape;
import dev.lectern.inference.gguf.SyntheticModels;
import dev.lectern.inference.models.DownloadException.Reason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ModelDownloaderTest {
    /** A few megabytes, so a download takes many reads and can be cut and cancelled part-way. */
    static final ModelShape SMALL = new ModelShape("small", 256, 4, 4, 2, 512, 1024, 4096);
    private static final String NAME = "small-q8_0.gguf";

    @TempDir
    Path dir;
    Path models;
    byte[] model;
    String sha;

    @BeforeEach
    void writeModel() throws Exception {
        Path f = SyntheticModels.write(dir.resolve("source.gguf"), SMALL, GgmlType.Q8_0, 7);
        model = Files.readAllBytes(f);
        sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(model));
        models = dir.resolve("models");
    }

    private static ModelDownloader downloader() {
        return new ModelDownloader();
    }

    private ModelDownloader.Result pull(ModelDownloader d, ModelServer server, String expectedSha) throws DownloadException {
        return d.download(new ModelSource(server.uri(NAME), NAME), models, expectedSha, (done, total) -> { }, () -> false);
    }

    @Test
    void downloadsTheWholeFileAndReportsItsHeader() throws Exception {
        AtomicLong last = new AtomicLong();
        AtomicLong total = new AtomicLong();
        try (ModelServer server = new ModelServer(model, ModelServer.Mode.NORMAL)) {
            ModelDownloader.Result r = downloader().download(new ModelSource(server.uri(NAME), NAME), models, null,
                    (d, t) -> {
                        last.set(d);
                        total.set(t);
                    }, () -> false);
            assertThat(r.file()).isEqualTo(models.resolve(NAME));
            assertThat(Files.readAllBytes(r.file())).isEqualTo(model);
            assertThat(r.sha256()).isEqualTo(sha);
            assertThat(r.verified()).isFalse();
            assertThat(r.resumedFrom()).isZero();
            assertThat(r.model().architecture()).isEqualTo("llama");
            assertThat(server.ranges).containsExactly("");
        }
        assertThat(last.get()).isEqualTo(model.length);
        assertThat(total.get()).isEqualTo(model.length);
        assertThat(models.resolve(NAME + ".part")).doesNotExist();
        assertThat(models.resolve(NAME + ".part.info")).doesNotExist();
    }

    @Test
    void verifiesAMatchingChecksum() throws Exception {
        try (ModelServer server = new ModelServer(model, ModelServer.Mode.NORMAL)) {
            ModelDownloader.Result r = pull(downloader(), server, sha.toUpperCase());
            assertThat(r.verified()).isTrue();
        }
    }

    @Test
    void secondPullResumesWithRangeAfterTheConnectionIsCut() throws Exception {
        try (ModelServer server = new ModelServer(model, ModelServer.Mode.CUT_FIRST)) {
            DownloadException cut = catchThrowableOfType(() -> pull(downloader(), server, sha), DownloadException.class);
            assertThat(cut.reason()).isEqualTo(Reason.INTERRUPTED);
            assertThat(cut.resumable()).isTrue();
            assertThat(cut.getMessage()).contains("run the same pull again to resume");
            Path part = models.resolve(NAME + ".part");
            assertThat(part).exists();
            long kept = Files.size(part);
            assertThat(kept).isPositive().isLessThan(model.length);
            assertThat(models.resolve(NAME)).doesNotExist();

            ModelDownloader.Result r = pull(downloader(), server, sha);

            assertThat(server.ranges).hasSize(2);
            assertThat(server.ranges.get(1)).isEqualTo("bytes=" + kept + "-");
            assertThat(r.resumedFrom()).isEqualTo(kept);
            assertThat(r.verified()).isTrue();
            assertThat(Files.readAllBytes(r.file())).isEqualTo(model);
            assertThat(part).doesNotExist();
        }
    }

    @Test
    void theSidecarRecordsTheTotalSizeAndETagOfTheFirstResponse() throws Exception {
        try (ModelServer server = new ModelServer(model, ModelServer.Mode.CUT_FIRST)) {
            assertThatThrownBy(() -> pull(downloader(), server, null)).isInstanceOf(DownloadException.class);
            Properties info = new Properties();
            try (var r = Files.newBufferedReader(models.resolve(NAME + ".part.info"))) {
                info.load(r);
            }
            assertThat(info.getProperty("total")).isEqualTo(Long.toString(model.length));
            assertThat(info.getProperty("etag")).isEqualTo("\"v1\"");
        }
    }

    @Test
    void aResumeOfAFileThatGrewOnTheServerStartsOverInsteadOfJoiningTwoFiles() throws Exception {
        // a larger model under the same URL, and a server that neither changes the ETag nor honours If-Range
        byte[] bigger = Files.readAllBytes(SyntheticModels.write(dir.resolve("bigger.gguf"),
                new ModelShape("bigger", 256, 6, 4, 2, 512, 1024, 4096), GgmlType.Q8_0, 8));
        try (ModelServer server = new ModelServer(model, ModelServer.Mode.CUT_FIRST)) {
            assertThatThrownBy(() -> pull(downloader(), server, null)).isInstanceOf(DownloadException.class);
            long kept = Files.size(models.resolve(NAME + ".part"));
            server.replace(bigger, "\"v1\"");
            List<String> notices = new CopyOnWriteArrayList<>();

            ModelDownloader.Result r = pull(downloader().withNotices(notices::add), server, null);

            assertThat(server.ranges).containsExactly("", "bytes=" + kept + "-", "");
            assertThat(r.resumedFrom()).isZero();
            assertThat(Files.readAllBytes(r.file())).isEqualTo(bigger);
            assertThat(notices).containsExactly(ModelDownloader.CHANGED_ON_SERVER);
            assertThat(ModelDownloader.CHANGED_ON_SERVER).isEqualTo(
                    "the file on the server changed since the partial download: starting again");
        }
    }

    @Test
    void aResumeOfAFileWithAnotherETagStartsOverEvenAtTheSameSize() throws Exception {
        byte[] other = Files.readAllBytes(SyntheticModels.write(dir.resolve("other.gguf"), SMALL, GgmlType.Q8_0, 99));
        assertThat(other).hasSameSizeAs(model).isNotEqualTo(model);
        try (ModelServer server = new ModelServer(model, ModelServer.Mode.CUT_FIRST)) {
            assertThatThrownBy(() -> pull(downloader(), server, null)).isInstanceOf(DownloadException.class);
            server.replace(other, "\"v2\"");
            List<String> notices = new CopyOnWriteArrayList<>();

            ModelDownloader.Result r = pull(downloader().withNotices(notices::add), server, null);

            assertThat(server.ranges).hasSize(3);
            assertThat(server.ranges.get(2)).isEmpty();
            assertThat(r.resumedFrom()).isZero();
            assertThat(Files.readAllBytes(r.file())).isEqualTo(other);
            assertThat(notices).containsExactly(ModelDownloader.CHANGED_ON_SERVER);
        }
        assertThat(models.resolve(NAME + ".part")).doesNotExist();
        assertThat(models.resolve(NAME + ".part.info")).doesNotExist();
    }

    @Test
    void retriesWithinOneCallWhenAllowedMoreAttempts() throws Exception {
        try (ModelServer server = new ModelServer(model, ModelServer.Mode.CUT_FIRST)) {
            ModelDownloader.Result r = pull(downloader().withAttempts(3), server, sha);
            assertThat(server.ranges).hasSize(2);
            assertThat(server.ranges.get(1)).startsWith("bytes=");
            assertThat(r.resumedFrom()).isPositive();
            assertThat(Files.readAllBytes(r.file())).isEqualTo(model);
        }
    }

    @Test
    void startsOverWhenTheServerIgnoresRange() throws Exception {
        // a part left by a cut download of the same URL
        try (ModelServer cutting = new ModelServer(model, ModelServer.Mode.CUT_FIRST)) {
            assertThatThrownBy(() -> pull(downloader(), cutting, sha)).isInstanceOf(DownloadException.class);
            Path part = models.resolve(NAME + ".part");
            // move the sidecar's URL over to the server that ignores Range
            try (ModelServer ignoring = new ModelServer(model, ModelServer.Mode.IGNORE_RANGE)) {
                Path info = models.resolve(NAME + ".part.info");
                Files.writeString(info, Files.readString(info).replace(
                        cutting.uri(NAME).toString().replace(":", "\\:"), ignoring.uri(NAME).toString().replace(":", "\\:")));
                assertThat(Files.size(part)).isPositive();

                ModelDownloader.Result r = pull(downloader(), ignoring, sha);

                assertThat(ignoring.ranges.get(0)).startsWith("bytes=");
                assertThat(r.resumedFrom()).isZero();
                assertThat(Files.readAllBytes(r.file())).isEqualTo(model);
            }
        }
    }

    @Test
    void aPartFromAnotherUrlIsNotResumed() throws Exception {
        Files.createDirectories(models);
        Files.write(models.resolve(NAME + ".part"), new byte[] {1, 2, 3, 4});
        try (ModelServer server = new ModelServer(model, ModelServer.Mode.NORMAL)) {
            ModelDownloader.Result r = pull(downloader(), server, sha);
            assertThat(server.ranges).containsExactly("");
            assertThat(Files.readAllBytes(r.file())).isEqualTo(model);
        }
    }

    @Test
    void aResumeIsAnnouncedWithTheByteItGoesOnFromOnceTheServerSendsTheRest() throws Exception {
        try (ModelServer server = new ModelServer(model, ModelServer.Mode.CUT_FIRST)) {
            List<Long> resumes = new CopyOnWriteArrayList<>();
            assertThatThrownBy(() -> pull(downloader().withResumes(resumes::add), server, sha)).isInstanceOf(DownloadException.class);
            assertThat(resumes).as("a fresh download is no resume").isEmpty();
            long kept = Files.size(models.resolve(NAME + ".part"));

            pull(downloader().withResumes(resumes::add), server, sha);

            assertThat(resumes).containsExactly(kept);
        }
    }

    @Test
    void aPartialFromAnotherAddressIsSaidToStartOverAndIsNotAnnouncedAsAResume() throws Exception {
        try (ModelServer first = new ModelServer(model, ModelServer.Mode.CUT_FIRST);
             ModelServer second = new ModelServer(model, ModelServer.Mode.NORMAL)) {
            assertThatThrownBy(() -> pull(downloader(), first, sha)).isInstanceOf(DownloadException.class);
            long kept = Files.size(models.resolve(NAME + ".part"));
            List<Long> resumes = new CopyOnWriteArrayList<>();
            List<String> notices = new CopyOnWriteArrayList<>();

            ModelDownloader.Result r = pull(downloader().withResumes(resumes::add).withNotices(notices::add), second, sha);

            assertThat(second.ranges).containsExactly("");
            assertThat(r.resumedFrom()).isZero();
            assertThat(resumes).isEmpty();
            assertThat(notices).containsExactly("the partial download of " + NAME + " (" + Bytes.human(kept)
                    + ") came from another address, " + first.uri(NAME) + ": starting again from the beginning");
        }
    }

    @Test
    void aServerThatSendsTheWholeFileInsteadOfTheRestIsSaidToStartOverNotToResume() throws Exception {
        try (ModelServer cutting = new ModelServer(model, ModelServer.Mode.CUT_FIRST);
             ModelServer ignoring = new ModelServer(model, ModelServer.Mode.IGNORE_RANGE)) {
            assertThatThrownBy(() -> pull(downloader(), cutting, sha)).isInstanceOf(DownloadException.class);
            Path info = models.resolve(NAME + ".part.info");
            Files.writeString(info, Files.readString(info).replace(
                    cutting.uri(NAME).toString().replace(":", "\\:"), ignoring.uri(NAME).toString().replace(":", "\\:")));
            List<Long> resumes = new CopyOnWriteArrayList<>();
            List<String> notices = new CopyOnWriteArrayList<>();

            pull(downloader().withResumes(resumes::add).withNotices(notices::add), ignoring, sha);

            assertThat(ignoring.ranges.get(0)).startsWith("bytes=");
            assertThat(resumes).isEmpty();
            assertThat(notices).singleElement().asString()
                    .startsWith("the server sent the whole of " + NAME + " instead of the rest after ")
                    .endsWith(": starting again from the beginning");
        }
    }

    @Test
    void aPullThatFindsThePartHeldByAnotherAnnouncesNoResume() throws Exception {
        try (ModelServer server = new ModelServer(model, ModelServer.Mode.CUT_FIRST)) {
            assertThatThrownBy(() -> pull(downloader(), server, sha)).isInstanceOf(DownloadException.class);
            Path part = models.resolve(NAME + ".part");
            List<Long> resumes = new CopyOnWriteArrayList<>();
            try (java.nio.channels.FileChannel held = java.nio.channels.FileChannel.open(part,
                    java.nio.file.StandardOpenOption.WRITE);
                 java.nio.channels.FileLock lock = held.lock()) {
                DownloadException e = catchThrowableOfType(() -> pull(downloader().withResumes(resumes::add), server, sha),
                        DownloadException.class);
                assertThat(e.reason()).isEqualTo(Reason.BUSY);
            }
            assertThat(resumes).isEmpty();
            assertThat(server.ranges).hasSize(1);
        }
    }

    @Test
    void aResumeAnsweredWithTheWrongRangeKeepsThePartialAndSaysSo() throws Exception {
        try (ModelServer server = new ModelServer(model, ModelServer.Mode.CUT_THEN_WRONG_RANGE)) {
            assertThatThrownBy(() -> pull(downloader(), server, sha)).isInstanceOf(DownloadException.class);
            Path part = models.resolve(NAME + ".part");
            byte[] kept = Files.readAllBytes(part);

            DownloadException e = catchThrowableOfType(() -> pull(downloader().withAttempts(2), server, sha),
                    DownloadException.class);

            assertThat(server.ranges).containsExactly("", "bytes=" + kept.length + "-", "bytes=" + kept.length + "-");
            assertThat(e.reason()).isEqualTo(Reason.INTERRUPTED);
            assertThat(e.getMessage()).isEqualTo("the server answered the request for bytes " + kept.length + "- of " + NAME
                    + " with other bytes (Content-Range: bytes 0-" + (model.length - 1) + "/" + model.length
                    + "); the partial download (" + Bytes.human(kept.length) + ") was kept: run the same pull again to retry, "
                    + "or delete it with 'lectern models rm " + NAME + "' to download the whole file");
            assertThat(part).hasBinaryContent(kept);
            assertThat(ModelDownloader.partialSource(part)).contains(server.uri(NAME).toString());
            assertThat(models.resolve(NAME)).doesNotExist();
        }
    }

    @Test
    void aCompletePartThatWasNeverMovedIsFinishedAfter416() throws Exception {
        try (ModelServer server = new ModelServer(model, ModelServer.Mode.NORMAL)) {
            ModelDownloader.Result first = pull(downloader(), server, sha);
            // as if the process died after the last byte, before the move
            Files.move(first.file(), models.resolve(NAME + ".part"));
            Files.writeString(models.resolve(NAME + ".part.info"),
                    "url=" + server.uri(NAME).toString().replace(":", "\\:") + "\n");

            ModelDownloader.Result r = pull(downloader(), server, sha);

            assertThat(server.ranges.get(1)).isEqualTo("bytes=" + model.length + "-");
            assertThat(r.verified()).isTrue();
            assertThat(Files.readAllBytes(r.file())).isEqualTo(model);
        }
    }

    @Test
    void wrongChecksumDeletesTheDownloadAndSaysBothHashes() throws Exception {
        String wrong = "0".repeat(64);
        try (ModelServer server = new ModelServer(model, ModelServer.Mode.NORMAL)) {
            DownloadException e = catchThrowableOfType(() -> pull(downloader(), server, wrong), DownloadException.class);
            assertThat(e.reason()).isEqualTo(Reason.CHECKSUM_MISMATCH);
            assertThat(e.getMessage()).contains(sha, wrong, "deleted");
            assertThat(e.resumable()).isFalse();
        }
        assertThat(models.resolve(NAME)).doesNotExist();
        assertThat(models.resolve(NAME + ".part")).doesNotExist();
        assertThat(models.resolve(NAME + ".part.info")).doesNotExist();
    }

    @Test
    void refusesToStartWithoutTheSpaceAndNamesTheNumbers() throws Exception {
        ModelDownloader d = downloader().withUsableSpace(folder -> 1_000);
        try (ModelServer server = new ModelServer(model, ModelServer.Mode.NORMAL)) {
            DownloadException e = catchThrowableOfType(() -> pull(d, server, null), DownloadException.class);
            assertThat(e.reason()).isEqualTo(Reason.NO_SPACE);
            assertThat(e.getMessage()).contains("not enough disk space", Bytes.human(model.length), "1.00 KB", models.toString());
        }
        assertThat(models.resolve(NAME)).doesNotExist();
        assertThat(models.resolve(NAME + ".part")).doesNotExist();
    }

    @Test
    void resumeOnlyNeedsSpaceForTheRest() throws Exception {
        try (ModelServer server = new ModelServer(model, ModelServer.Mode.CUT_FIRST)) {
            assertThatThrownBy(() -> pull(downloader(), server, sha)).isInstanceOf(DownloadException.class);
            long kept = Files.size(models.resolve(NAME + ".part"));
            long rest = model.length - kept;
            ModelDownloader.Result r = pull(downloader().withUsableSpace(folder -> rest), server, sha);
            assertThat(r.verified()).isTrue();
        }
    }

    @Test
    void refusesAnHtmlPageWithoutSavingIt() throws Exception {
        try (ModelServer server = new ModelServer(model, ModelServer.Mode.HTML)) {
            DownloadException e = catchThrowableOfType(() -> pull(downloader(), server, null), DownloadException.class);
            assertThat(e.reason()).isEqualTo(Reason.NOT_A_MODEL);
            assertThat(e.getMessage()).contains("web page");
        }
        assertThat(models.resolve(NAME)).doesNotExist();
        assertThat(models.resolve(NAME + ".part")).doesNotExist();
    }

    @Test
    void refusesAnHtmlPageServedAsABinaryAfterReadingIt() throws Exception {
        try (ModelServer server = new ModelServer(model, ModelServer.Mode.HTML_AS_BINARY)) {
            DownloadException e = catchThrowableOfType(() -> pull(downloader(), server, null), DownloadException.class);
            assertThat(e.reason()).isEqualTo(Reason.NOT_A_MODEL);
            assertThat(e.getMessage()).contains("web page", "deleted");
        }
        assertThat(models.resolve(NAME)).doesNotExist();
        assertThat(models.resolve(NAME + ".part")).doesNotExist();
    }

    @Test
    void cancellingLeavesAPartThatTheNextPullResumes() throws Exception {
        try (ModelServer server = new ModelServer(model, ModelServer.Mode.NORMAL)) {
            AtomicLong seen = new AtomicLong();
            DownloadException e = catchThrowableOfType(() -> downloader().download(new ModelSource(server.uri(NAME), NAME),
                    models, null, (d, t) -> seen.set(d), () -> seen.get() > 0), DownloadException.class);
            assertThat(e.reason()).isEqualTo(Reason.CANCELLED);
            assertThat(e.getMessage()).contains("resume");
            Path part = models.resolve(NAME + ".part");
            assertThat(part).exists();
            assertThat(Files.size(part)).isPositive().isLessThan(model.length);
            assertThat(ModelDownloader.partialSource(part)).contains(server.uri(NAME).toString());

            ModelDownloader.Result r = pull(downloader(), server, sha);
            assertThat(r.resumedFrom()).isPositive();
            assertThat(server.ranges.get(1)).startsWith("bytes=");
            assertThat(Files.readAllBytes(r.file())).isEqualTo(model);
        }
    }

    @Test
    void refusesToOverwriteAModelThatIsAlreadyThere() throws Exception {
        Files.createDirectories(models);
        Files.write(models.resolve(NAME), model);
        try (ModelServer server = new ModelServer(model, ModelServer.Mode.NORMAL)) {
            DownloadException e = catchThrowableOfType(() -> pull(downloader(), server, null), DownloadException.class);
            assertThat(e.reason()).isEqualTo(Reason.BAD_REQUEST);
            assertThat(e.getMessage()).contains("already", "lectern models rm");
            assertThat(server.ranges).isEmpty();
        }
    }

    @Test
    void aSecondPullOfTheSameFileIsRefusedWhileTheFirstRuns() throws Exception {
        Files.createDirectories(models);
        Path part = models.resolve(NAME + ".part");
        try (ModelServer server = new ModelServer(model, ModelServer.Mode.NORMAL);
             java.nio.channels.FileChannel held = java.nio.channels.FileChannel.open(part,
                     java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
             java.nio.channels.FileLock lock = held.lock()) {
            DownloadException e = catchThrowableOfType(() -> pull(downloader(), server, null), DownloadException.class);
            assertThat(e.reason()).isEqualTo(Reason.BUSY);
            assertThat(part).exists();
            assertThat(server.ranges).isEmpty();
        }
    }

    @Test
    void a404ForAPlainUrlSaysToCheckTheUrl() throws Exception {
        try (ModelServer server = new ModelServer(model, ModelServer.Mode.NORMAL)) {
            ModelSource missing = new ModelSource(server.uri(NAME).resolve("/elsewhere/here.gguf"), "here.gguf");
            DownloadException e = catchThrowableOfType(() -> downloader().download(missing, models, null, (d, t) -> { },
                    () -> false), DownloadException.class);
            assertThat(e.reason()).isEqualTo(Reason.HTTP_ERROR);
            assertThat(e.getMessage()).contains("not found (HTTP 404): check the URL").doesNotContain("owner", "repository");
        }
        assertThat(models.resolve("here.gguf.part")).doesNotExist();
    }

    @Test
    void a404ForAHuggingFaceSourceNamesItsParts() {
        DownloadException e = ModelDownloader.httpError(ModelSource.parse("hf:owner/repo/file.gguf@v1"), 404);
        assertThat(e.getMessage()).contains("not found (HTTP 404): check the owner, repository, file name and revision");
    }

    @Test
    void aRefusedConnectionIsSaidInWordsNotAsAJavaClassName() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ModelSource closed = ModelSource.parse("http://127.0.0.1:" + port + "/x.gguf");

        DownloadException e = catchThrowableOfType(() -> downloader().download(closed, models, null, (d, t) -> { },
                () -> false), DownloadException.class);

        assertThat(e.getMessage()).startsWith("cannot reach 127.0.0.1:" + port + ": connection refused")
                .doesNotContain("Exception");
    }

    @Test
    void anUnresolvableNameOrATimeoutIsSaidInWords() {
        java.io.IOException unresolved = new java.net.ConnectException();
        unresolved.initCause(new java.net.ConnectException().initCause(new java.nio.channels.UnresolvedAddressException()));
        assertThat(ModelDownloader.networkProblem(unresolved, "huggingface.co"))
                .isEqualTo("no network connection, or the name huggingface.co cannot be found");
        assertThat(ModelDownloader.networkProblem(new java.net.http.HttpConnectTimeoutException("HTTP connect timed out"),
                "huggingface.co")).startsWith("the connection timed out");
        assertThat(ModelDownloader.networkProblem(new java.net.NoRouteToHostException(), "x"))
                .startsWith("no network connection");
    }

    @Test
    void aBadChecksumIsRejectedBeforeAnyDownload() {
        assertThatThrownBy(() -> downloader().download(ModelSource.parse("https://example.invalid/x.gguf"), models, "abc",
                (d, t) -> { }, () -> false)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64 hexadecimal");
    }
}
