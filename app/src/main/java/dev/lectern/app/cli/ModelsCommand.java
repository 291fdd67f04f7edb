package dev.lectern.app.cli;

import dev.lectern.app.Counts;
import dev.lectern.inference.gguf.GgufFile;
import dev.lectern.inference.hardware.Hardware;
import dev.lectern.inference.models.Bytes;
import dev.lectern.inference.models.DownloadException;
import dev.lectern.inference.models.ModelCatalogue;
import dev.lectern.inference.models.ModelDownloader;
import dev.lectern.inference.models.ModelSource;
import dev.lectern.inference.models.ModelStore;
import dev.lectern.inference.models.ModelStore.PartialDownload;
import dev.lectern.inference.models.ModelStore.StoredModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "models", mixinStandardHelpOptions = true,
        description = {"List, download and remove the language models Lectern answers with (GGUF files in <data>/models).",
                "Nothing goes on the network except a 'pull' you start."},
        subcommands = {ModelsCommand.ListModels.class, ModelsCommand.Pull.class, ModelsCommand.Remove.class,
                ModelsCommand.Catalogue.class, ModelsCommand.Default.class, ModelsCommand.Synth.class})
final class ModelsCommand implements Runnable {
    static final int EXIT_FAILED = 1;
    static final int EXIT_CANCELLED = 130;

    @Spec
    CommandSpec spec;

    @ParentCommand
    LecternCommand root;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    ModelStore store() {
        return new ModelStore(root.dataDirectory().resolve("models"));
    }

    static String describe(GgufFile g) {
        return g.architecture() + ", " + g.parameterLabel() + ", " + g.quantization() + ", context " + g.contextLength();
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "The models in the models folder, read from their headers, and downloads waiting to be resumed.")
    static final class ListModels implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ParentCommand
        ModelsCommand models;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            ModelStore store = models.store();
            List<StoredModel> list = store.list();
            List<ModelStore.Stray> strays = store.strays();
            List<PartialDownload> partials = store.partials();
            if (list.isEmpty() && strays.isEmpty() && partials.isEmpty()) {
                out.println("No models in " + store.folder() + ".");
                out.println("See 'lectern models catalogue' for the recommended ones, then 'lectern models pull ID'.");
                out.flush();
                return 0;
            }
            String def = store.defaultModel().map(StoredModel::name).orElse("");
            int width = Math.max(4, Math.max(list.stream().mapToInt(m -> m.name().length()).max().orElse(4),
                    strays.stream().mapToInt(s -> s.name().length()).max().orElse(4)));
            out.println("Models in " + store.folder() + ":");
            if (!list.isEmpty() || !strays.isEmpty()) {
                String row = "%s %-" + width + "s  %-10s %-7s %-8s %9s %8s%n";
                out.printf(Locale.ROOT, row, " ", "FILE", "ARCH", "PARAMS", "QUANT", "SIZE", "CONTEXT");
                for (StoredModel m : list) {
                    String mark = m.name().equals(def) ? "*" : " ";
                    GgufFile g = m.header();
                    if (g == null) {
                        out.printf(Locale.ROOT, "%s %-" + width + "s  %9s  unreadable: %s%n", mark, m.name(),
                                Bytes.human(m.sizeBytes()), m.problem());
                        continue;
                    }
                    out.printf(Locale.ROOT, row, mark, m.name(), g.architecture(), g.parameterLabel(), g.quantization(),
                            Bytes.human(m.sizeBytes()), g.contextLength());
                    if (!m.usable()) {
                        out.println("    cannot be used: " + m.problem());
                    }
                }
                // named like models but no files: shown, since a silent list would hide why they are not used
                for (ModelStore.Stray s : strays) {
                    out.printf(Locale.ROOT, "  %-" + width + "s  %9s  %s%n", s.name(), "-", s.what());
                }
                if (!def.isEmpty()) {
                    out.println("* default model");
                }
            }
            if (!partials.isEmpty()) {
                out.println("Partial downloads (the same 'lectern models pull' resumes them; 'lectern models rm' deletes them):");
                for (PartialDownload p : partials) {
                    out.println("  " + p.targetName() + "  " + Bytes.human(p.bytes()) + " so far"
                            + (p.url() == null ? "" : "  from " + p.url()));
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "pull", mixinStandardHelpOptions = true,
            description = {"Download a model into the models folder.",
                    "An interrupted or cancelled (Ctrl+C) pull leaves a partial file; the same pull again resumes it."})
    static final class Pull implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ParentCommand
        ModelsCommand models;

        @Parameters(paramLabel = "SOURCE", description = {"A catalogue id (see 'lectern models catalogue'),",
                "hf:OWNER/REPO/FILE.gguf[@REVISION], or an http(s) URL of a .gguf file."})
        String source;

        @Option(names = "--sha256", paramLabel = "HEX",
                description = "The SHA-256 the file must have (catalogue entries bring their own).")
        String sha256;

        @Option(names = "--name", paramLabel = "FILE.gguf", description = "Save under this file name.")
        String name;

        @Option(names = "--attempts", defaultValue = "3", paramLabel = "N",
                description = "Resume a broken connection automatically up to N-1 times (default: ${DEFAULT-VALUE}).")
        int attempts;

        @Option(names = "--default", description = "Make it the default model once downloaded.")
        boolean makeDefault;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ModelSource from;
            String expected = sha256;
            Optional<ModelCatalogue.Entry> entry = ModelCatalogue.find(source);
            try {
                if (entry.isPresent()) {
                    ModelCatalogue.Entry e = entry.get();
                    from = e.modelSource();
                    if (expected == null) {
                        expected = e.sha256();
                    }
                    Hardware hw = Hardware.probe();
                    err.println(e.displayName() + " (Q4_K_M, " + e.licence() + "): download about "
                            + Bytes.human(e.downloadBytes()) + ", needs about " + Bytes.human(e.ramBytes())
                            + " of memory to run with an 8k context.");
                    if (hw.availableRamBytes() > 0 && e.ramBytes() > hw.availableRamBytes()) {
                        err.println("note: that is more than the " + Bytes.human(hw.availableRamBytes())
                                + " available now; 'lectern models catalogue' shows what fits this machine.");
                    }
                } else {
                    from = ModelSource.parse(source);
                }
                if (name != null) {
                    from = from.withFileName(name);
                }
                if (attempts < 1) {
                    throw new IllegalArgumentException("--attempts must be at least 1");
                }
                // checked here, before 'downloading ...' is printed and anything is fetched
                ModelDownloader.normaliseSha(sha256);
            } catch (IllegalArgumentException e) {
                err.println("lectern: " + e.getMessage());
                err.flush();
                return ParseCommand.EXIT_BAD_INPUT;
            }
            ModelStore store = models.store();
            err.println("downloading " + from.uri() + " into " + store.folder());
            err.flush();

            AtomicBoolean cancelled = new AtomicBoolean();
            CountDownLatch finished = new CountDownLatch(1);
            // Ctrl+C: stop reading, keep the part for a resume, and let the message below print
            Thread hook = new Thread(() -> {
                cancelled.set(true);
                try {
                    finished.await(3, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "lectern-pull-cancel");
            Runtime.getRuntime().addShutdownHook(hook);
            Progress progress = new Progress(err);
            String shown = from.fileName();
            try {
                // 'resuming' is said by the downloader's callback, not from the partial file on disk: only it knows
                // whether this pull holds the part (another may be running) and whether the server sent the rest
                ModelDownloader.Result r = new ModelDownloader().withAttempts(attempts).withNotices(progress::note)
                        .withResumes(at -> progress.line("resuming " + shown + " after " + Bytes.human(at)))
                        .download(from, store.folder(), expected, (done, total) -> progress.download(done, total, shown),
                                cancelled::get);
                out.println("saved " + r.file() + " (" + Bytes.human(r.bytes()) + "; " + describe(r.model()) + ")");
                out.println("sha256 " + r.sha256() + (r.verified() ? "  (matches the expected checksum)"
                        : "  (not checked: no checksum was given; compare it with the publisher's)"));
                StoredModel saved = store.find(r.file().getFileName().toString()).stream().findFirst().orElse(null);
                if (makeDefault && saved != null) {
                    store.setDefault(saved);
                }
                store.defaultModel().ifPresent(d -> out.println("default model: " + d.name()));
                return 0;
            } catch (DownloadException e) {
                progress.stop();
                err.println("lectern: " + e.getMessage());
                return e.reason() == DownloadException.Reason.CANCELLED ? EXIT_CANCELLED : EXIT_FAILED;
            } finally {
                out.flush();
                err.flush();
                finished.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl+C: the hook is running and waits for this
                }
            }
        }
    }

    @Command(name = "rm", aliases = "remove", mixinStandardHelpOptions = true,
            description = "Delete a model file (or a partial download) from the models folder.")
    static final class Remove implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ParentCommand
        ModelsCommand models;

        @Parameters(paramLabel = "NAME", description = "The file name, or its first letters.")
        String ref;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ModelStore store = models.store();
            List<StoredModel> found = store.find(ref);
            if (found.size() > 1) {
                err.println("lectern: '" + ref + "' matches " + Counts.of(found.size(), "model") + "; give more of the name:");
                found.forEach(m -> err.println("  " + m.name()));
                err.flush();
                return ParseCommand.EXIT_BAD_INPUT;
            }
            if (found.size() == 1) {
                StoredModel m = found.get(0);
                store.remove(m);
                out.println("removed " + m.name() + " (" + Bytes.human(m.sizeBytes()) + ")");
                out.flush();
                return 0;
            }
            List<PartialDownload> partial = store.findPartial(ref);
            if (partial.size() == 1) {
                store.remove(partial.get(0));
                out.println("removed the partial download of " + partial.get(0).targetName() + " ("
                        + Bytes.human(partial.get(0).bytes()) + ")");
                out.flush();
                return 0;
            }
            err.println("lectern: " + (partial.isEmpty() ? "no model '" + ref + "' in " + store.folder()
                    + " (see 'lectern models list')" : "'" + ref + "' matches " + Counts.of(partial.size(), "partial download") + "; give more of the name"));
            err.flush();
            return ParseCommand.EXIT_BAD_INPUT;
        }
    }

    @Command(name = "catalogue", aliases = "catalog", mixinStandardHelpOptions = true,
            description = "Recommended models, their download size and memory need, and the one that fits this machine.")
    static final class Catalogue implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ParentCommand
        ModelsCommand models;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            ModelCatalogue.Recommendation rec = ModelCatalogue.recommend(Hardware.probe());
            List<String> installed = models.store().list().stream().map(StoredModel::name).toList();
            String row = "%s %-13s %-23s %9s %9s %8s  %s%n";
            out.printf(Locale.ROOT, row, " ", "ID", "MODEL", "DOWNLOAD", "MEMORY", "CONTEXT", "LICENCE");
            for (ModelCatalogue.Entry e : ModelCatalogue.entries()) {
                String mark = e == rec.entry() ? ">" : " ";
                out.printf(Locale.ROOT, row, mark, e.id(), e.displayName(), "~" + Bytes.human(e.downloadBytes()),
                        "~" + Bytes.human(e.ramBytes()), e.contextLength(),
                        e.licence() + (installed.contains(e.fileName()) ? "  (installed)" : ""));
            }
            out.println();
            out.println("> " + (rec.fits() ? "recommended here: " : "smallest, but may not fit: ") + rec.entry().id());
            out.println("  " + rec.reason());
            out.println("Sizes are approximate; memory is for an 8k-token context. All files are Q4_K_M GGUF from");
            out.println("Hugging Face, pinned to a revision and checked against its SHA-256.");
            out.println("Download with: lectern models pull " + rec.entry().id());
            out.flush();
            return 0;
        }
    }

    @Command(name = "default", mixinStandardHelpOptions = true,
            description = "Show the default model, or make NAME the default.")
    static final class Default implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ParentCommand
        ModelsCommand models;

        @Parameters(paramLabel = "NAME", arity = "0..1", description = "The file name, or its first letters.")
        String ref;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ModelStore store = models.store();
            if (ref == null) {
                Optional<StoredModel> d = store.defaultModel();
                if (d.isEmpty()) {
                    err.println("lectern: no usable model in " + store.folder() + " (see 'lectern models catalogue')");
                    err.flush();
                    return EXIT_FAILED;
                }
                boolean set = store.defaultSetting().filter(d.get().name()::equals).isPresent();
                out.println(d.get().name() + (set ? "" : "  (not set: the " + (store.list().size() == 1 ? "only" : "newest")
                        + " usable model)"));
                out.flush();
                return 0;
            }
            List<StoredModel> found = store.find(ref);
            if (found.size() != 1) {
                err.println("lectern: " + (found.isEmpty() ? "no model '" + ref + "' (see 'lectern models list')"
                        : "'" + ref + "' matches " + Counts.of(found.size(), "model") + "; give more of the name"));
                err.flush();
                return ParseCommand.EXIT_BAD_INPUT;
            }
            try {
                store.setDefault(found.get(0));
            } catch (IllegalArgumentException e) {
                err.println("lectern: " + e.getMessage());
                err.flush();
                return ParseCommand.EXIT_BAD_INPUT;
            }
            out.println("default model: " + found.get(0).name());
            out.flush();
            return 0;
        }
    }

    /** Writes a random-weight model for checks and benchmarks (scripts/e2e-rpc); hidden from the help. */
    @Command(name = "synth", hidden = true, mixinStandardHelpOptions = true,
            description = "Write a random-weight GGUF model (gibberish answers, real shapes) for end-to-end checks.")
    static final class Synth implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Parameters(paramLabel = "FILE.gguf")
        Path out;

        @Option(names = "--shape", defaultValue = "tiny", description = "tiny, 0.5b or 1.5b (default: ${DEFAULT-VALUE}).")
        String shape;

        @Option(names = "--type", defaultValue = "q8_0", description = "f32, f16, q8_0 or q4_0 (default: ${DEFAULT-VALUE}).")
        String type;

        @Override
        public Integer call() throws Exception {
            var s = switch (shape) {
                case "tiny" -> dev.lectern.inference.gguf.ModelShape.TINY;
                case "0.5b" -> dev.lectern.inference.gguf.ModelShape.QWEN_0_5B;
                case "1.5b" -> dev.lectern.inference.gguf.ModelShape.QWEN_1_5B;
                default -> null;
            };
            if (s == null) {
                spec.commandLine().getErr().println("lectern: unknown shape '" + shape + "': use tiny, 0.5b or 1.5b");
                return ParseCommand.EXIT_BAD_INPUT;
            }
            var t = dev.lectern.inference.gguf.GgmlType.valueOf(type.toUpperCase(java.util.Locale.ROOT));
            dev.lectern.inference.gguf.SyntheticModels.write(out, s, t, 42);
            spec.commandLine().getOut().println(out);
            return 0;
        }
    }
}
