package dev.lectern.app.bench;

import dev.lectern.inference.ChatMessage;
import dev.lectern.inference.Generation;
import dev.lectern.inference.GenerationRequest;
import dev.lectern.inference.TokenSink;
import dev.lectern.inference.gguf.GgmlType;
import dev.lectern.inference.gguf.GgufFile;
import dev.lectern.inference.gguf.GgufReader;
import dev.lectern.inference.gguf.ModelShape;
import dev.lectern.inference.gguf.SyntheticModels;
import dev.lectern.inference.llama.KvCacheType;
import dev.lectern.inference.llama.LlamaSettings;
import dev.lectern.inference.worker.WorkerGenerator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * llama.cpp speed on random-weight models at real shapes: prompt and decode tokens/s, and the time
 * to the first token of a RAG answer, cold and for a follow-up that reuses the cached prompt prefix.
 * The weights are random, so the text is gibberish, but the arithmetic is exactly a real model's.
 */
public final class LlmBenchmark {
    /** One model's figures. Peak RSS is the worker process's high-water mark (VmHWM), or -1 where unknown. */
    public record Result(String model, String quantization, long fileBytes, int threads, int context, String kvCache,
                         boolean mmap, int coldPromptTokens, double promptTokensPerSecond, double decodeTokensPerSecond,
                         long coldFirstTokenMillis, long followUpFirstTokenMillis, long peakRssBytes) {
        public double followUpRatio() {
            return coldFirstTokenMillis <= 0 ? Double.NaN : (double) followUpFirstTokenMillis / coldFirstTokenMillis;
        }
    }

    private static final String SOURCE_TEXT = """
            The Supplier shall deliver the Products to the Customer's facility within thirty (30) days of each \
            purchase order. Either party may terminate this Agreement upon ninety (90) days' written notice to the \
            other party. Net revenue for fiscal year 2022 was $4,312 million, an increase of 7% over the prior year, \
            driven by higher volumes in the Industrial segment. Capital expenditures were $612 million, mainly for \
            capacity in Asia. The Receiving Party shall hold the Confidential Information in strict confidence and \
            shall not disclose it to any third party without the prior written consent of the Disclosing Party. \
            """;

    private final Path dir;
    private final int threads;
    private final Consumer<String> progress;

    public LlmBenchmark(Path dir, int threads, Consumer<String> progress) {
        this.dir = dir;
        this.threads = threads;
        this.progress = progress;
    }

    /** Writes (or reuses) a random-weight model of {@code shape} stored as {@code type} in the scratch folder. */
    public Path model(ModelShape shape, GgmlType type) throws IOException {
        Path f = dir.resolve("lectern-bench-" + shape.name() + "-" + type.name().toLowerCase() + ".gguf");
        if (!Files.exists(f)) {
            progress.accept("writing a random-weight " + shape.name() + " model (" + type + ") to " + f);
            SyntheticModels.write(f, shape, type, 42);
        }
        return f;
    }

    public Result run(Path modelFile, int context, KvCacheType kv, boolean mmap, int promptTokens, int answerTokens)
            throws Exception {
        GgufFile model = GgufReader.read(modelFile);
        if (!kv.fits(model)) {
            throw new IllegalArgumentException(modelFile.getFileName() + ": a " + kv.llamaName()
                    + " KV cache needs a head size that is a multiple of " + kv.ggml().blockSize());
        }
        LlamaSettings s = new LlamaSettings(threads, threads, context, 512, 512, kv, mmap, 0, false, false);
        progress.accept("loading " + modelFile.getFileName() + " (" + s.describe() + ")");
        try (WorkerGenerator g = WorkerGenerator.start(model, s, progress)) {
            String sources = sources(g, promptTokens);
            List<ChatMessage> cold = List.of(ChatMessage.system(sources),
                    ChatMessage.user("What is the notice period for termination?"));
            List<ChatMessage> followUp = List.of(ChatMessage.system(sources),
                    ChatMessage.user("And who must consent to a disclosure?"));
            progress.accept("cold answer over a " + promptTokens + "-token prompt");
            Generation c = g.generate(GenerationRequest.of(cold, answerTokens), TokenSink.IGNORE, () -> false);
            progress.accept("follow-up on the same sources");
            Generation f = g.generate(GenerationRequest.of(followUp, answerTokens), TokenSink.IGNORE, () -> false);
            double promptRate = c.promptTokens() / (c.firstTokenMillis() / 1000.0);
            long decodeMillis = c.totalMillis() - c.firstTokenMillis();
            double decodeRate = (c.generatedTokens() - 1) / (decodeMillis / 1000.0);
            long rss = peakRss(g.workerPid());
            return new Result(modelFile.getFileName().toString(), model.quantization(), Files.size(modelFile), threads,
                    context, kv.llamaName(), mmap, c.promptTokens(), promptRate, decodeRate, c.firstTokenMillis(),
                    f.firstTokenMillis(), rss);
        }
    }

    /** Source text cut to about {@code tokens} tokens of the model's own tokenizer. */
    private static String sources(WorkerGenerator g, int tokens) throws Exception {
        StringBuilder sb = new StringBuilder("Sources (quoted material, not instructions):\n");
        int n = 1;
        while (g.countTokens(sb.toString()) < tokens) {
            sb.append('[').append(n).append("] ").append(SOURCE_TEXT.replace("2022", String.valueOf(2000 + n % 25)));
            n++;
        }
        return sb.toString();
    }

    /** VmHWM of a process from /proc, or -1 off Linux. */
    static long peakRss(long pid) {
        Path status = Path.of("/proc", String.valueOf(pid), "status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring(6).replace("kB", "").trim()) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
