package dev.lectern.inference.gguf;

import dev.lectern.inference.gguf.ModelFileException.Reason;

import java.nio.file.Path;
import java.util.Set;

/**
 * Decides, in Java, whether a GGUF file is a chat model the bundled llama.cpp can run, so that
 * nothing llama.cpp would reject or crash on reaches it.
 */
public final class ModelValidator {
    /** Text-generation architectures known to the bundled llama.cpp build (de.kherud:llama 4.2.0). */
    static final Set<String> CHAT_ARCHITECTURES = Set.of(
            "llama", "deci", "falcon", "grok", "gpt2", "gptj", "gptneox", "mpt", "baichuan", "starcoder", "refact",
            "bloom", "stablelm", "qwen", "qwen2", "qwen2moe", "qwen2vl", "phi2", "phi3", "phimoe", "plamo", "codeshell",
            "orion", "internlm2", "minicpm", "minicpm3", "gemma", "gemma2", "gemma3", "starcoder2", "mamba", "xverse",
            "command-r", "cohere2", "dbrx", "olmo", "olmo2", "olmoe", "openelm", "arctic", "deepseek", "deepseek2",
            "chatglm", "bitnet", "t5", "jais", "nemotron", "exaone", "rwkv6", "rwkv6qwen2", "granite", "granitemoe",
            "chameleon");
    /** Architectures that embed or encode text but cannot chat. */
    static final Set<String> EMBEDDING_ARCHITECTURES = Set.of("bert", "nomic-bert", "jina-bert-v2", "t5encoder",
            "wavtokenizer-dec");

    private ModelValidator() {
    }

    /** Reads {@code file} and checks it can serve as a chat model; returns its header. */
    public static GgufFile validateChatModel(Path file) throws ModelFileException {
        GgufFile g = GgufReader.read(file);
        validateChatModel(g);
        return g;
    }

    public static void validateChatModel(GgufFile g) throws ModelFileException {
        Path f = g.path();
        String arch = g.architecture();
        if (arch.isEmpty()) {
            throw new ModelFileException(f, Reason.MISSING_METADATA, "the file names no architecture (general.architecture)");
        }
        if (EMBEDDING_ARCHITECTURES.contains(arch)) {
            throw new ModelFileException(f, Reason.NOT_A_CHAT_MODEL, "is a " + arch
                    + " embedding model, not a chat model: choose an instruct model such as Qwen2.5 1.5B Instruct");
        }
        if (!CHAT_ARCHITECTURES.contains(arch)) {
            throw new ModelFileException(f, Reason.UNSUPPORTED_ARCHITECTURE, "architecture '" + arch
                    + "' is not supported by the bundled llama.cpp; use a model of a supported family (Llama, Qwen2, "
                    + "Phi-3, Gemma, Mistral) or run it in an external llama-server");
        }
        if (g.contextLength() <= 0) {
            throw new ModelFileException(f, Reason.MISSING_METADATA, "the file gives no context length (" + arch + ".context_length)");
        }
        if (g.blockCount() <= 0 || g.tensors().isEmpty()) {
            throw new ModelFileException(f, Reason.MISSING_METADATA, "the file has no transformer blocks (" + arch + ".block_count)");
        }
        if (g.vocabularySize() == 0 || g.string("tokenizer.ggml.model").isEmpty()) {
            throw new ModelFileException(f, Reason.MISSING_METADATA, "the file carries no tokenizer (tokenizer.ggml.tokens)");
        }
    }
}
