package dev.lectern.app.cli;

import dev.lectern.app.models.LocalModels;
import dev.lectern.inference.GenerationException;
import dev.lectern.inference.ModelLoader;
import dev.lectern.inference.gguf.ModelFileException;
import dev.lectern.inference.hardware.Hardware;
import dev.lectern.inference.llama.KvCacheType;
import dev.lectern.inference.worker.WorkerGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The language-model options of the commands that generate (ask, chat, extract). */
final class ModelOptions {
    @Option(names = "--model", paramLabel = "FILE|NAME",
            description = "Language model: a .gguf file or the name of an installed model (default: the installed default;"
                    + " 'none' for evidence mode).")
    String model;

    @Option(names = "--ctx", paramLabel = "TOKENS", description = "Context size (default: chosen from the model and memory).")
    Integer ctx;

    @Option(names = "--threads", description = "Inference threads (default: all cores).")
    Integer threads;

    @Option(names = "--kv", paramLabel = "TYPE", description = "KV-cache type: f16, q8_0 or q4_0 (default: chosen from memory).")
    String kv;

    @Option(names = "--allow-mmap", description = "Load a model larger than free memory, memory-mapped (slow).")
    boolean allowMmap;

    /** The model in a worker process, or null for evidence mode (none installed, or 'none' asked for). */
    WorkerGenerator start(Path dataDir, PrintWriter err) throws ModelFileException, IOException {
        if ("none".equalsIgnoreCase(model)) {
            return null;
        }
        Path file = LocalModels.resolve(dataDir, model).orElse(null);
        if (file == null) {
            if (model != null) {
                throw new ModelFileException(Path.of(model), ModelFileException.Reason.NOT_FOUND,
                        "no such model file, and no installed model of that name (see `lectern models list`)");
            }
            err.println("lectern: no language model installed: answering in evidence mode (quoting the documents);"
                    + " `lectern models catalogue` shows the models that suit this machine");
            return null;
        }
        err.println("lectern: loading " + file.getFileName());
        err.flush();
        try {
            return ModelLoader.load(file, Hardware.probe(), s -> {
                var x = s;
                if (ctx != null) {
                    x = x.withContextSize(ctx);
                }
                if (threads != null) {
                    x = x.withThreads(threads);
                }
                if (kv != null) {
                    x = x.withKvCache(KvCacheType.parse(kv));
                }
                return allowMmap ? x.withAllowOversize(true) : x;
            }, notice -> err.println("lectern: " + notice));
        } catch (GenerationException e) {
            err.println("lectern: the model could not be started (" + e.getMessage() + "): answering in evidence mode");
            return null;
        }
    }
}
