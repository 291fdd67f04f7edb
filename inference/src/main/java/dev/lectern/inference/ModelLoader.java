package dev.lectern.inference;

import dev.lectern.inference.gguf.GgufFile;
import dev.lectern.inference.gguf.ModelFileException;
import dev.lectern.inference.gguf.ModelValidator;
import dev.lectern.inference.hardware.Hardware;
import dev.lectern.inference.llama.LlamaSettings;
import dev.lectern.inference.llama.MemoryEstimate;
import dev.lectern.inference.worker.WorkerGenerator;

import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Opens a local GGUF model for answering: validates the file in Java, chooses settings from the
 * hardware (then applies the user's overrides), checks that it fits in memory, and starts it in a
 * worker process.
 */
public final class ModelLoader {
    private ModelLoader() {
    }

    /** Settings for {@code model} on {@code hw} with the user's overrides applied, after the memory check. */
    public static LlamaSettings plan(GgufFile model, Hardware hw, UnaryOperator<LlamaSettings> overrides)
            throws ModelFileException {
        LlamaSettings s = overrides.apply(LlamaSettings.forMachine(model, hw));
        if (!s.kvCache().fits(model)) {
            throw new ModelFileException(model.path(), ModelFileException.Reason.UNSUPPORTED_TENSOR_TYPE,
                    "a " + s.kvCache().llamaName() + " KV cache needs attention heads whose size is a multiple of "
                            + s.kvCache().ggml().blockSize() + "; this model's are " + model.keyLength()
                            + ": use an f16 KV cache (--kv f16)");
        }
        MemoryEstimate need = MemoryEstimate.of(model, s.contextSize(), s.kvCache(), s.ubatchSize());
        if (hw.availableRamBytes() > 0 && need.totalBytes() > hw.availableRamBytes()) {
            if (!s.allowOversize()) {
                throw new ModelFileException(model.path(), ModelFileException.Reason.TOO_LARGE, "needs "
                        + need.describe() + " but only " + MemoryEstimate.gb(hw.availableRamBytes())
                        + " of memory is available; close other programs, choose a smaller model or context, or allow"
                        + " memory-mapped loading (--allow-mmap) to stream the weights from disk, which is slow");
            }
            s = s.withMmap(true);
        }
        return s;
    }

    public static WorkerGenerator load(Path file, Hardware hw, UnaryOperator<LlamaSettings> overrides,
                                       Consumer<String> notices) throws ModelFileException, GenerationException {
        GgufFile model = ModelValidator.validateChatModel(file);
        LlamaSettings s = plan(model, hw, overrides);
        return WorkerGenerator.start(model, s, notices);
    }
}
