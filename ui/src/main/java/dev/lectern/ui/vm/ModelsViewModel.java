package dev.lectern.ui.vm;

import dev.lectern.inference.Generator;
import dev.lectern.inference.hardware.Hardware;
import dev.lectern.inference.models.Bytes;
import dev.lectern.inference.models.DownloadException;
import dev.lectern.inference.models.ModelCatalogue;
import dev.lectern.inference.models.ModelDownloader;
import dev.lectern.inference.models.ModelSource;
import dev.lectern.inference.models.ModelStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model bar and the models dialog: which model answers (or evidence mode when none), the
 * catalogue, installed files and partial downloads; download with progress, cancel and resume
 * (a cancelled download keeps its part, and downloading again continues it), remove, make default,
 * load. Downloads and model starts run on {@code background}.
 */
public final class ModelsViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(ModelsViewModel.class);
    public static final String EVIDENCE_MODE = "No model: evidence mode (answers quote your documents)";

    /** Starts a model for answering; in the app a worker process ({@code ModelLoader.load}). */
    @FunctionalInterface
    public interface ModelStarter {
        Generator start(Path file) throws Exception;
    }

    private final ModelStore store;
    private final ModelDownloader downloader;
    private final ModelStarter starter;
    private final Hardware hardware;
    private final Executor background;
    private final Executor downloads;
    private final UiThread ui;

    private final Map<String, AtomicBoolean> running = new ConcurrentHashMap<>();
    private final Map<String, Double> progress = new ConcurrentHashMap<>();
    private volatile Generator generator;

    public final Prop<List<ModelRow>> rows = new Prop<>(List.of());
    public final Prop<String> loaded = new Prop<>(EVIDENCE_MODE);
    public final Prop<Boolean> loading = new Prop<>(false);
    public final Prop<String> message = new Prop<>("");
    /** What this machine offers a model: cores, memory, GPUs (filled by {@link #probeMachine}). */
    public final Prop<String> machine = new Prop<>("");

    public ModelsViewModel(ModelStore store, ModelDownloader downloader, ModelStarter starter, Hardware hardware,
                           Executor background, Executor downloads, UiThread ui) {
        this.store = store;
        this.downloader = downloader;
        this.starter = starter;
        this.hardware = hardware;
        this.background = background;
        this.downloads = downloads;
        this.ui = ui;
    }

    /** Probes the GPUs in the background (nvidia-smi can take seconds) and publishes {@link #machine}. */
    public void probeMachine(java.util.function.Supplier<dev.lectern.inference.hardware.DeviceProbe.Report> probe) {
        background.execute(() -> {
            String text = describeMachine(hardware, probe.get());
            ui.run(() -> machine.set(text));
        });
    }

    /** "2 cores, 23.5 GB RAM (22.1 GB free); no GPU found" and the GPUs, one per line. */
    public static String describeMachine(Hardware hw, dev.lectern.inference.hardware.DeviceProbe.Report report) {
        StringBuilder sb = new StringBuilder();
        if (hw != null) {
            sb.append(String.format(java.util.Locale.ROOT, "%d cores, %.1f GB RAM (%.1f GB free)", hw.cores(),
                    hw.totalRamBytes() / 1e9, hw.availableRamBytes() / 1e9));
        }
        if (report.gpus().isEmpty()) {
            sb.append(sb.length() > 0 ? "; " : "").append("no GPU found: models run on the CPU");
        }
        report.gpus().forEach(g -> sb.append('\n').append(g.describe()));
        report.notes().forEach(n -> sb.append('\n').append(n));
        return sb.toString();
    }

    /** The model answering now, or null in evidence mode. */
    public Generator generator() {
        return generator;
    }

    public boolean evidenceMode() {
        return generator == null;
    }

    public void refresh() {
        background.execute(() -> {
            List<ModelRow> r = build();
            ui.run(() -> rows.set(r));
        });
    }

    private List<ModelRow> build() {
        List<ModelRow> out = new ArrayList<>();
        try {
            List<ModelStore.StoredModel> installed = store.list();
            List<ModelStore.PartialDownload> partials = store.partials();
            String def = store.defaultModel().map(ModelStore.StoredModel::name).orElse(null);
            String recommended = hardware == null ? null : ModelCatalogue.recommend(hardware).entry().id();
            for (ModelCatalogue.Entry e : ModelCatalogue.entries()) {
                Optional<ModelStore.StoredModel> have = installed.stream()
                        .filter(m -> m.name().equalsIgnoreCase(e.fileName())).findFirst();
                Optional<ModelStore.PartialDownload> part = partials.stream()
                        .filter(p -> p.targetName().equalsIgnoreCase(e.fileName())).findFirst();
                String detail = "download " + Bytes.human(e.downloadBytes()) + ", needs " + Bytes.human(e.ramBytes())
                        + " memory; " + e.licence() + "; " + e.note();
                ModelRow.State s = running.containsKey(e.id()) ? ModelRow.State.DOWNLOADING
                        : have.isPresent() ? ModelRow.State.INSTALLED
                        : part.isPresent() ? ModelRow.State.PARTIAL : ModelRow.State.AVAILABLE;
                if (part.isPresent() && s == ModelRow.State.PARTIAL) {
                    detail = Bytes.human(part.get().bytes()) + " of " + Bytes.human(e.downloadBytes())
                            + " downloaded; download again to resume. " + detail;
                }
                out.add(new ModelRow(e.id(), e.displayName(), detail, s,
                        have.isPresent() && have.get().name().equals(def), e.id().equals(recommended),
                        progress.getOrDefault(e.id(), 0.0)));
            }
            for (ModelStore.StoredModel m : installed) {
                if (ModelCatalogue.find(m.name()).isEmpty()) {
                    out.add(new ModelRow(m.name(), m.name(), Bytes.human(m.sizeBytes())
                            + (m.usable() ? "" : "; " + m.problem()), m.usable() ? ModelRow.State.INSTALLED
                            : ModelRow.State.UNUSABLE, m.name().equals(def), false, 0));
                }
            }
            for (ModelStore.PartialDownload p : partials) {
                if (ModelCatalogue.find(p.targetName()).isEmpty() && !running.containsKey(p.targetName())) {
                    out.add(new ModelRow(p.targetName(), p.targetName(), Bytes.human(p.bytes())
                            + " downloaded from " + p.url() + "; download again to resume", ModelRow.State.PARTIAL,
                            false, false, 0));
                }
            }
            for (String ref : running.keySet()) {
                if (out.stream().noneMatch(r -> r.ref().equals(ref))) {
                    out.add(new ModelRow(ref, ref, "downloading", ModelRow.State.DOWNLOADING, false, false,
                            progress.getOrDefault(ref, 0.0)));
                }
            }
        } catch (IOException e) {
            LOG.warn("could not list the models folder {}", store.folder(), e);
            ui.run(() -> message.set("The models folder could not be read: " + e.getMessage()));
        }
        return out;
    }

    /**
     * Downloads a catalogue entry (by id) or a URL / {@code hf:} source; a partial file of the same
     * name is resumed. Returns false when that download is already running.
     */
    public boolean download(String idOrUrl) {
        Optional<ModelCatalogue.Entry> entry = ModelCatalogue.find(idOrUrl);
        ModelSource source;
        try {
            source = entry.map(ModelCatalogue.Entry::modelSource).orElseGet(() -> ModelSource.parse(idOrUrl.strip()));
        } catch (IllegalArgumentException e) {
            message.set(e.getMessage());
            return false;
        }
        String ref = entry.map(ModelCatalogue.Entry::id).orElse(source.fileName());
        String sha = entry.map(ModelCatalogue.Entry::sha256).orElse(null);
        AtomicBoolean cancel = new AtomicBoolean();
        if (running.putIfAbsent(ref, cancel) != null) {
            return false;
        }
        progress.put(ref, 0.0);
        message.set("Downloading " + source.fileName());
        refresh();
        downloads.execute(() -> {
            String done;
            try {
                // a notice (a partial download started again) shows while the download goes on
                ModelDownloader d = downloader.withNotices(n -> ui.run(() ->
                        message.set(Character.toUpperCase(n.charAt(0)) + n.substring(1))));
                ModelDownloader.Result r = d.download(source, store.folder(), sha, (bytes, total) -> {
                    double f = total > 0 ? bytes / (double) total : -1;
                    Double old = progress.put(ref, f);
                    if (old == null || Math.abs(f - old) >= 0.005 || f < 0) {
                        publishProgress(ref, f);
                    }
                }, cancel::get);
                done = "Downloaded " + r.file().getFileName() + " (" + Bytes.human(r.bytes()) + ")"
                        + (r.resumedFrom() > 0 ? ", resumed after " + Bytes.human(r.resumedFrom()) : "");
            } catch (DownloadException e) {
                done = e.reason() == DownloadException.Reason.CANCELLED
                        ? "Cancelled " + source.fileName() + "; download it again to resume"
                        : "Download failed: " + e.getMessage() + (e.resumable() ? " (download again to resume)" : "");
            } catch (RuntimeException e) {
                LOG.warn("download of {} failed", source.uri(), e);
                done = "Download failed: " + e;
            }
            running.remove(ref);
            progress.remove(ref);
            String msg = done;
            List<ModelRow> r = build();
            ui.run(() -> {
                message.set(msg);
                rows.set(r);
            });
        });
        return true;
    }

    private void publishProgress(String ref, double f) {
        ui.run(() -> {
            List<ModelRow> now = new ArrayList<>(rows.get());
            for (int i = 0; i < now.size(); i++) {
                ModelRow r = now.get(i);
                if (r.ref().equals(ref)) {
                    now.set(i, new ModelRow(r.ref(), r.name(), r.detail(), ModelRow.State.DOWNLOADING, r.isDefault(),
                            r.recommended(), f));
                }
            }
            rows.set(List.copyOf(now));
        });
    }

    /** Cancels a running download; its partial file stays for a resume. */
    public void cancel(String ref) {
        AtomicBoolean c = running.get(ref);
        if (c != null) {
            c.set(true);
        }
    }

    public void remove(ModelRow row) {
        background.execute(() -> {
            String msg;
            try {
                String file = ModelCatalogue.find(row.ref()).map(ModelCatalogue.Entry::fileName).orElse(row.ref());
                List<ModelStore.StoredModel> found = store.find(file);
                if (found.size() == 1) {
                    store.remove(found.get(0));
                    msg = "Removed " + found.get(0).name();
                } else {
                    List<ModelStore.PartialDownload> part = store.findPartial(file);
                    if (part.size() == 1) {
                        store.remove(part.get(0));
                        msg = "Removed the partial download of " + part.get(0).targetName();
                    } else {
                        msg = "Nothing to remove for " + row.name();
                    }
                }
            } catch (IOException e) {
                msg = "Could not remove " + row.name() + ": " + e.getMessage();
            }
            String m = msg;
            List<ModelRow> r = build();
            ui.run(() -> {
                message.set(m);
                rows.set(r);
            });
        });
    }

    public void makeDefault(ModelRow row) {
        background.execute(() -> {
            String msg;
            try {
                String file = ModelCatalogue.find(row.ref()).map(ModelCatalogue.Entry::fileName).orElse(row.ref());
                List<ModelStore.StoredModel> found = store.find(file);
                if (found.size() == 1 && found.get(0).usable()) {
                    store.setDefault(found.get(0));
                    msg = found.get(0).name() + " is the default model";
                } else {
                    msg = row.name() + " is not installed";
                }
            } catch (IOException e) {
                msg = "Could not set the default: " + e.getMessage();
            }
            String m = msg;
            List<ModelRow> r = build();
            ui.run(() -> {
                message.set(m);
                rows.set(r);
            });
        });
    }

    /** Loads a model file (null: unload, evidence mode); the previous model is closed. */
    public void load(Path file) {
        loading.set(true);
        loaded.set(file == null ? EVIDENCE_MODE : "Loading " + file.getFileName() + "...");
        background.execute(() -> {
            Generator old = generator;
            generator = null;
            if (old != null) {
                old.close();
            }
            if (file == null) {
                ui.run(() -> loading.set(false));
                return;
            }
            try {
                Generator g = starter.start(file);
                generator = g;
                String d = g.describe();
                ui.run(() -> {
                    loaded.set(d);
                    loading.set(false);
                });
            } catch (Exception e) {
                LOG.warn("model {} could not be started", file, e);
                ui.run(() -> {
                    loaded.set(EVIDENCE_MODE);
                    message.set(file.getFileName() + " could not be started: " + e.getMessage());
                    loading.set(false);
                });
            }
        });
    }

    /** Loads the installed default model, if any; evidence mode otherwise. */
    public void loadDefault(String preferred) {
        if ("none".equalsIgnoreCase(preferred)) {
            load(null);
            return;
        }
        background.execute(() -> {
            try {
                Optional<Path> f = preferred != null ? store.find(preferred).stream().filter(ModelStore.StoredModel::usable)
                        .map(ModelStore.StoredModel::file).findFirst() : store.defaultModel().map(ModelStore.StoredModel::file);
                f.ifPresent(p -> ui.run(() -> load(p)));
            } catch (IOException e) {
                LOG.warn("could not read the models folder", e);
            }
        });
    }

    /** Closes the loaded model (its worker process). */
    public void close() {
        Generator g = generator;
        generator = null;
        if (g != null) {
            g.close();
        }
    }

    public ModelStore store() {
        return store;
    }
}
