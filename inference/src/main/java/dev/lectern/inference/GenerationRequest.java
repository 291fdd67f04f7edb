package dev.lectern.inference;

import java.util.List;
import java.util.Objects;

/**
 * What to generate: the chat (rendered with the model's own chat template), how many tokens at
 * most, the sampling temperature (0 = greedy, the default for grounded answers), an optional GBNF
 * grammar or JSON schema that constrains the output, a seed, and whether to reuse the KV cache of a
 * previous request that shares the prompt's prefix.
 */
public record GenerationRequest(List<ChatMessage> messages, int maxTokens, double temperature, String grammar,
                                String jsonSchema, long seed, boolean cachePrompt) {
    public GenerationRequest {
        messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a generation needs at least one message");
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1, got " + maxTokens);
        }
        if (temperature < 0 || temperature > 5) {
            throw new IllegalArgumentException("temperature must be between 0 and 5, got " + temperature);
        }
        if (grammar != null && jsonSchema != null) {
            throw new IllegalArgumentException("give either a grammar or a JSON schema, not both");
        }
    }

    public static GenerationRequest of(List<ChatMessage> messages, int maxTokens) {
        return new GenerationRequest(messages, maxTokens, 0.0, null, null, 42, true);
    }

    public GenerationRequest withJsonSchema(String schema) {
        return new GenerationRequest(messages, maxTokens, temperature, null, schema, seed, cachePrompt);
    }

    public GenerationRequest withGrammar(String gbnf) {
        return new GenerationRequest(messages, maxTokens, temperature, gbnf, null, seed, cachePrompt);
    }

    public GenerationRequest withCachePrompt(boolean reuse) {
        return new GenerationRequest(messages, maxTokens, temperature, grammar, jsonSchema, seed, reuse);
    }
}
