package dev.lectern.inference.plan;

import java.util.Objects;

/**
 * What one device holds in a plan and what that costs it.
 *
 * @param firstLayer   the first block it holds, or -1 when it holds none; blocks are consecutive
 * @param layers       how many blocks it holds (in row split: how many blocks it holds a share of)
 * @param output       whether it holds the output layer (output norm and head)
 * @param embeddings   whether it holds the token embeddings (only ever the CPU: llama.cpp keeps them in host RAM)
 * @param rowShare     in row split, its share of every weight matrix (0 to 1); 0 otherwise
 * @param reserveBytes headroom left free on the device for the OS, the driver and other programs
 */
public record DeviceAssignment(Device device, int firstLayer, int layers, boolean output, boolean embeddings,
                               double rowShare, long weightBytes, long kvBytes, long computeBytes, long reserveBytes) {

    public DeviceAssignment {
        Objects.requireNonNull(device, "device");
        if (layers < 0 || weightBytes < 0 || kvBytes < 0 || computeBytes < 0 || reserveBytes < 0) {
            throw new IllegalArgumentException("layer counts and byte sizes cannot be negative: " + device.id());
        }
        if ((layers == 0) != (firstLayer < 0)) {
            throw new IllegalArgumentException(device.id() + ": first layer " + firstLayer + " does not match " + layers
                    + " layers (use -1 when it holds none)");
        }
    }

    /** Bytes the plan puts on this device: weights, KV cache and compute buffers. */
    public long totalBytes() {
        return weightBytes + kvBytes + computeBytes;
    }

    /** What the plan may use here: free memory less the headroom. */
    public long usableBytes() {
        return Math.max(0, device.freeBytes() - reserveBytes);
    }

    public boolean fits() {
        return totalBytes() <= usableBytes();
    }

    /** Whether the device takes part at all. */
    public boolean used() {
        return layers > 0 || output || embeddings;
    }

    /** Index of the last block held, or -1. */
    public int lastLayer() {
        return layers == 0 ? -1 : firstLayer + layers - 1;
    }
}
