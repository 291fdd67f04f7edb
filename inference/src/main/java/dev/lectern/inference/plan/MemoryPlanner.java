package dev.lectern.inference.plan;

import dev.lectern.inference.gguf.GgufFile;
import dev.lectern.inference.llama.KvCacheType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.lectern.inference.llama.MemoryEstimate.gb;
import static dev.lectern.inference.plan.OffloadPlan.contextLabel;

/**
 * Decides where a model's layers go: how many to offload ({@code --n-gpu-layers}), to which GPUs and
 * RPC workers in what proportion ({@code --tensor-split}), by layer or by row ({@code --split-mode}),
 * and whether the CPU's part must stream from disk. Pure Java, from the GGUF header and each device's
 * free memory; it follows llama.cpp's placement rules:
 * <ul>
 *   <li>the token embeddings stay in host RAM;</li>
 *   <li>offloaded blocks are the last ones; the output layer is offloaded only after all blocks, to the
 *       device holding the last block;</li>
 *   <li>each block's KV cache lives on that block's device; every device that runs anything needs a
 *       compute buffer (see {@link ModelCosts});</li>
 *   <li>devices are ordered RPC workers first, then local GPUs; consecutive layers go to each in
 *       proportion to its usable memory (free less headroom), adjusted until each fits.</li>
 * </ul>
 * What it does beyond the request (a smaller KV cache type or context, streaming, a split mode other
 * than the one asked for) it says in the plan; what cannot fit it refuses with the numbers.
 */
public final class MemoryPlanner {
    /** Automatic context reduction stops here: shorter contexts cannot hold a question with its passages. */
    public static final int MIN_AUTO_CONTEXT = 2048;
    /** A laptop NVMe SSD's sustained read: the speed streamed weights come in at. */
    static final double DISK_BANDWIDTH = 2e9;
    /** Above this share of usable RAM the plan warns that it is tight. */
    static final double TIGHT = 0.9;
    /** The llama.cpp backends that provide a split buffer type, which row split needs. */
    private static final Set<String> ROW_SPLIT_BACKENDS = Set.of("CUDA", "SYCL");

    private MemoryPlanner() {
    }

    private record Candidate(KvCacheType kv, int context) {
    }

    private record Layout(int gpuLayers, SplitMode mode, List<DeviceAssignment> assignments, List<Double> split,
                          String splitArg, int mainGpu, boolean fits) {
    }

    /** One try at a KV-cache type and context: the best placement found and what it leaves for the CPU. */
    private record Attempt(ModelCosts costs, Layout layout, DeviceAssignment cpu, String rowProblem) {
        boolean offloadFits() {
            return layout.fits;
        }

        boolean fits() {
            return layout.fits && cpu.fits();
        }

        /** The KV cache and compute buffers must be in RAM; only weights can stream from disk. */
        boolean streamable() {
            return layout.fits && cpu.kvBytes() + cpu.computeBytes() <= cpu.usableBytes();
        }

        long shortfall() {
            return Math.max(0, cpu.totalBytes() - cpu.usableBytes());
        }

        long needed() {
            return cpu.totalBytes() + layout.assignments.stream().mapToLong(DeviceAssignment::totalBytes).sum();
        }
    }

    /**
     * The plan for {@code r}, or a refusal with the numbers. Tries, in order: the request as given; with
     * {@link PlanOptions#autoKvCache()}, a q8_0 KV cache, then halved contexts down to
     * {@value #MIN_AUTO_CONTEXT}; and only when none fits in memory and streaming is allowed, the first of
     * these whose KV cache and buffers fit in RAM, with the weights streamed from disk.
     */
    public static OffloadPlan plan(PlanRequest r) throws PlanException {
        GgufFile m = r.model();
        if (!r.kvCache().fits(m)) {
            throw new PlanException(label(m) + ": a " + r.kvCache().llamaName() + " KV cache needs attention heads whose size is"
                    + " a multiple of " + r.kvCache().ggml().blockSize() + "; this model's are " + m.keyLength()
                    + ", and llama.cpp would abort: use an f16 KV cache", 0, 0);
        }
        PlanOptions o = r.options();
        int blocks = m.blockCount();
        List<String> notes = new ArrayList<>();
        int forced = -1;
        if (o.forcedGpuLayers().isPresent()) {
            forced = o.forcedGpuLayers().getAsInt();
            if (forced > 0 && r.offloadDevices().isEmpty()) {
                throw new PlanException("--n-gpu-layers " + forced + " asks for layers on a GPU, but no GPU or RPC device"
                        + " was given: add the device, or use --n-gpu-layers 0 to run on the CPU", 0, 0);
            }
            if (forced > blocks + 1) {
                notes.add("--n-gpu-layers " + forced + " is more than the model's " + blocks
                        + " layers and output layer: offloading all of them (" + (blocks + 1) + "), as llama.cpp does");
                forced = blocks + 1;
            }
        }
        String rowRefusal = o.preferRowSplit() ? rowSplitProblem(r.offloadDevices(), forced, blocks) : null;
        boolean tryRow = o.preferRowSplit() && rowRefusal == null;
        List<Attempt> attempts = new ArrayList<>();
        for (Candidate c : ladder(r)) {
            Attempt a = attempt(r, c, forced, tryRow);
            attempts.add(a);
            if (a.fits()) {
                return build(r, a, attempts.get(0), notes, rowRefusal, forced);
            }
        }
        if (o.allowMmapStreaming()) {
            for (Attempt a : attempts) {
                if (a.streamable()) {
                    return build(r, a, attempts.get(0), notes, rowRefusal, forced);
                }
            }
        }
        throw refusal(r, attempts, forced);
    }

    private static List<Candidate> ladder(PlanRequest r) {
        List<Candidate> out = new ArrayList<>();
        KvCacheType kv = r.kvCache();
        int ctx = r.context();
        out.add(new Candidate(kv, ctx));
        if (!r.options().autoKvCache()) {
            return out;
        }
        if (kv == KvCacheType.F16 && KvCacheType.Q8_0.fits(r.model())) {
            kv = KvCacheType.Q8_0;
            out.add(new Candidate(kv, ctx));
        }
        while (ctx > MIN_AUTO_CONTEXT) {
            ctx = Math.max(MIN_AUTO_CONTEXT, ctx / 2);
            out.add(new Candidate(kv, ctx));
        }
        return out;
    }

    private static long reserve(Device d, PlanOptions o) {
        return Math.round(d.totalBytes() * o.headroomFraction());
    }

    private static long usable(Device d, PlanOptions o) {
        return Math.max(0, d.freeBytes() - reserve(d, o));
    }

    private static Attempt attempt(PlanRequest r, Candidate cand, int forced, boolean tryRow) {
        ModelCosts c = ModelCosts.of(r.model(), cand.context(), cand.kv(), r.options());
        List<Device> off = r.offloadDevices();
        Layout layout = null;
        String rowProblem = null;
        if (tryRow) {
            layout = rowLayout(off, c, r.options());
            if (layout == null) {
                rowProblem = rowShortfall(off, c, r.options());
            }
        }
        if (layout == null) {
            layout = layerLayout(off, c, r.options(), forced);
        }
        return new Attempt(c, layout, cpuAssignment(r.cpu(), c, layout.gpuLayers(), r.options()), rowProblem);
    }

    // ---- layer split ----

    private static Layout layerLayout(List<Device> off, ModelCosts c, PlanOptions o, int forced) {
        int d = off.size();
        long[] usable = off.stream().mapToLong(x -> usable(x, o)).toArray();
        int n;
        int[] counts;
        boolean fits = true;
        if (forced >= 0) {
            n = forced;
            counts = assign(n, usable, c);
            if (counts == null) {
                fits = false;
                counts = proportional(n, usable, c);
            }
        } else {
            counts = new int[d];
            for (n = d == 0 ? 0 : c.blocks + 1; n > 0; n--) {
                int[] k = assign(n, usable, c);
                if (k != null) {
                    counts = k;
                    break;
                }
            }
        }
        List<DeviceAssignment> as = slices(off, counts, n, c, o);
        int used = 0;
        int main = 0;
        for (int i = 0; i < d; i++) {
            if (counts[i] > 0) {
                used++;
                main = i;
            }
        }
        List<Double> split = new ArrayList<>();
        List<String> arg = new ArrayList<>();
        for (int i = 0; i < d && n > 0; i++) {
            split.add(counts[i] / (double) n);
            arg.add(Integer.toString(counts[i]));
        }
        return new Layout(n, used >= 2 ? SplitMode.LAYER : SplitMode.NONE, as, split, String.join(",", arg),
                used == 1 ? main : 0, fits);
    }

    /**
     * Layer counts for the last {@code n} units (blocks, then the output layer) such that every device's
     * consecutive slice fits, or null: starts from shares proportional to usable memory and moves one
     * layer at a time from a device that overflows to the one with the most room to spare.
     */
    private static int[] assign(int n, long[] usable, ModelCosts c) {
        int d = usable.length;
        if (n == 0) {
            return new int[d];
        }
        long unit = c.largestBlock();
        long capacity = 0;
        for (long u : usable) {
            capacity += Math.max(0, u - c.compute(true, false));
        }
        int blocks = Math.min(n, c.blocks);
        long need = c.layerWeights(c.blocks - blocks, c.blocks) + blocks * c.kvPerLayer
                + (n > c.blocks ? c.outputBytes + c.logitsBytes : 0);
        if (d == 0 || need > capacity) {
            return null;
        }
        int[] counts = proportional(n, usable, c);
        for (int iter = 0; iter < 4 * (n + 1) * d; iter++) {
            long[] needs = needs(counts, n, c);
            int over = -1;
            for (int i = 0; i < d && over < 0; i++) {
                if (needs[i] > usable[i]) {
                    over = i;
                }
            }
            if (over < 0) {
                return counts;
            }
            int best = -1;
            long bestSpare = -1;
            for (int e = 0; e < d; e++) {
                long spare = usable[e] - needs[e] - unit - (counts[e] == 0 ? c.compute(true, false) : 0);
                if (e != over && spare >= 0 && spare > bestSpare) {
                    best = e;
                    bestSpare = spare;
                }
            }
            if (best < 0) {
                return null;
            }
            counts[over]--;
            counts[best]++;
        }
        return null;
    }

    /** {@code n} units shared in proportion to what each device can give layers (largest remainder). */
    private static int[] proportional(int n, long[] usable, ModelCosts c) {
        int d = usable.length;
        int[] counts = new int[d];
        if (d == 0 || n == 0) {
            return counts;
        }
        double[] w = new double[d];
        double sum = 0;
        for (int i = 0; i < d; i++) {
            long room = usable[i] - c.compute(true, false);
            w[i] = room >= c.largestBlock() ? room : 0;
            sum += w[i];
        }
        if (sum == 0) {
            java.util.Arrays.fill(w, 1);
            sum = d;
        }
        int given = 0;
        double[] frac = new double[d];
        for (int i = 0; i < d; i++) {
            double exact = n * w[i] / sum;
            counts[i] = (int) Math.floor(exact);
            frac[i] = exact - counts[i];
            given += counts[i];
        }
        while (given < n) {
            int best = 0;
            for (int i = 1; i < d; i++) {
                if (frac[i] > frac[best]) {
                    best = i;
                }
            }
            counts[best]++;
            frac[best] = -1;
            given++;
        }
        return counts;
    }

    private static long[] needs(int[] counts, int n, ModelCosts c) {
        long[] out = new long[counts.length];
        int u = c.blocks - Math.min(n, c.blocks);
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                int end = u + counts[i];
                int blocks = Math.min(end, c.blocks) - u;
                boolean output = end > c.blocks;
                out[i] = c.layerWeights(u, u + blocks) + blocks * c.kvPerLayer + (output ? c.outputBytes : 0)
                        + c.compute(blocks > 0, output);
                u = end;
            }
        }
        return out;
    }

    private static List<DeviceAssignment> slices(List<Device> off, int[] counts, int n, ModelCosts c, PlanOptions o) {
        List<DeviceAssignment> out = new ArrayList<>();
        int u = c.blocks - Math.min(n, c.blocks);
        for (int i = 0; i < off.size(); i++) {
            if (counts[i] == 0) {
                out.add(new DeviceAssignment(off.get(i), -1, 0, false, false, 0, 0, 0, 0, reserve(off.get(i), o)));
                continue;
            }
            int end = u + counts[i];
            int blocks = Math.min(end, c.blocks) - u;
            boolean output = end > c.blocks;
            out.add(new DeviceAssignment(off.get(i), blocks > 0 ? u : -1, blocks, output, false, 0,
                    c.layerWeights(u, u + blocks) + (output ? c.outputBytes : 0), blocks * c.kvPerLayer,
                    c.compute(blocks > 0, output), reserve(off.get(i), o)));
            u = end;
        }
        return out;
    }

    private static DeviceAssignment cpuAssignment(Device cpu, ModelCosts c, int gpuLayers, PlanOptions o) {
        int blocks = c.blocks - Math.min(gpuLayers, c.blocks);
        boolean output = gpuLayers <= c.blocks;
        return new DeviceAssignment(cpu, blocks > 0 ? 0 : -1, blocks, output, true, 0,
                c.inputBytes + c.layerWeights(0, blocks) + (output ? c.outputBytesOnCpu : 0), blocks * c.kvPerLayer,
                c.compute(blocks > 0, output), reserve(cpu, o));
    }

    // ---- row split ----

    /** Why row split cannot be used on these devices, or null when it can be tried. */
    private static String rowSplitProblem(List<Device> off, int forced, int blocks) {
        String asked = "Row split (tensor parallel) was asked for, but ";
        String fallback = ": using layer split, each device holding whole layers";
        List<Device> rpc = off.stream().filter(d -> d.kind() == Device.Kind.RPC).toList();
        if (!rpc.isEmpty()) {
            return asked + ids(rpc) + (rpc.size() == 1 ? " is an RPC worker" : " are RPC workers")
                    + " and llama.cpp splits rows only across local GPUs of one backend" + fallback;
        }
        if (off.size() < 2) {
            return asked + (off.isEmpty() ? "there is no GPU" : "there is only one GPU (" + off.get(0).id() + ")")
                    + " and rows can only be split across two or more" + fallback;
        }
        Set<String> backends = off.stream().map(Device::backend).collect(Collectors.toCollection(java.util.TreeSet::new));
        if (backends.size() > 1) {
            return asked + ids(off) + " use different backends (" + String.join(", ", backends)
                    + ") and llama.cpp splits rows only across GPUs of one backend" + fallback;
        }
        String backend = backends.iterator().next();
        if (!ROW_SPLIT_BACKENDS.contains(backend)) {
            return asked + "llama.cpp's " + backend + " backend cannot split rows (only CUDA and SYCL can)" + fallback;
        }
        if (forced >= 0 && forced <= blocks) {
            return asked + "--n-gpu-layers " + forced + " keeps layers on the CPU and row split needs all "
                    + (blocks + 1) + " on the GPUs" + fallback;
        }
        return null;
    }

    private static String ids(List<Device> ds) {
        List<String> ids = ds.stream().map(Device::id).toList();
        return ids.size() == 1 ? ids.get(0)
                : String.join(", ", ids.subList(0, ids.size() - 1)) + " and " + ids.get(ids.size() - 1);
    }

    private static int rowMain(List<Device> gpus, PlanOptions o) {
        int main = 0;
        for (int i = 1; i < gpus.size(); i++) {
            if (usable(gpus.get(i), o) > usable(gpus.get(main), o)) {
                main = i;
            }
        }
        return main;
    }

    /** Every matrix split by rows in proportion to each GPU's room; the main GPU also keeps the KV cache and output. */
    private static Layout rowLayout(List<Device> gpus, ModelCosts c, PlanOptions o) {
        int main = rowMain(gpus, o);
        long[] room = new long[gpus.size()];
        double total = 0;
        for (int i = 0; i < gpus.size(); i++) {
            room[i] = usable(gpus.get(i), o) - rowExtra(i == main, c);
            if (room[i] <= 0) {
                return null;
            }
            total += room[i];
        }
        long w = c.blockWeights();
        if (total < w) {
            return null;
        }
        List<DeviceAssignment> as = new ArrayList<>();
        List<Double> split = new ArrayList<>();
        List<String> arg = new ArrayList<>();
        for (int i = 0; i < gpus.size(); i++) {
            double share = room[i] / total;
            boolean isMain = i == main;
            as.add(new DeviceAssignment(gpus.get(i), 0, c.blocks, isMain, false, share,
                    Math.round(w * share) + (isMain ? c.outputBytes : 0), isMain ? c.totalKv() : 0,
                    isMain ? c.compute(true, true) : c.compute(false, false), reserve(gpus.get(i), o)));
            split.add(share);
            arg.add(Long.toString(Math.max(1, Math.round(share * 100))));
        }
        return new Layout(c.blocks + 1, SplitMode.ROW, as, split, String.join(",", arg), main, true);
    }

    /** What a GPU needs in row split besides its share of the block weights. */
    private static long rowExtra(boolean main, ModelCosts c) {
        return main ? c.totalKv() + c.outputBytes + c.compute(true, true) : c.compute(false, false);
    }

    private static String rowShortfall(List<Device> gpus, ModelCosts c, PlanOptions o) {
        int main = rowMain(gpus, o);
        long need = c.blockWeights();
        long have = 0;
        for (int i = 0; i < gpus.size(); i++) {
            need += rowExtra(i == main, c);
            have += usable(gpus.get(i), o);
        }
        return "Row split (tensor parallel) was asked for, but split by rows the model needs " + gb(need)
                + " on the GPUs (the whole KV cache and the output layer on the main GPU " + gpus.get(main).id()
                + ") and they have " + gb(have) + " usable: using layer split, which can leave layers on the CPU";
    }

    // ---- the plan and its words ----

    private static OffloadPlan build(PlanRequest r, Attempt a, Attempt asked, List<String> notes0, String rowRefusal,
                                     int forced) {
        ModelCosts c = a.costs();
        Layout l = a.layout();
        List<String> changes = new ArrayList<>();
        List<String> notes = new ArrayList<>(notes0);
        List<String> warnings = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        if (c.kv != r.kvCache()) {
            changed.add("KV cache " + c.kv.llamaName() + " instead of " + r.kvCache().llamaName());
        }
        if (c.context != r.context()) {
            changed.add(contextLabel(c.context) + " context instead of " + contextLabel(r.context()));
        }
        if (!changed.isEmpty()) {
            changes.add("Changed from the request: " + String.join(", ", changed) + ", because as asked "
                    + problem(asked, forced) + ".");
        }
        if (rowRefusal != null) {
            notes.add(rowRefusal + ".");
        } else if (a.rowProblem() != null) {
            notes.add(a.rowProblem() + ".");
        } else if (l.mode() == SplitMode.ROW) {
            Device main = l.assignments().get(l.mainGpu()).device();
            notes.add("Row split (tensor parallel) across " + ids(l.assignments().stream().map(DeviceAssignment::device).toList())
                    + ": every weight matrix is split " + l.splitArg().replace(',', '/') + " by rows; " + main.id()
                    + " is the main GPU and keeps the KV cache and the output layer.");
        }
        deviceNotes(r, l, c, forced, notes);
        boolean streaming = !a.cpu().fits();
        long streamed = a.shortfall();
        double tps = tokensPerSecond(l, a.cpu(), c, streamed);
        int cpuBlocks = a.cpu().layers();
        if (!r.offloadDevices().isEmpty() && l.gpuLayers() > 0 && cpuBlocks > 0) {
            warnings.add(cpuBlocks + " of " + c.blocks + " layers stay on the CPU"
                    + (forced >= 0 ? ", as --n-gpu-layers " + forced + " asks" : "") + ": expect ~" + rate(tps)
                    + " tok/s (~" + rate(fullOffloadRate(l, c)) + " with all on the " + offloadWord(l) + ")"
                    + (forced >= 0 ? "" : fitAllHint(r, c)));
        } else if (l.gpuLayers() == c.blocks) {
            warnings.add("The output layer (" + gb(c.outputBytes) + " and its " + gb(c.logitsBytes)
                    + " of logits) stays on the CPU: it did not fit beside the layers on the " + offloadWord(l));
        }
        DeviceAssignment cpu = a.cpu();
        if (!streaming && cpu.totalBytes() > TIGHT * cpu.usableBytes()) {
            warnings.add("Tight: the CPU's part takes " + gb(cpu.totalBytes()) + " of the " + gb(cpu.usableBytes())
                    + " of usable RAM; programs opened later can push the model into swap");
        }
        if (streaming) {
            warnings.add("Memory-mapped streaming: " + gb(streamed) + " of weights do not fit in the " + gb(a.cpu().usableBytes())
                    + " of usable RAM and are read from disk as needed: expect ~" + rate(tps) + " tok/s");
        }
        int trained = r.model().contextLength();
        if (trained > 0 && c.context > trained) {
            warnings.add("The " + contextLabel(c.context) + " context is longer than the " + contextLabel(trained)
                    + " the model was trained for: answers that use more than that may degrade");
        }
        List<DeviceAssignment> all = new ArrayList<>(l.assignments());
        all.add(a.cpu());
        return new OffloadPlan(label(r.model()), c.blocks, l.gpuLayers(), l.mode(), all, l.split(), l.splitArg(),
                l.mainGpu(), c.kv, c.context, streaming, streaming ? streamed : 0, changes, notes, warnings, tps);
    }

    private static void deviceNotes(PlanRequest r, Layout l, ModelCosts c, int forced, List<String> notes) {
        if (forced == 0 && !r.offloadDevices().isEmpty()) {
            notes.add("--n-gpu-layers 0: everything runs on the CPU, as asked; " + ids(r.offloadDevices()) + " unused.");
            return;
        }
        for (DeviceAssignment a : l.assignments()) {
            if (!a.used()) {
                long needs = c.compute(true, false) + c.largestBlock();
                notes.add(a.device().label() + " is left out: " + gb(a.usableBytes()) + " usable ("
                        + gb(a.device().freeBytes()) + " free less " + gb(a.reserveBytes()) + " headroom)"
                        + (a.usableBytes() < needs ? " is less than one layer with its compute buffer (" + gb(needs) + ")"
                        : " is not needed"));
            }
        }
        boolean rpcUsed = l.assignments().stream().anyMatch(a -> a.used() && a.device().kind() == Device.Kind.RPC);
        if (rpcUsed) {
            notes.add("RPC workers come first in llama.cpp's device order, so the last layers and the output layer"
                    + " stay on a local GPU when there is one; activations cross the network between devices for every token.");
        }
    }

    private static String offloadWord(Layout l) {
        boolean gpus = l.assignments().stream().allMatch(a -> a.device().kind() == Device.Kind.GPU);
        return gpus ? (l.assignments().size() == 1 ? "GPU" : "GPUs") : "offload devices";
    }

    /** What would put every layer on the offload devices, or "". */
    private static String fitAllHint(PlanRequest r, ModelCosts c) {
        List<Candidate> tries = new ArrayList<>();
        if (c.kv == KvCacheType.F16 && KvCacheType.Q8_0.fits(r.model())) {
            tries.add(new Candidate(KvCacheType.Q8_0, c.context));
        }
        for (int ctx = c.context / 2; ctx >= MIN_AUTO_CONTEXT; ctx /= 2) {
            tries.add(new Candidate(c.kv, ctx));
        }
        for (Candidate t : tries) {
            ModelCosts alt = ModelCosts.of(r.model(), t.context(), t.kv(), r.options());
            if (layerLayout(r.offloadDevices(), alt, r.options(), c.blocks + 1).fits()) {
                return "; " + (t.kv() != c.kv ? withArticle(t.kv().llamaName()) + " KV cache"
                        : withArticle(contextLabel(t.context())) + " context") + " would fit them all";
            }
        }
        return "";
    }

    /** Decoding reads every weight and the KV cache once per token; devices in a layer split take turns. */
    private static double tokensPerSecond(Layout l, DeviceAssignment cpu, ModelCosts c, long streamed) {
        double seconds = 0;
        for (DeviceAssignment a : l.assignments()) {
            double t = (a.weightBytes() + a.kvBytes()) / a.device().kind().typicalBandwidth();
            seconds = l.mode() == SplitMode.ROW ? Math.max(seconds, t) : seconds + t;
        }
        long inRam = Math.max(0, cpu.weightBytes() - c.inputBytes - streamed) + cpu.kvBytes();
        seconds += inRam / Device.Kind.CPU.typicalBandwidth() + streamed / DISK_BANDWIDTH;
        return seconds <= 0 ? 0 : 1 / seconds;
    }

    private static double fullOffloadRate(Layout l, ModelCosts c) {
        double bw = l.assignments().stream().filter(DeviceAssignment::used)
                .mapToDouble(a -> a.device().kind().typicalBandwidth()).max().orElse(Device.Kind.GPU.typicalBandwidth());
        return bw / (c.blockWeights() + c.outputBytes + c.totalKv());
    }

    /** "an 8k", "an f16", "a q8_0", "a 16k": the article as the label is spoken. */
    static String withArticle(String label) {
        boolean vowelSound = label.startsWith("8") || label.startsWith("11") || label.startsWith("18")
                || "aefhilmnorsx".indexOf(Character.toLowerCase(label.charAt(0))) >= 0;
        return (vowelSound ? "an " : "a ") + label;
    }

    static String rate(double tps) {
        return tps >= 10 ? String.format(Locale.ROOT, "%.0f", tps)
                : tps >= 0.1 ? String.format(Locale.ROOT, "%.1f", tps) : String.format(Locale.ROOT, "%.2f", tps);
    }

    private static String label(GgufFile m) {
        String name = m.name().orElse(String.valueOf(m.path().getFileName()));
        return name + " (" + m.parameterLabel() + ", " + m.quantization() + ")";
    }

    /** Why an attempt does not fit, in words: "the CPU's part needed 9.3 GB of RAM and 7.6 GB is usable". */
    private static String problem(Attempt a, int forced) {
        if (!a.offloadFits()) {
            DeviceAssignment worst = a.layout().assignments().stream().filter(x -> !x.fits()).findFirst()
                    .orElse(a.layout().assignments().get(0));
            return "--n-gpu-layers " + forced + " put " + gb(worst.totalBytes()) + " on " + worst.device().id() + ", which has "
                    + gb(worst.usableBytes()) + " usable";
        }
        return "the CPU's part needed " + gb(a.cpu().totalBytes()) + " of RAM and " + gb(a.cpu().usableBytes()) + " is usable";
    }

    private static PlanException refusal(PlanRequest r, List<Attempt> attempts, int forced) {
        Attempt a = attempts.get(0);
        ModelCosts c = a.costs();
        PlanOptions o = r.options();
        StringBuilder sb = new StringBuilder(label(r.model())).append(" does not fit with ")
                .append(withArticle(contextLabel(c.context))).append(" context and ").append(withArticle(c.kv.llamaName()))
                .append(" KV cache: ");
        long have = usable(r.cpu(), o) + r.offloadDevices().stream().mapToLong(d -> usable(d, o)).sum();
        if (!a.offloadFits()) {
            int max = layerLayout(r.offloadDevices(), c, o, -1).gpuLayers();
            sb.append(problem(a, forced));
            DeviceAssignment worst = a.layout().assignments().stream().filter(x -> !x.fits()).findFirst()
                    .orElse(a.layout().assignments().get(0));
            sb.append(" (").append(gb(worst.device().freeBytes())).append(" free less ").append(gb(worst.reserveBytes()))
                    .append(" headroom); at most ").append(max).append(" GPU layers fit. Options: --n-gpu-layers ").append(max)
                    .append(" or leave the choice to the planner, a smaller context, a q8_0 or q4_0 KV cache,")
                    .append(" or a smaller quantization.");
            return new PlanException(sb.toString(), a.needed(), have);
        }
        long kv = c.totalKv();
        long compute = a.needed() - c.totalWeights() - kv
                - (a.layout().gpuLayers() > c.blocks ? c.outputBytes - c.outputBytesOnCpu : 0);
        sb.append("it needs ").append(gb(a.needed())).append(" (weights ").append(gb(a.needed() - kv - compute))
                .append(", KV cache ").append(gb(kv)).append(", compute buffers ").append(gb(compute))
                .append(") and the devices have ").append(gb(have)).append(" usable: ");
        List<String> devs = new ArrayList<>();
        for (Device d : r.devices()) {
            devs.add(d.id() + " " + gb(d.freeBytes()) + " free (" + gb(usable(d, o)) + " usable)");
        }
        sb.append(String.join(", ", devs)).append(". ");
        int off = a.layout().gpuLayers();
        if (off > 0) {
            sb.append("With ").append(Math.min(off, c.blocks)).append(" of ").append(c.blocks).append(" layers on ")
                    .append(ids(a.layout().assignments().stream().filter(DeviceAssignment::used).map(DeviceAssignment::device).toList()))
                    .append(", the CPU's part");
        } else {
            sb.append("On the CPU it");
        }
        sb.append(" needs ").append(gb(a.cpu().totalBytes())).append(" of RAM, ").append(gb(a.shortfall()))
                .append(" more than the ").append(gb(a.cpu().usableBytes())).append(" usable.");
        if (o.allowMmapStreaming()) {
            sb.append(" Streaming the weights from disk does not help: the KV cache and compute buffers left on the CPU need ")
                    .append(gb(a.cpu().kvBytes() + a.cpu().computeBytes())).append(" of RAM by themselves.");
        }
        if (attempts.size() > 1) {
            List<String> tried = new ArrayList<>();
            for (Attempt t : attempts.subList(1, attempts.size())) {
                tried.add(t.costs().kv.llamaName() + " KV cache at " + contextLabel(t.costs().context) + " ("
                        + gb(t.shortfall()) + " short)");
            }
            sb.append(" Also tried: ").append(String.join(", ", tried)).append('.');
        }
        List<String> ways = new ArrayList<>();
        if (c.context > MIN_AUTO_CONTEXT) {
            ModelCosts small = ModelCosts.of(r.model(), MIN_AUTO_CONTEXT, c.kv, o);
            ways.add("a smaller context (" + withArticle(contextLabel(MIN_AUTO_CONTEXT)) + " one saves "
                    + gb(kv - small.totalKv())
                    + " of KV cache)");
        }
        for (KvCacheType t : List.of(KvCacheType.Q8_0, KvCacheType.Q4_0)) {
            if (t.ggml().bitsPerWeight() < c.kv.ggml().bitsPerWeight() && t.fits(r.model())) {
                ways.add("a " + t.llamaName() + " KV cache (saves " + gb(kv - ModelCosts.of(r.model(), c.context, t, o).totalKv())
                        + ")");
            }
        }
        ways.add("a smaller quantization (the weights alone are " + gb(c.totalWeights()) + ")");
        ways.add("more free memory on a device");
        if (!o.allowMmapStreaming()) {
            ways.add("allowing memory-mapped streaming, which reads the missing " + gb(a.shortfall())
                    + " from disk as needed (very slow)");
        }
        sb.append(" Options: ").append(String.join(", ", ways.subList(0, ways.size() - 1))).append(" or ")
                .append(ways.get(ways.size() - 1)).append('.');
        return new PlanException(sb.toString(), a.needed(), have);
    }
}
