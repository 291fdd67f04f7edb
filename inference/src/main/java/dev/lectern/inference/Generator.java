package dev.lectern.inference;

import java.util.function.BooleanSupplier;

/**
 * A local language model that turns a chat into text, token by token. Implementations run the
 * model out of the caller's process (a worker of Lectern's own, or an external llama.cpp server),
 * so a native crash surfaces here as a {@link GenerationException} and never takes the caller down.
 */
public interface Generator extends AutoCloseable {

    /**
     * Generates an answer to {@code request}, handing each piece of text to {@code sink} as it
     * arrives (on the calling thread). Polls {@code cancelled} between tokens and stops early when it
     * turns true; the returned {@link Generation} then says {@link StopReason#CANCELLED}.
     */
    Generation generate(GenerationRequest request, TokenSink sink, BooleanSupplier cancelled) throws GenerationException;

    /** Tokens the model's tokenizer makes of {@code text}: for packing sources into the context. */
    int countTokens(String text) throws GenerationException;

    /** The loaded model's context window in tokens, as configured (not the model's maximum). */
    int contextSize();

    /** A short human description, such as "qwen2.5-1.5b-instruct-q4_k_m.gguf (qwen2, 1.5B, Q4_K_M)". */
    String describe();

    @Override
    void close();
}
