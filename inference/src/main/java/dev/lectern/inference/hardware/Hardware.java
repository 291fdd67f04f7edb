package dev.lectern.inference.hardware;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What this machine offers a model: CPU cores and memory (total and available now). GPUs are
 * added by the device probe when a GPU-enabled llama.cpp is configured.
 */
public record Hardware(int cores, long totalRamBytes, long availableRamBytes) {

    public Hardware {
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be at least 1, got " + cores);
        }
        if (totalRamBytes < 0 || availableRamBytes < 0) {
            throw new IllegalArgumentException("memory sizes cannot be negative");
        }
    }

    public static Hardware probe() {
        int cores = Runtime.getRuntime().availableProcessors();
        long total = 0;
        long available = 0;
        // MemAvailable counts reclaimable page cache, which is what a memory-mapped model can use;
        // the JMX "free" figure leaves it out and would refuse models that fit
        Path meminfo = Path.of("/proc/meminfo");
        if (Files.isReadable(meminfo)) {
            try {
                List<String> lines = Files.readAllLines(meminfo);
                total = kib(lines, "MemTotal:");
                available = kib(lines, "MemAvailable:");
            } catch (IOException | NumberFormatException e) {
                total = 0;
            }
        }
        if (total == 0 && ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            total = os.getTotalMemorySize();
            available = os.getFreeMemorySize();
        }
        return new Hardware(cores, total, available);
    }

    private static long kib(List<String> lines, String key) {
        for (String l : lines) {
            if (l.startsWith(key)) {
                return Long.parseLong(l.substring(key.length()).replace("kB", "").trim()) * 1024;
            }
        }
        return 0;
    }
}
