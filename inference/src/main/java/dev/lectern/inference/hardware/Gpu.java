package dev.lectern.inference.hardware;

import java.util.Locale;

/**
 * A local GPU as the device probe found it.
 *
 * @param index   the device's number within its backend (CUDA0, CUDA1, ...)
 * @param backend the llama.cpp backend that drives it: {@code CUDA}, {@code Vulkan}, {@code Metal}
 * @param name    the product name ("NVIDIA GeForce RTX 3060")
 */
public record Gpu(int index, String backend, String name, long freeBytes, long totalBytes) {
    public Gpu {
        if (index < 0) {
            throw new IllegalArgumentException("GPU index must be 0 or more, got " + index);
        }
        if (totalBytes <= 0 || freeBytes < 0 || freeBytes > totalBytes) {
            throw new IllegalArgumentException("GPU " + name + ": free " + freeBytes + " of " + totalBytes
                    + " bytes is not a valid memory report");
        }
    }

    /** The id llama.cpp gives it: {@code CUDA0}. */
    public String id() {
        return backend + index;
    }

    /** "CUDA0 NVIDIA GeForce RTX 3060: 5.8 of 6.4 GB free". */
    public String describe() {
        return String.format(Locale.ROOT, "%s %s: %.1f of %.1f GB free", id(), name, freeBytes / 1e9, totalBytes / 1e9);
    }
}
