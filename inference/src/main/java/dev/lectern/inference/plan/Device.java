package dev.lectern.inference.plan;

import dev.lectern.inference.hardware.Hardware;

import java.util.Objects;

/**
 * One place a model's layers can live: the host's RAM ({@code CPU}), a local GPU ({@code CUDA0},
 * {@code Vulkan1}, {@code Metal}) or a llama.cpp RPC worker ({@code RPC[192.168.1.5:50052]}), with the
 * memory it has free now and in all.
 *
 * @param id         the name llama.cpp gives the device; its letters before the trailing number name the backend
 * @param name       what the user knows it as ("NVIDIA GeForce RTX 3060"); the id when blank
 * @param freeBytes  memory free now: for the CPU, what the OS could give (MemAvailable, page cache included)
 * @param totalBytes memory in all; the planner's headroom is a share of it
 */
public record Device(String id, Kind kind, String name, long freeBytes, long totalBytes) {

    /** What kind of memory the device has, with a rough decode bandwidth used only for speed estimates. */
    public enum Kind {
        /** Host RAM: a laptop's dual-channel DDR4/DDR5 streams about 40 GB/s. */
        CPU(40e9),
        /** A local GPU: a mid-range laptop or desktop card reads its VRAM at about 300 GB/s. */
        GPU(300e9),
        /**
         * A llama.cpp RPC worker: usually a small machine whose RAM streams about 20 GB/s; activations
         * also cross the network at every worker boundary.
         */
        RPC(20e9);

        private final double bandwidth;

        Kind(double bandwidth) {
            this.bandwidth = bandwidth;
        }

        /** Bytes per second this kind of device typically reads its memory at: a planning figure, not a measurement. */
        public double typicalBandwidth() {
            return bandwidth;
        }
    }

    public Device {
        Objects.requireNonNull(kind, "kind: give CPU, GPU or RPC");
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a device needs an id as llama.cpp lists it (CPU, CUDA0, Vulkan0, RPC[host:port])");
        }
        if (kind == Kind.CPU && !id.equals("CPU")) {
            throw new IllegalArgumentException("the host's RAM is the device with id CPU, got '" + id + "'");
        }
        if (kind == Kind.RPC && !(id.startsWith("RPC[") && id.endsWith("]"))) {
            throw new IllegalArgumentException("an RPC worker's id looks like RPC[host:port], got '" + id
                    + "': use Device.rpc(\"host:port\", free, total)");
        }
        if (kind == Kind.GPU && (id.equals("CPU") || id.startsWith("RPC"))) {
            throw new IllegalArgumentException("'" + id + "' is not a local GPU's id: use kind "
                    + (id.equals("CPU") ? "CPU" : "RPC"));
        }
        if (totalBytes <= 0) {
            throw new IllegalArgumentException(id + " has a total memory of " + totalBytes
                    + " bytes: give the device's total memory in bytes (e.g. 6_000_000_000 for 6 GB)");
        }
        if (freeBytes < 0 || freeBytes > totalBytes) {
            throw new IllegalArgumentException(id + " reports " + freeBytes + " bytes free of " + totalBytes
                    + ": free memory must be between 0 and the total; pass the total first, then what is free now");
        }
        name = name == null || name.isBlank() ? id : name;
    }

    /** The host's RAM. */
    public static Device cpu(long freeBytes, long totalBytes) {
        return new Device("CPU", Kind.CPU, "host RAM", freeBytes, totalBytes);
    }

    /** The host's RAM as {@link Hardware#probe()} sees it. */
    public static Device cpu(Hardware hw) {
        return cpu(hw.availableRamBytes(), Math.max(1, hw.totalRamBytes()));
    }

    public static Device gpu(String id, String name, long freeBytes, long totalBytes) {
        return new Device(id, Kind.GPU, name, freeBytes, totalBytes);
    }

    /** A worker started with llama.cpp's {@code rpc-server} at {@code hostAndPort}. */
    public static Device rpc(String hostAndPort, long freeBytes, long totalBytes) {
        return new Device("RPC[" + hostAndPort + "]", Kind.RPC, "RPC worker " + hostAndPort, freeBytes, totalBytes);
    }

    /** The backend part of the id: {@code CUDA} for {@code CUDA1}, {@code RPC} for RPC workers. */
    public String backend() {
        if (kind == Kind.RPC) {
            return "RPC";
        }
        int end = id.length();
        while (end > 0 && Character.isDigit(id.charAt(end - 1))) {
            end--;
        }
        return id.substring(0, end);
    }

    /** "CUDA0 (NVIDIA GeForce RTX 3060)", or just the id when the name adds nothing. */
    public String label() {
        return name.equals(id) ? id : id + " (" + name + ")";
    }
}
