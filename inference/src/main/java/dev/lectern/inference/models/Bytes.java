package dev.lectern.inference.models;

import java.util.Locale;

/** Byte counts the way download pages give them: decimal units, three significant figures. */
public final class Bytes {
    private Bytes() {
    }

    /** "412 B", "98.3 KB", "986 MB", "1.93 GB". */
    public static String human(long bytes) {
        if (bytes < 0) {
            return "unknown size";
        }
        if (bytes < 1000) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        String pattern = v >= 100 ? "%.0f %s" : v >= 10 ? "%.1f %s" : "%.2f %s";
        return String.format(Locale.ROOT, pattern, v, units[u]);
    }
}
