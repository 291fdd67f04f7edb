package dev.lectern.inference.hardware;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the GPUs of this machine and their free memory, for the memory planner and {@code lectern
 * doctor}. NVIDIA GPUs come from {@code nvidia-smi} (with a timeout; no tool, no GPUs); other GPUs
 * (Vulkan, Metal) have no portable query, so the probe notes that they exist and that llama.cpp
 * reports them when a GPU build loads a model ({@link #parseLlamaDevice}).
 */
public final class DeviceProbe {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceProbe.class);
    static final List<String> NVIDIA_SMI = List.of("nvidia-smi", "--query-gpu=index,name,memory.free,memory.total",
            "--format=csv,noheader,nounits");
    private static final long MIB = 1024L * 1024;
    private static final Pattern LLAMA_DEVICE = Pattern.compile(
            "using device (\\p{Alpha}+)(\\d+) \\((.*)\\) - (\\d+) MiB free");

    /** What the probe found: GPUs with their memory, and notes for what it could not measure. */
    public record Report(List<Gpu> gpus, List<String> notes) {
        public Report {
            gpus = List.copyOf(gpus);
            notes = List.copyOf(notes);
        }
    }

    private DeviceProbe() {
    }

    /** Probes this machine (takes up to a few seconds when {@code nvidia-smi} is slow to answer). */
    public static Report probe() {
        return probe(DeviceProbe::run, System.getProperty("os.name", ""), Files.isDirectory(Path.of("/dev/dri")));
    }

    static Report probe(Function<List<String>, Optional<String>> runner, String osName, boolean hasDri) {
        List<String> notes = new ArrayList<>();
        List<Gpu> gpus = new ArrayList<>();
        Optional<String> smi = runner.apply(NVIDIA_SMI);
        if (smi.isPresent()) {
            gpus.addAll(parseNvidiaSmi(smi.get(), notes));
        }
        if (osName.toLowerCase(Locale.ROOT).startsWith("mac")) {
            notes.add("Apple GPUs (Metal) share the system memory and are not measured here; a Metal build of"
                    + " llama.cpp reports the GPU when it loads a model");
        } else if (gpus.isEmpty() && hasDri) {
            notes.add("a GPU without nvidia-smi (AMD, Intel or NVIDIA without its tools) may be present: a Vulkan build"
                    + " of llama.cpp reports it and its free memory when it loads a model");
        }
        return new Report(gpus, notes);
    }

    /**
     * GPUs from {@code nvidia-smi --query-gpu=index,name,memory.free,memory.total --format=csv,noheader,nounits}:
     * one line per GPU such as {@code 0, NVIDIA GeForce RTX 3060, 5800, 6144} (MiB). Lines that cannot be
     * read ({@code [N/A]}, an error text) are skipped with a note.
     */
    public static List<Gpu> parseNvidiaSmi(String output, List<String> notes) {
        List<Gpu> out = new ArrayList<>();
        for (String raw : output.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            // the name may itself hold commas: index first, the two numbers last
            int first = line.indexOf(',');
            int last = line.lastIndexOf(',');
            int before = first < 0 || last <= first ? -1 : line.lastIndexOf(',', last - 1);
            if (before <= first) {
                notes.add("nvidia-smi said something unexpected: " + line);
                continue;
            }
            try {
                int index = Integer.parseInt(line.substring(0, first).strip());
                String name = line.substring(first + 1, before).strip();
                long free = Long.parseLong(line.substring(before + 1, last).strip()) * MIB;
                long total = Long.parseLong(line.substring(last + 1).strip()) * MIB;
                out.add(new Gpu(index, "CUDA", name, Math.min(free, total), total));
            } catch (IllegalArgumentException e) {
                notes.add("nvidia-smi gave no memory figures for a GPU (" + line + "): it is left out of the plan");
            }
        }
        return out;
    }

    /**
     * A device from llama.cpp's load output, such as {@code llama_model_load_from_file_impl: using device
     * CUDA0 (NVIDIA GeForce RTX 3060) - 5800 MiB free}. llama.cpp does not print the total, so the free
     * memory stands for it.
     */
    public static Optional<Gpu> parseLlamaDevice(String line) {
        Matcher m = LLAMA_DEVICE.matcher(line);
        if (!m.find() || m.group(1).equals("RPC")) {
            return Optional.empty();
        }
        long free = Long.parseLong(m.group(4)) * MIB;
        return Optional.of(new Gpu(Integer.parseInt(m.group(2)), m.group(1), m.group(3), free, Math.max(free, 1)));
    }

    /** Runs a tool and returns its stdout when it exits 0 within 5 seconds. */
    static Optional<String> run(List<String> command) {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
        } catch (IOException e) {
            LOG.debug("{} is not available: {}", command.get(0), e.getMessage());
            return Optional.empty();
        }
        InputStream in = p.getInputStream();
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try {
                return in.readNBytes(64 * 1024);
            } catch (IOException e) {
                return new byte[0];
            }
        });
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                LOG.warn("{} did not answer within 5 seconds: GPUs are not probed", command.get(0));
                return Optional.empty();
            }
            byte[] bytes = read.get(1, TimeUnit.SECONDS);
            return p.exitValue() == 0 ? Optional.of(new String(bytes, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException e) {
            return Optional.empty();
        } finally {
            p.destroyForcibly();
        }
    }
}
