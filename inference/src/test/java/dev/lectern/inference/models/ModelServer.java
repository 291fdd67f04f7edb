package dev.lectern.inference.models;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A local HTTP server on 127.0.0.1 that serves one file, and can misbehave the ways real servers do. */
final class ModelServer implements AutoCloseable {
    enum Mode {
        /** Honours Range with 206, answers 416 past the end. */
        NORMAL,
        /** Closes the connection half-way through the first response; normal afterwards. */
        CUT_FIRST,
        /** Always sends the whole file with 200. */
        IGNORE_RANGE,
        /** Sends an HTML page labelled text/html. */
        HTML,
        /** Sends an HTML page labelled as a binary download. */
        HTML_AS_BINARY,
        /** Cuts the first response half-way like {@link #CUT_FIRST}, then answers every Range request with 206 from byte 0. */
        CUT_THEN_WRONG_RANGE
    }

    static final String HTML_PAGE = "<!DOCTYPE html><html><head><title>Sign in</title></head><body>Please log in</body></html>";
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private volatile byte[] data;
    private volatile String etag = "\"v1\"";
    private final Mode mode;
    /** The Range header of every request, "" where there was none. */
    final List<String> ranges = new CopyOnWriteArrayList<>();

    ModelServer(byte[] data, Mode mode) throws IOException {
        this.data = data;
        this.mode = mode;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /**
     * Serves {@code newData} under the same URL from now on, with {@code newEtag}, the way a file
     * replaced on a real server is. Like many servers, this one ignores If-Range, so a resume
     * afterwards gets 206 from the new file.
     */
    void replace(byte[] newData, String newEtag) {
        data = newData;
        etag = newEtag;
    }

    URI uri(String name) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/models/" + name);
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] data = this.data;
        String range = ex.getRequestHeaders().getFirst("Range");
        ranges.add(range == null ? "" : range);
        int request = ranges.size();
        if (!ex.getRequestURI().getPath().startsWith("/models/")) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
        }
        ex.getResponseHeaders().set("ETag", etag);
        if (mode == Mode.HTML || mode == Mode.HTML_AS_BINARY) {
            byte[] page = HTML_PAGE.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", mode == Mode.HTML ? "text/html; charset=utf-8" : "application/octet-stream");
            ex.sendResponseHeaders(200, page.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(page);
            }
            return;
        }
        ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
        int start = 0;
        Matcher m = range == null ? null : RANGE.matcher(range);
        if (mode != Mode.IGNORE_RANGE && m != null && m.matches()) {
            start = mode == Mode.CUT_THEN_WRONG_RANGE ? 0 : Integer.parseInt(m.group(1));
            if (start >= data.length) {
                ex.getResponseHeaders().set("Content-Range", "bytes */" + data.length);
                ex.sendResponseHeaders(416, -1);
                ex.close();
                return;
            }
            ex.getResponseHeaders().set("Content-Range", "bytes " + start + "-" + (data.length - 1) + "/" + data.length);
            ex.sendResponseHeaders(206, data.length - start);
        } else {
            ex.sendResponseHeaders(200, data.length);
        }
        OutputStream out = ex.getResponseBody();
        if ((mode == Mode.CUT_FIRST || mode == Mode.CUT_THEN_WRONG_RANGE) && request == 1) {
            out.write(data, 0, data.length / 2);
            out.flush();
            // an exception from the handler makes the server drop the connection mid-body
            throw new IOException("test server cuts the connection");
        }
        out.write(data, start, data.length - start);
        out.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
