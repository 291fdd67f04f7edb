package dev.lectern.parsing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Limits and switches for one parse. The defaults suit a laptop: a 2,000-page filing parses well
 * inside them, a decompression bomb or a hung parser does not get far.
 *
 * @param maxFileBytes    files larger than this are refused before reading
 * @param maxChars        extracted text longer than this stops the parse (catches archives and
 *                        documents that expand far past their file size)
 * @param timeout         wall-clock limit for one file, OCR included
 * @param ocr             whether to OCR pages and images without a text layer
 * @param tesseract       the Tesseract executable; a bare name is looked up on the PATH
 * @param ocrLanguages    Tesseract language codes joined by '+', e.g. "eng" or "eng+deu"
 * @param ocrDpi          resolution at which PDF pages are rendered for OCR
 */
public record ParseOptions(long maxFileBytes, int maxChars, Duration timeout, boolean ocr, Path tesseract,
                           String ocrLanguages, int ocrDpi) {

    public static final ParseOptions DEFAULTS = new ParseOptions(
            512L * 1024 * 1024, 40_000_000, Duration.ofMinutes(10), true, Path.of("tesseract"), "eng", 300);

    public ParseOptions {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(tesseract, "tesseract: use Path.of(\"tesseract\") to look it up on the PATH");
        if (maxFileBytes <= 0) {
            throw new IllegalArgumentException("maxFileBytes must be positive, got " + maxFileBytes);
        }
        if (maxChars <= 0) {
            throw new IllegalArgumentException("maxChars must be positive, got " + maxChars);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        if (ocrLanguages == null || !ocrLanguages.matches("[A-Za-z_]+(\\+[A-Za-z_]+)*")) {
            throw new IllegalArgumentException("ocrLanguages must be Tesseract codes joined by '+', e.g. \"eng+deu\", got "
                    + ocrLanguages);
        }
        if (ocrDpi < 72 || ocrDpi > 600) {
            throw new IllegalArgumentException("ocrDpi must be between 72 and 600, got " + ocrDpi);
        }
    }

    public ParseOptions withMaxFileBytes(long v) {
        return new ParseOptions(v, maxChars, timeout, ocr, tesseract, ocrLanguages, ocrDpi);
    }

    public ParseOptions withMaxChars(int v) {
        return new ParseOptions(maxFileBytes, v, timeout, ocr, tesseract, ocrLanguages, ocrDpi);
    }

    public ParseOptions withTimeout(Duration v) {
        return new ParseOptions(maxFileBytes, maxChars, v, ocr, tesseract, ocrLanguages, ocrDpi);
    }

    public ParseOptions withOcr(boolean v) {
        return new ParseOptions(maxFileBytes, maxChars, timeout, v, tesseract, ocrLanguages, ocrDpi);
    }

    public ParseOptions withTesseract(Path v) {
        return new ParseOptions(maxFileBytes, maxChars, timeout, ocr, v, ocrLanguages, ocrDpi);
    }

    public ParseOptions withOcrLanguages(String v) {
        return new ParseOptions(maxFileBytes, maxChars, timeout, ocr, tesseract, v, ocrDpi);
    }
}
