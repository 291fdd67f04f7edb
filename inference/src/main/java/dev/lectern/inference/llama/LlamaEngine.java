package dev.lectern.inference.llama;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.Pair;
import de.kherud.llama.args.CacheType;
import de.kherud.llama.args.GpuSplitMode;
import de.kherud.llama.args.LogFormat;
import dev.lectern.inference.ChatMessage;
import dev.lectern.inference.Generation;
import dev.lectern.inference.GenerationRequest;
import dev.lectern.inference.StopReason;
import dev.lectern.inference.TokenSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * llama.cpp in this process, through de.kherud:llama. Only the worker process creates one: a
 * native fault here must never reach the application's own JVM. Not thread-safe: the worker calls
 * it from its single inference thread.
 */
public final class LlamaEngine {
    private static final Logger LOG = LoggerFactory.getLogger(LlamaEngine.class);
    private final LlamaModel model;
    private final LlamaSettings settings;

    private LlamaEngine(LlamaModel model, LlamaSettings settings) {
        this.model = model;
        this.settings = settings;
    }

    public static LlamaEngine load(Path file, LlamaSettings s) {
        LlamaModel.setLogger(LogFormat.TEXT, (level, msg) -> LOG.debug("llama.cpp {}: {}", level, msg.strip()));
        ModelParameters p = new ModelParameters()
                .setModel(file.toAbsolutePath().toString())
                .setCtxSize(s.contextSize())
                .setThreads(s.threads())
                .setThreadsBatch(s.batchThreads())
                .setBatchSize(s.batchSize())
                .setUbatchSize(s.ubatchSize())
                .setParallel(1)
                .setGpuLayers(s.gpuLayers())
                .enableJinja();
        CacheType cache = switch (s.kvCache()) {
            case F16 -> CacheType.F16;
            case Q8_0 -> CacheType.Q8_0;
            case Q4_0 -> CacheType.Q4_0;
        };
        p.setCacheTypeK(cache).setCacheTypeV(cache);
        // llama.cpp only quantizes the V cache with flash attention on
        if (s.flashAttention() || s.kvCache() != KvCacheType.F16) {
            p.enableFlashAttn();
        }
        if (!s.mmap()) {
            p.disableMmap();
        }
        if (s.gpuLayers() > 0) {
            p.setSplitMode(GpuSplitMode.valueOf(s.splitMode().toUpperCase(Locale.ROOT)));
            if (!s.tensorSplit().isEmpty()) {
                p.setTensorSplit(s.tensorSplit());
            }
            p.setMainGpu(s.mainGpu());
        }
        if (s.draftModel() != null) {
            // llama.cpp goes on after a draft model fails to load and then crashes: callers validate it first
            p.setModelDraft(Path.of(s.draftModel()).toAbsolutePath().toString());
            if (s.draftMax() > 0) {
                p.setDraftMax(s.draftMax());
            }
            if (s.draftMin() > 0) {
                p.setDraftMin(s.draftMin());
            }
            if (s.draftGpuLayers() >= 0) {
                p.setGpuLayersDraft(s.draftGpuLayers());
            }
        }
        return new LlamaEngine(new LlamaModel(p), s);
    }

    public LlamaSettings settings() {
        return settings;
    }

    /** The chat rendered with the model's own template, ready for generation. */
    public String render(List<ChatMessage> messages) {
        String system = null;
        List<Pair<String, String>> turns = new ArrayList<>();
        for (ChatMessage m : messages) {
            switch (m.role()) {
                case SYSTEM -> system = system == null ? m.content() : system + "\n\n" + m.content();
                case USER -> turns.add(new Pair<>("user", m.content()));
                case ASSISTANT -> turns.add(new Pair<>("assistant", m.content()));
            }
        }
        return model.applyTemplate(new InferenceParameters("").setMessages(system, turns));
    }

    public int countTokens(String text) {
        return model.encode(text).length;
    }

    public Generation generate(GenerationRequest r, TokenSink sink, BooleanSupplier cancelled) {
        long t0 = System.nanoTime();
        String prompt = render(r.messages());
        int promptTokens = countTokens(prompt);
        if (promptTokens + r.maxTokens() > settings.contextSize()) {
            throw new IllegalArgumentException("the prompt has " + promptTokens + " tokens and the answer may take "
                    + r.maxTokens() + ", more than the " + settings.contextSize() + "-token context");
        }
        InferenceParameters p = new InferenceParameters(prompt)
                .setNPredict(r.maxTokens())
                .setTemperature((float) r.temperature())
                .setSeed((int) r.seed())
                .setCachePrompt(r.cachePrompt());
        if (r.grammar() != null) {
            p.setGrammar(r.grammar());
        } else if (r.jsonSchema() != null) {
            p.setGrammar(LlamaModel.jsonSchemaToGrammar(r.jsonSchema()));
        }
        StringBuilder text = new StringBuilder();
        long first = -1;
        int generated = 0;
        StopReason stop = StopReason.FINISHED;
        LlamaIterator it = model.generate(p).iterator();
        try {
            while (it.hasNext()) {
                if (cancelled.getAsBoolean()) {
                    it.cancel();
                    stop = StopReason.CANCELLED;
                    break;
                }
                LlamaOutput out = it.next();
                if (it.hasNext()) {
                    generated++; // the closing output of a stream carries no new token
                }
                if (!out.text.isEmpty()) {
                    if (first < 0) {
                        first = System.nanoTime();
                    }
                    text.append(out.text);
                    sink.accept(out.text);
                }
            }
        } catch (RuntimeException e) { // de.kherud's LlamaException is package-private
            throw new IllegalStateException("llama.cpp stopped the generation: " + e.getMessage(), e);
        }
        // llama.cpp holds back pieces of incomplete UTF-8 characters and streams them joined, so the
        // number of outputs can undercount tokens; the re-encoded answer gives the length in tokens
        generated = Math.max(generated, text.isEmpty() ? 0 : countTokens(text.toString()));
        if (stop != StopReason.CANCELLED && generated >= r.maxTokens()) {
            stop = StopReason.LENGTH;
        }
        long end = System.nanoTime();
        return new Generation(text.toString(), promptTokens, generated,
                first < 0 ? -1 : (first - t0) / 1_000_000, (end - t0) / 1_000_000, stop);
    }
}
