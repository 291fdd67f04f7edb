package dev.lectern.parsing.tika;

import dev.lectern.parsing.ParseException;
import dev.lectern.parsing.text.Deadline;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures a zip-based document (Word, Excel, PowerPoint, OpenDocument) before Tika opens it, and
 * refuses a decompression bomb: a small file whose parts unpack to hundreds of megabytes.
 *
 * <p>Why our own check: Tika's OOXML parser switches POI's zip-bomb ratio check off for the whole
 * JVM (real spreadsheets trip it), and POI's Word reader loads {@code word/document.xml} as one
 * in-memory tree before any text reaches our handler, so neither the character limit nor the
 * deadline gets a chance: a 2 MB file ran out of memory after minutes.
 *
 * <p>Two passes. The zip directory's declared sizes catch an honest bomb without unpacking a byte.
 * Declared sizes can lie, so every compressed part is then unpacked into nothing while counting,
 * stopping as soon as the archive is over the limit; a real document costs a few milliseconds.
 */
final class ZipContainerGuard {
    private static final Logger LOG = LoggerFactory.getLogger(ZipContainerGuard.class);

    /**
     * Past this much unpacked data, an archive that also expands more than {@link #MAX_RATIO}
     * times is a bomb. Below it a very repetitive real file passes whatever its ratio, which is
     * why Tika turned POI's check (100 KB grace) off; above it no real document's text is that
     * repetitive.
     */
    static final long BOMB_MIN_BYTES = 50L * 1024 * 1024;
    /** POI's own default ratio: typical Office XML compresses 5 to 20 times, DEFLATE at most ~1,000. */
    static final long MAX_RATIO = 100;
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

    /** What the guard learned: the unpacked size of each part it counted, by name. */
    record Inspection(Map<String, Long> unpackedBytes) {
        static final Inspection NONE = new Inspection(Map.of());

        long largestPart() {
            return unpackedBytes.values().stream().mapToLong(Long::longValue).max().orElse(0);
        }
    }

    private ZipContainerGuard() {
    }

    /**
     * Returns the parts' sizes, or throws CORRUPT for a bomb. A file that is not a zip, or that
     * the JDK cannot open as one, passes untouched: Tika's parsers report (or salvage) it.
     */
    static Inspection inspect(Path file, Deadline deadline) throws ParseException {
        long packed;
        try {
            if (!startsWithZipMagic(file)) {
                return Inspection.NONE;
            }
            packed = Math.max(1, Files.size(file));
        } catch (IOException e) {
            return Inspection.NONE;
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            checkDeclared(file, zip, packed);
            return countUnpacked(file, zip, packed, deadline);
        } catch (IOException e) {
            LOG.debug("{} is not a zip the JDK can read ({}); leaving it to Tika", file, e.toString());
            return Inspection.NONE;
        }
    }

    private static void checkDeclared(Path file, ZipFile zip, long packed) throws ParseException {
        long total = 0;
        String largest = null;
        long largestSize = -1;
        for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
            ZipEntry e = en.nextElement();
            long size = e.getSize();
            if (size > 0) {
                total += size;
                if (size > largestSize) {
                    largestSize = size;
                    largest = e.getName();
                }
            }
        }
        if (isBomb(total, packed)) {
            throw bomb(file, packed, total, largest, false);
        }
    }

    private static Inspection countUnpacked(Path file, ZipFile zip, long packed, Deadline deadline)
            throws IOException, ParseException {
        Map<String, Long> sizes = new HashMap<>();
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
            ZipEntry e = en.nextElement();
            if (e.isDirectory()) {
                continue;
            }
            if (e.getMethod() == ZipEntry.STORED) {
                // a stored part is read byte for byte: it cannot unpack to more than it occupies
                sizes.put(e.getName(), Math.max(0, e.getSize()));
                total += Math.max(0, e.getSize());
                continue;
            }
            long size = 0;
            try (InputStream in = zip.getInputStream(e)) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    size += n;
                    if (isBomb(total + size, packed)) {
                        throw bomb(file, packed, total + size, e.getName(), true);
                    }
                    if ((size & 0xF_FFFF) < n) {
                        deadline.check(); // about once a megabyte
                    }
                }
            }
            sizes.put(e.getName(), size);
            total += size;
        }
        return new Inspection(Map.copyOf(sizes));
    }

    private static boolean isBomb(long unpacked, long packed) {
        return unpacked > BOMB_MIN_BYTES && unpacked / packed > MAX_RATIO;
    }

    private static ParseException bomb(Path file, long packed, long unpacked, String part, boolean stoppedEarly) {
        String detail = String.format(Locale.ROOT, "a zip bomb: it expands %s%,d times (%s unpacks to %s%s%s)",
                stoppedEarly ? "at least " : "", unpacked / packed, mib(packed), stoppedEarly ? "more than " : "",
                mib(unpacked), part == null ? "" : ", mostly " + part);
        return new ParseException(file, ParseException.Reason.CORRUPT, detail);
    }

    private static boolean startsWithZipMagic(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(ZIP_MAGIC.length);
            return java.util.Arrays.equals(head, ZIP_MAGIC);
        }
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
