package dev.lectern.inference.models;

import dev.lectern.inference.gguf.GgufFile;
import dev.lectern.inference.gguf.GgufReader;
import dev.lectern.inference.gguf.ModelFileException;
import dev.lectern.inference.gguf.ModelValidator;
import dev.lectern.inference.models.DownloadException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Writer;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Downloads a GGUF model into a folder: into {@code NAME.gguf.part} first, beside a small
 * {@code NAME.gguf.part.info} sidecar that records the URL, the file's total size and the server's
 * validators (ETag, Last-Modified), so that a later pull of the same URL resumes with {@code Range}
 * (and {@code If-Range}) while a pull of a different URL starts over. A resumed answer whose total
 * size or ETag differs from the recorded ones comes from a file that changed on the server: the part
 * is discarded and the download starts again from byte 0, never joining two files. The SHA-256 is computed while streaming (on resume the part already
 * on disk is hashed first) and checked when an expected value is given; the finished file must be
 * a GGUF chat model ({@link ModelValidator}), so an HTML error page never becomes a "model"; only
 * then is it moved atomically into place.
 *
 * <p>Nothing here touches the network until {@link #download} is called. Instances are immutable
 * and may be shared; each call keeps its own state.
 */
public final class ModelDownloader {
    private static final Logger LOG = LoggerFactory.getLogger(ModelDownloader.class);
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)", Pattern.CASE_INSENSITIVE);
    private static final Pattern UNSATISFIED_RANGE = Pattern.compile("bytes\\s+\\*/(\\d+)", Pattern.CASE_INSENSITIVE);
    private static final int BUFFER = 1 << 16;
    /** How often (in bytes written) free space is checked again while downloading. */
    static final long SPACE_CHECK_INTERVAL = 64L << 20;

    /** Progress of one download; {@code total} is -1 while the size is unknown. Called on the downloading thread. */
    @FunctionalInterface
    public interface ProgressListener {
        void progress(long done, long total);
    }

    /**
     * A finished download.
     *
     * @param resumedFrom bytes that were already on disk from an earlier, interrupted pull (0 for a fresh one)
     * @param verified    whether {@code sha256} was checked against an expected value
     */
    public record Result(Path file, long bytes, String sha256, boolean verified, long resumedFrom, GgufFile model) {
    }

    /** Said to the user when a partial download cannot be resumed because the file on the server is another one now. */
    public static final String CHANGED_ON_SERVER = "the file on the server changed since the partial download: starting again";

    private final HttpClient client;
    private final ToLongFunction<Path> usableSpace;
    private final int attempts;
    private final Duration stallTimeout;
    private final Consumer<String> notices;
    private final LongConsumer resumes;

    /** Follows redirects (Hugging Face sends files from a CDN), one attempt, 60 s without data counts as a broken connection. */
    public ModelDownloader() {
        this(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(30)).build(),
                ModelDownloader::usableSpace, 1, Duration.ofSeconds(60));
    }

    /**
     * @param usableSpace bytes free for new files in a folder (tests simulate a full disk with it)
     * @param attempts    how many times a broken connection is resumed automatically within one call (at least 1)
     */
    public ModelDownloader(HttpClient client, ToLongFunction<Path> usableSpace, int attempts, Duration stallTimeout) {
        this(client, usableSpace, attempts, stallTimeout, notice -> { }, from -> { });
    }

    private ModelDownloader(HttpClient client, ToLongFunction<Path> usableSpace, int attempts, Duration stallTimeout,
                            Consumer<String> notices, LongConsumer resumes) {
        this.client = Objects.requireNonNull(client, "client");
        this.usableSpace = Objects.requireNonNull(usableSpace, "usableSpace");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
        }
        if (stallTimeout == null || stallTimeout.isNegative() || stallTimeout.isZero()) {
            throw new IllegalArgumentException("the stall timeout must be positive, got " + stallTimeout);
        }
        this.attempts = attempts;
        this.stallTimeout = stallTimeout;
        this.notices = Objects.requireNonNull(notices, "notices");
        this.resumes = Objects.requireNonNull(resumes, "resumes");
    }

    public ModelDownloader withAttempts(int n) {
        return new ModelDownloader(client, usableSpace, n, stallTimeout, notices, resumes);
    }

    public ModelDownloader withUsableSpace(ToLongFunction<Path> space) {
        return new ModelDownloader(client, space, attempts, stallTimeout, notices, resumes);
    }

    public ModelDownloader withStallTimeout(Duration timeout) {
        return new ModelDownloader(client, usableSpace, attempts, timeout, notices, resumes);
    }

    /**
     * Where to say what the user should know while a download runs but that does not end it, such as a
     * partial download thrown away because the file on the server changed ({@link #CHANGED_ON_SERVER}).
     * Called on the downloading thread.
     */
    public ModelDownloader withNotices(Consumer<String> to) {
        return new ModelDownloader(client, usableSpace, attempts, stallTimeout, to, resumes);
    }

    /**
     * Told the byte a download goes on from, once the pull holds the partial file and the server has
     * agreed to send the rest (or the partial turned out complete); never for a partial that is started
     * over, so a caller can say "resuming" only when it is true. Called on the downloading thread.
     */
    public ModelDownloader withResumes(LongConsumer to) {
        return new ModelDownloader(client, usableSpace, attempts, stallTimeout, notices, to);
    }

    /** The partial file a download of {@code target} writes to. */
    public static Path partFile(Path target) {
        return target.resolveSibling(target.getFileName() + ".part");
    }

    static Path infoFile(Path part) {
        return part.resolveSibling(part.getFileName() + ".info");
    }

    /**
     * Downloads {@code source} into {@code folder} (created when missing) under its file name.
     *
     * @param expectedSha256 hex SHA-256 the file must have, or {@code null} to only compute it
     * @param progress       told the bytes done and the total after every block written
     * @param cancelled      polled while downloading; when it turns true the call ends with
     *                       {@link Reason#CANCELLED} and the partial file stays for a later resume
     * @throws DownloadException with the reason; {@link DownloadException#resumable()} says whether a part was kept
     */
    public Result download(ModelSource source, Path folder, String expectedSha256, ProgressListener progress,
                           BooleanSupplier cancelled) throws DownloadException {
        String expected = normaliseSha(expectedSha256);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new DownloadException(Reason.BAD_REQUEST, "cannot create the models folder " + folder + ": " + e.getMessage(), e);
        }
        Path target = folder.resolve(source.fileName());
        if (Files.exists(target)) {
            throw new DownloadException(Reason.BAD_REQUEST, target.getFileName() + " is already in " + folder
                    + "; remove it first ('lectern models rm " + source.fileName() + "') to download it again");
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return attempt(source, target, expected, progress, cancelled);
            } catch (DownloadException e) {
                if (e.reason() != Reason.INTERRUPTED || attempt >= attempts || cancelled.getAsBoolean()) {
                    throw e;
                }
                LOG.info("download of {} broke off ({}); resuming, attempt {} of {}", source.uri(), e.getMessage(),
                        attempt + 1, attempts);
                pause(Math.min(10_000, 500L * attempt), cancelled);
            }
        }
    }

    /** A complete, checked part file waiting to be moved into place. */
    private record Checked(long size, String sha256, boolean verified, long resumedFrom) {
    }

    private Result attempt(ModelSource source, Path target, String expected, ProgressListener progress,
                           BooleanSupplier cancelled) throws DownloadException {
        Path part = partFile(target);
        Path info = infoFile(part);
        Checked done;
        boolean owned = false;
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            FileLock lock = lock(ch, target);
            owned = true;
            try {
                done = locked(source, part, info, ch, expected, progress, cancelled);
            } finally {
                if (lock.isValid()) {
                    lock.release();
                }
            }
        } catch (IOException e) {
            throw new DownloadException(Reason.INTERRUPTED, "cannot write " + part + ": " + e.getMessage(), e);
        } finally {
            // a part with nothing in it (never started, or discarded) is no use to a later resume;
            // one locked by another pull is that pull's business
            if (owned) {
                deleteIfEmpty(part, info);
            }
        }
        // moved once the channel is closed: some systems cannot rename an open file
        try {
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, target);
            }
            Files.deleteIfExists(info);
            GgufFile model = GgufReader.read(target);
            LOG.info("downloaded {} ({} bytes, sha256 {})", target, done.size(), done.sha256());
            return new Result(target, done.size(), done.sha256(), done.verified(), done.resumedFrom(), model);
        } catch (IOException e) {
            throw new DownloadException(Reason.INTERRUPTED, "cannot move " + part + " to " + target + ": " + e.getMessage(), e);
        } catch (ModelFileException e) {
            throw new DownloadException(Reason.NOT_A_MODEL, e.getMessage(), e);
        }
    }

    private Checked locked(ModelSource source, Path part, Path info, FileChannel ch, String expected,
                          ProgressListener progress, BooleanSupplier cancelled) throws IOException, DownloadException {
        Properties previous = readInfo(info);
        long have = ch.size();
        if (have > 0 && !source.uri().toString().equals(previous.getProperty("url"))) {
            String from = previous.getProperty("url");
            LOG.info("{} holds a partial download of another URL ({}); starting over", part, from);
            // the same file name is no proof of the same file: joining two would make a damaged model
            notices.accept("the partial download of " + source.fileName() + " (" + Bytes.human(have) + ") came from "
                    + (from == null ? "an unknown address" : "another address, " + from) + ": starting again from the beginning");
            have = 0;
            previous = new Properties();
        }
        ch.truncate(have);
        while (true) {
            HttpRequest.Builder req = HttpRequest.newBuilder(source.uri()).GET()
                    .header("User-Agent", "Lectern (offline document assistant; explicit model download)");
            if (have > 0) {
                req.header("Range", "bytes=" + have + "-");
                String validator = ifRangeValidator(previous);
                if (validator != null) {
                    req.header("If-Range", validator);
                }
            }
            HttpResponse<InputStream> response = send(req.build(), cancelled);
            try (InputStream body = response.body()) {
                int status = response.statusCode();
                long total;
                if (status == 206) {
                    Matcher m = CONTENT_RANGE.matcher(response.headers().firstValue("Content-Range").orElse(""));
                    if (!m.matches() || Long.parseLong(m.group(1)) != have) {
                        // not the bytes asked for: nothing is appended, so no wrong file is spliced, and the part is
                        // kept, since a misbehaving server (or proxy) says nothing against the bytes already here
                        throw new DownloadException(Reason.INTERRUPTED, "the server answered the request for bytes " + have
                                + "- of " + source.fileName() + " with other bytes ("
                                + response.headers().firstValue("Content-Range").map(r -> "Content-Range: " + r)
                                        .orElse("no Content-Range") + ")" + (have > 0 ? "; the partial download ("
                                + Bytes.human(have) + ") was kept: run the same pull again to retry, or delete it with "
                                + "'lectern models rm " + source.fileName() + "' to download the whole file" : ""));
                    }
                    total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
                    if (have > 0) {
                        // many servers and CDNs ignore If-Range and answer 206 from whatever file the URL now
                        // names: appending that would join the start of one file to the rest of another
                        Optional<String> changed = changedSince(previous, total, response);
                        if (changed.isPresent()) {
                            startAgain(source, part, info, ch, changed.get());
                            previous = new Properties();
                            have = 0;
                            continue; // the body is closed unread, which drops that connection
                        }
                    }
                    if (have > 0) {
                        LOG.info("resuming {} at byte {}", source.uri(), have);
                        resumes.accept(have);
                    }
                } else if (status == 200) {
                    if (have > 0) {
                        LOG.info("the server sent the whole file instead of bytes {}- (no range support, or the file changed); "
                                + "starting over", have);
                        notices.accept("the server sent the whole of " + source.fileName() + " instead of the rest after "
                                + Bytes.human(have) + ": starting again from the beginning");
                        have = 0;
                        ch.truncate(0);
                    }
                    total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                } else if (status == 416 && have > 0) {
                    Matcher m = UNSATISFIED_RANGE.matcher(response.headers().firstValue("Content-Range").orElse(""));
                    long size = m.matches() ? Long.parseLong(m.group(1)) : -1;
                    Optional<String> changed = size == have ? changedSince(previous, have, response)
                            : Optional.of(size < 0 ? "no size given with HTTP 416" : "size " + size + " bytes, shorter than the "
                            + have + " already downloaded");
                    if (changed.isEmpty()) {
                        // the earlier pull had every byte and stopped before checking and moving the file
                        resumes.accept(have);
                        return check(source, part, info, ch, have, hashPart(ch, have, cancelled), expected, have);
                    }
                    startAgain(source, part, info, ch, changed.get());
                    previous = new Properties();
                    have = 0;
                    continue;
                } else {
                    throw httpError(source, status);
                }
                String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
                if (type.startsWith("text/html")) {
                    ch.truncate(have);
                    throw new DownloadException(Reason.NOT_A_MODEL, source.uri() + " answered with a web page (" + type
                            + "), not a model file: give the file's download URL (on Hugging Face: .../resolve/main/FILE.gguf)");
                }
                checkSpace(part.getParent(), total < 0 ? 0 : total - have, total);
                writeInfo(info, source.uri(), total, response);
                MessageDigest sha = hashPart(ch, have, cancelled);
                long done = stream(body, ch, sha, have, total, part.getParent(), progress, cancelled);
                if (total >= 0 && done != total) {
                    throw new DownloadException(Reason.INTERRUPTED, "the connection closed after " + Bytes.human(done) + " of "
                            + Bytes.human(total) + "; run the same pull again to resume");
                }
                return check(source, part, info, ch, done, sha, expected, have);
            }
        }
    }

    /** Throws the partial download away, saying so, before the same call fetches the file from byte 0. */
    private void startAgain(ModelSource source, Path part, Path info, FileChannel ch, String why) throws IOException {
        LOG.info("{} changed on the server since the partial download ({}); discarding {} ({} bytes) and starting over",
                source.uri(), why, part, ch.size());
        notices.accept(CHANGED_ON_SERVER);
        discard(ch, info);
    }

    /**
     * Why the file a resumed request reached is not the one the partial download holds the start of,
     * comparing what the first response recorded: the total size, then the ETag (or, where neither
     * answer has one, Last-Modified). Empty when nothing recorded disagrees; a sidecar written before
     * these were recorded holds nothing to compare, and the checksum and GGUF checks remain.
     */
    static Optional<String> changedSince(Properties previous, long total, HttpResponse<?> response) {
        long recordedTotal = parseLong(previous.getProperty("total"), -1);
        if (recordedTotal >= 0 && total >= 0 && recordedTotal != total) {
            return Optional.of("size " + total + " bytes, was " + recordedTotal);
        }
        String etag = previous.getProperty("etag");
        Optional<String> nowEtag = response.headers().firstValue("ETag");
        if (etag != null && nowEtag.isPresent()) {
            return etag.equals(nowEtag.get()) ? Optional.empty() : Optional.of("ETag " + nowEtag.get() + ", was " + etag);
        }
        String modified = previous.getProperty("lastModified");
        Optional<String> nowModified = response.headers().firstValue("Last-Modified");
        if (etag == null && nowEtag.isEmpty() && modified != null && nowModified.isPresent()
                && !modified.equals(nowModified.get())) {
            return Optional.of("Last-Modified " + nowModified.get() + ", was " + modified);
        }
        return Optional.empty();
    }

    private static long parseLong(String s, long otherwise) {
        try {
            return s == null ? otherwise : Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private HttpResponse<InputStream> send(HttpRequest request, BooleanSupplier cancelled) throws DownloadException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            URI uri = request.uri();
            throw new DownloadException(Reason.INTERRUPTED, "cannot reach " + uri.getHost()
                    + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + ": " + networkProblem(e, uri.getHost()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownloadException(Reason.CANCELLED, "the download was interrupted before it started");
        }
    }

    /**
     * Copies the body to the part file. A watchdog interrupts this thread when the user cancels or
     * no data arrives for the stall timeout, since a read from a dead connection would otherwise wait forever.
     */
    private long stream(InputStream body, FileChannel ch, MessageDigest sha, long have, long total, Path folder,
                        ProgressListener progress, BooleanSupplier cancelled) throws DownloadException, IOException {
        Thread worker = Thread.currentThread();
        AtomicLong lastData = new AtomicLong(System.nanoTime());
        AtomicReference<Reason> aborted = new AtomicReference<>();
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "model-download-watchdog");
            t.setDaemon(true);
            return t;
        });
        long stallNanos = stallTimeout.toNanos();
        watchdog.scheduleWithFixedDelay(() -> {
            Reason why = cancelled.getAsBoolean() ? Reason.CANCELLED
                    : System.nanoTime() - lastData.get() > stallNanos ? Reason.INTERRUPTED : null;
            if (why != null && aborted.compareAndSet(null, why)) {
                worker.interrupt();
            }
        }, 250, 250, TimeUnit.MILLISECONDS);
        long done = have;
        long nextSpaceCheck = have + SPACE_CHECK_INTERVAL;
        byte[] buf = new byte[BUFFER];
        progress.progress(done, total);
        try {
            while (true) {
                if (cancelled.getAsBoolean()) {
                    throw cancelledAt(done, total);
                }
                int n = body.read(buf);
                if (n < 0) {
                    break;
                }
                lastData.set(System.nanoTime());
                ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                while (bb.hasRemaining()) {
                    ch.write(bb);
                }
                sha.update(buf, 0, n);
                done += n;
                progress.progress(done, total);
                if (done >= nextSpaceCheck) {
                    nextSpaceCheck = done + SPACE_CHECK_INTERVAL;
                    checkSpace(folder, total < 0 ? SPACE_CHECK_INTERVAL : total - done, total);
                }
            }
            ch.force(false);
            return done;
        } catch (IOException e) {
            Reason why = aborted.get();
            if (why == Reason.CANCELLED) {
                throw cancelledAt(done, total);
            }
            if (why == Reason.INTERRUPTED) {
                throw new DownloadException(Reason.INTERRUPTED, "no data for " + stallTimeout.toSeconds() + " s after "
                        + Bytes.human(done) + "; run the same pull again to resume", e);
            }
            String msg = e.getMessage() == null ? networkProblem(e, null) : e.getMessage();
            if (msg.toLowerCase(Locale.ROOT).contains("no space left")) {
                throw new DownloadException(Reason.NO_SPACE, "the disk filled up after " + Bytes.human(done)
                        + "; free some space in " + folder + " and run the same pull again to resume", e);
            }
            throw new DownloadException(Reason.INTERRUPTED, "the connection broke after " + Bytes.human(done)
                    + (total >= 0 ? " of " + Bytes.human(total) : "") + " (" + msg + "); run the same pull again to resume", e);
        } finally {
            watchdog.shutdownNow();
            if (aborted.get() != null) {
                // the watchdog's interrupt was ours, not the caller's
                Thread.interrupted();
            }
        }
    }

    private static Checked check(ModelSource source, Path part, Path info, FileChannel ch, long size, MessageDigest sha,
                                 String expected, long resumedFrom) throws DownloadException, IOException {
        String actual = HexFormat.of().formatHex(sha.digest());
        if (expected != null && !expected.equals(actual)) {
            discard(ch, info);
            throw new DownloadException(Reason.CHECKSUM_MISMATCH, source.fileName() + " has SHA-256 " + actual
                    + " but " + expected + " was expected: the download is damaged or not the file you meant, so it was "
                    + "deleted. Check the checksum and the URL, then pull again");
        }
        try {
            ModelValidator.validateChatModel(part);
        } catch (ModelFileException e) {
            boolean html = startsLikeHtml(ch);
            discard(ch, info);
            String detail = e.getMessage().substring(e.getMessage().indexOf(':') + 1).strip();
            throw new DownloadException(Reason.NOT_A_MODEL, html
                    ? source.uri() + " sent a web page, not a GGUF model (perhaps a login, licence or error page); the "
                    + "download was deleted. Give the file's direct URL; gated models need a download from the browser"
                    : source.fileName() + " is not a usable GGUF chat model (" + detail + "); the download was deleted", e);
        }
        return new Checked(size, actual, expected != null, resumedFrom);
    }

    private void checkSpace(Path folder, long needed, long total) throws DownloadException {
        long free = usableSpace.applyAsLong(folder);
        if (needed > 0 && free >= 0 && free < needed) {
            throw new DownloadException(Reason.NO_SPACE, "not enough disk space: the model needs " + Bytes.human(needed)
                    + " more" + (total >= 0 ? " (" + Bytes.human(total) + " in all)" : "") + " but only " + Bytes.human(free)
                    + " is free in " + folder + "; free some space (or choose another --data-dir) and pull again");
        }
    }

    private static MessageDigest hashPart(FileChannel ch, long have, BooleanSupplier cancelled) throws IOException, DownloadException {
        MessageDigest sha = sha256();
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        long pos = 0;
        while (pos < have) {
            if (cancelled.getAsBoolean()) {
                throw cancelledAt(pos, have);
            }
            buf.clear();
            buf.limit((int) Math.min(buf.capacity(), have - pos));
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("the partial file shrank while it was read");
            }
            buf.flip();
            sha.update(buf);
            pos += n;
        }
        ch.position(have);
        return sha;
    }

    private static FileLock lock(FileChannel ch, Path target) throws DownloadException, IOException {
        try {
            FileLock lock = ch.tryLock();
            if (lock != null) {
                return lock;
            }
        } catch (OverlappingFileLockException e) {
            // held by this process
        }
        throw new DownloadException(Reason.BUSY, target.getFileName() + " is already being downloaded by another pull");
    }

    /**
     * What went wrong with a connection, in words: Java's HTTP client throws a bare ConnectException
     * (no message) for a refused connection and for a name that cannot be resolved alike, with the
     * real cause further down the chain.
     */
    static String networkProblem(IOException e, String host) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = e; t != null && chain.size() < 10; t = t.getCause()) {
            chain.add(t);
        }
        String messages = chain.stream().map(Throwable::getMessage).filter(Objects::nonNull)
                .map(m -> m.toLowerCase(Locale.ROOT)).reduce("", (a, b) -> a + " " + b);
        if (e instanceof HttpConnectTimeoutException) {
            return "the connection timed out (no network connection, or a firewall in the way?)";
        }
        if (e instanceof HttpTimeoutException) {
            return "the server did not answer in time";
        }
        if (chain.stream().anyMatch(t -> t instanceof UnresolvedAddressException || t instanceof UnknownHostException)) {
            return "no network connection, or the name " + (host == null ? "of the server" : host) + " cannot be found";
        }
        if (chain.stream().anyMatch(t -> t instanceof NoRouteToHostException) || messages.contains("network is unreachable")
                || messages.contains("no route to host")) {
            return "no network connection (the network is unreachable)";
        }
        if (chain.stream().anyMatch(t -> t instanceof SSLException)) {
            return "the secure connection failed" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
        }
        if (messages.contains("connection reset")) {
            return "the connection was reset";
        }
        if (chain.stream().anyMatch(t -> t instanceof ConnectException)) {
            return "connection refused (is the address right, and the server running?)";
        }
        return e.getMessage() != null ? e.getMessage() : "the connection failed";
    }

    static DownloadException httpError(ModelSource source, int status) {
        boolean hf = source.huggingFace();
        String why = switch (status) {
            case 401, 403 -> "the server refused access (HTTP " + status + "): " + (hf
                    ? "the model may be gated and need a licence accepted in the browser; "
                    : "the file may need a login; ") + "download it in the browser and copy it into the models folder";
            // owner, repository and file name are the parts of an hf: source, not of any URL
            case 404 -> "not found (HTTP 404): " + (hf ? "check the owner, repository, file name and revision"
                    : "check the URL");
            default -> status >= 500 ? "the server failed (HTTP " + status + "); try again later"
                    : "the server answered HTTP " + status;
        };
        return new DownloadException(Reason.HTTP_ERROR, source.uri() + ": " + why);
    }

    private static DownloadException cancelledAt(long done, long total) {
        return new DownloadException(Reason.CANCELLED, "stopped after " + Bytes.human(done)
                + (total >= 0 ? " of " + Bytes.human(total) : "") + "; run the same pull again to resume");
    }

    private static String ifRangeValidator(Properties previous) {
        String etag = previous.getProperty("etag");
        if (etag != null && !etag.isBlank() && !etag.startsWith("W/")) {
            return etag;
        }
        String modified = previous.getProperty("lastModified");
        return modified == null || modified.isBlank() ? null : modified;
    }

    private static Properties readInfo(Path info) {
        Properties p = new Properties();
        if (Files.isRegularFile(info)) {
            try (Reader r = Files.newBufferedReader(info, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("ignoring unreadable {}: {}", info, e.getMessage());
            }
        }
        return p;
    }

    private static void writeInfo(Path info, URI uri, long total, HttpResponse<?> response) throws IOException {
        Properties p = new Properties();
        p.setProperty("url", uri.toString());
        if (total >= 0) {
            p.setProperty("total", Long.toString(total));
        }
        response.headers().firstValue("ETag").ifPresent(v -> p.setProperty("etag", v));
        response.headers().firstValue("Last-Modified").ifPresent(v -> p.setProperty("lastModified", v));
        Path tmp = info.resolveSibling(info.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "Lectern partial model download: a pull of the same URL resumes it");
        }
        Files.move(tmp, info, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The URL an existing partial download came from, if its sidecar says. */
    public static Optional<String> partialSource(Path part) {
        return Optional.ofNullable(readInfo(infoFile(part)).getProperty("url"));
    }

    private static boolean startsLikeHtml(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(512);
        ch.read(b, 0);
        String head = new String(b.array(), 0, b.position(), StandardCharsets.ISO_8859_1).strip().toLowerCase(Locale.ROOT);
        return head.startsWith("<!doctype html") || head.startsWith("<html") || head.startsWith("<?xml")
                || head.startsWith("<head") || head.startsWith("<body");
    }

    /** Empties the part (deleted once closed) and forgets its source, so nothing resumes from it. */
    private static void discard(FileChannel ch, Path info) throws IOException {
        ch.truncate(0);
        Files.deleteIfExists(info);
    }

    private static void deleteIfEmpty(Path part, Path info) {
        try {
            if (Files.isRegularFile(part) && Files.size(part) == 0) {
                Files.deleteIfExists(part);
                Files.deleteIfExists(info);
            }
        } catch (IOException e) {
            LOG.debug("could not tidy {}: {}", part, e.getMessage());
        }
    }

    private static void pause(long millis, BooleanSupplier cancelled) throws DownloadException {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            if (cancelled.getAsBoolean()) {
                throw new DownloadException(Reason.CANCELLED, "stopped before resuming; run the same pull again to resume");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DownloadException(Reason.CANCELLED, "interrupted before resuming");
            }
        }
    }

    /**
     * {@code sha} as 64 lower-case hex digits (an optional {@code sha256:} prefix dropped), or null when
     * none is given; callers check a user's value with it before starting a download.
     *
     * @throws IllegalArgumentException saying what a SHA-256 looks like
     */
    public static String normaliseSha(String sha) {
        if (sha == null || sha.isBlank()) {
            return null;
        }
        String s = sha.strip().toLowerCase(Locale.ROOT);
        if (s.startsWith("sha256:")) {
            s = s.substring(7);
        }
        if (!s.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("'" + sha + "' is not a SHA-256: give 64 hexadecimal digits");
        }
        return s;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    private static long usableSpace(Path folder) {
        try {
            return Files.getFileStore(folder).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }
}
