package dev.lectern.inference;

/**
 * The outcome of one generation: the full text, token counts, the time to the first token and in
 * all, and why it stopped.
 */
public record Generation(String text, int promptTokens, int generatedTokens, long firstTokenMillis, long totalMillis,
                         StopReason stop) {
}
