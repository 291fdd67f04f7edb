package dev.lectern.parsing.ocr;

import dev.lectern.parsing.ParseException;
import dev.lectern.parsing.text.Clean;
import dev.lectern.parsing.text.Deadline;
import dev.lectern.parsing.text.LayoutLine;
import dev.lectern.parsing.text.LayoutWord;
import dev.lectern.parsing.text.ParseAbort;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Optical character recognition through the Tesseract command-line program, with word boxes from
 * its TSV output. Tesseract runs with one OpenMP thread: on two cores its default threading makes
 * it about three times slower.
 */
public final class TesseractOcr {
    private static final Logger LOG = LoggerFactory.getLogger(TesseractOcr.class);

    private final Path executable;
    private final String languages;
    private volatile String unavailable; // null = not yet probed, "" = available

    public TesseractOcr(Path executable, String languages) {
        this.executable = executable;
        this.languages = languages;
    }

    /** Whether Tesseract runs and has every configured language. Probed once. */
    public boolean available() {
        return unavailableReason().isEmpty();
    }

    /** Empty when OCR works; otherwise why not and how to enable it. */
    public String unavailableReason() {
        String u = unavailable;
        if (u == null) {
            u = probe();
            unavailable = u;
        }
        return u;
    }

    private String probe() {
        try {
            Process p = start(List.of(executable.toString(), "--list-langs"), null);
            String out = readAll(p.getInputStream());
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "Tesseract did not answer within 20 s";
            }
            if (p.exitValue() != 0) {
                return "Tesseract (" + executable + ") failed to start, exit code " + p.exitValue();
            }
            for (String lang : languages.split("\\+")) {
                if (!out.lines().map(String::strip).toList().contains(lang)) {
                    return "Tesseract has no '" + lang + "' language data: install it, e.g. "
                            + "'apt-get install tesseract-ocr-" + lang + "'";
                }
            }
            return "";
        } catch (IOException e) {
            return "Tesseract is not installed (" + executable + " not found): install it to read scanned pages, "
                    + "e.g. 'sudo apt-get install tesseract-ocr' on Debian/Ubuntu, 'brew install tesseract' on macOS, "
                    + "or the UB Mannheim installer on Windows";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while probing Tesseract";
        }
    }

    /**
     * Recognises one rendered page. Boxes come back in page units: pixel coordinates times
     * {@code unitsPerPixel} (72/dpi for a PDF page rendered at dpi).
     */
    public List<LayoutLine> recognize(BufferedImage image, float unitsPerPixel, Deadline deadline) throws IOException {
        Path tmp = Files.createTempFile("lectern-ocr-", ".png");
        try {
            ImageIO.write(image, "png", tmp.toFile());
            List<List<LayoutLine>> pages = recognizeFile(tmp, unitsPerPixel, deadline);
            return pages.isEmpty() ? List.of() : pages.get(0);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Recognises an image file (every frame of a multi-page TIFF); one list of lines per frame. */
    public List<List<LayoutLine>> recognizeFile(Path image, float unitsPerPixel, Deadline deadline) {
        List<String> cmd = List.of(executable.toString(), image.toString(), "stdout", "-l", languages, "--psm", "3", "tsv");
        Path out = null;
        Process p = null;
        try {
            // output goes to a file, so a hung Tesseract cannot hold us past the deadline on a pipe
            out = Files.createTempFile("lectern-ocr-", ".tsv");
            p = start(cmd, out);
            long waitMs = Math.max(1, deadline.remaining().toMillis());
            if (!p.waitFor(waitMs, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new ParseAbort(ParseException.Reason.TIMED_OUT, "OCR did not finish in time");
            }
            if (p.exitValue() != 0) {
                throw new ParseAbort(ParseException.Reason.CORRUPT, "Tesseract could not read the image (exit code "
                        + p.exitValue() + ")");
            }
            return parseTsv(Files.readString(out, StandardCharsets.UTF_8), unitsPerPixel);
        } catch (IOException e) {
            throw new ParseAbort(ParseException.Reason.FAILED, "running Tesseract failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ParseAbort(ParseException.Reason.TIMED_OUT, "OCR was interrupted");
        } finally {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
            }
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException e) {
                    LOG.debug("could not delete {}", out);
                }
            }
        }
    }

    /** Parses Tesseract's TSV: word rows (level 5) grouped by page, block, paragraph and line. */
    static List<List<LayoutLine>> parseTsv(String tsv, float scale) {
        Map<Integer, Map<String, List<LayoutWord>>> pages = new LinkedHashMap<>();
        for (String row : tsv.split("\n")) {
            String[] f = row.split("\t", -1);
            if (f.length < 12 || !"5".equals(f[0])) {
                continue;
            }
            String text = Clean.line(f[11]);
            if (text.isEmpty()) {
                continue;
            }
            try {
                int page = Integer.parseInt(f[1]);
                String key = f[2] + "/" + f[3] + "/" + f[4];
                float left = Integer.parseInt(f[6]) * scale;
                float top = Integer.parseInt(f[7]) * scale;
                float w = Integer.parseInt(f[8]) * scale;
                float h = Integer.parseInt(f[9]) * scale;
                for (String part : text.split(" ")) {
                    pages.computeIfAbsent(page, k -> new LinkedHashMap<>())
                            .computeIfAbsent(key, k -> new ArrayList<>())
                            .add(new LayoutWord(part, left, top, Math.max(0.1f, w), Math.max(0.1f, h), h, false));
                }
            } catch (NumberFormatException e) {
                LOG.debug("skipping malformed Tesseract row: {}", row);
            }
        }
        List<List<LayoutLine>> out = new ArrayList<>();
        for (Map<String, List<LayoutWord>> lines : pages.values()) {
            List<LayoutLine> page = new ArrayList<>();
            for (List<LayoutWord> words : lines.values()) {
                // one size per line, so a line's capitals and descenders do not look like headings
                float size = median(words);
                List<LayoutWord> sized = new ArrayList<>();
                for (LayoutWord w : words) {
                    sized.add(new LayoutWord(w.text(), w.x(), w.top(), w.width(), w.height(), size, false));
                }
                page.add(new LayoutLine(sized));
            }
            out.add(page);
        }
        return out;
    }

    private static float median(List<LayoutWord> words) {
        float[] h = new float[words.size()];
        for (int i = 0; i < h.length; i++) {
            h[i] = words.get(i).height();
        }
        java.util.Arrays.sort(h);
        return Math.round(h[h.length / 2] * 2) / 2f;
    }

    private Process start(List<String> cmd, Path stdout) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (stdout != null) {
            pb.redirectOutput(stdout.toFile());
        }
        pb.environment().put("OMP_THREAD_LIMIT", "1");
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        Process p = pb.start();
        p.getOutputStream().close();
        return p;
    }

    private static String readAll(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
