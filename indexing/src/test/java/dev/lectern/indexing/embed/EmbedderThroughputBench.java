package dev.lectern.indexing.embed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.lectern.parsing.DocumentParser;
import dev.lectern.parsing.TokenCounter;
import dev.lectern.parsing.chunk.StructureChunker;
import dev.lectern.parsing.model.Chunk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embedding throughput on realistic filing chunks: LangChain4j's own model classes against
 * {@link OnnxEmbedder}. Not a test: it asserts almost nothing and takes minutes. Run by hand with
 * <pre>
 * mvn -o -pl indexing test -Dtest=EmbedderThroughputBench -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Djunit.jupiter.conditions.deactivate='org.junit.*DisabledCondition' \
 *     -Dlectern.bench.pdf=/path/to/3M_2018_10K.pdf [-Dlectern.bench.chunks=300]
 * </pre>
 * Each variant embeds a warm-up slice first (the JIT and ONNX Runtime's allocators warm up), then
 * the whole set once, timed.
 */
@Tag("bench")
@Disabled("benchmark: run by hand")
class EmbedderThroughputBench {
    private static final Logger LOG = LoggerFactory.getLogger(EmbedderThroughputBench.class);
    private static final int WARM_UP = 40;

    private static List<String> texts;

    @BeforeAll
    static void loadChunks() throws Exception {
        Path pdf = Path.of(System.getProperty("lectern.bench.pdf",
                "../../shared/datasets/financebench-dev/docs/3M_2018_10K.pdf"));
        int count = Integer.getInteger("lectern.bench.chunks", 300);
        assertThat(pdf).as("set -Dlectern.bench.pdf").exists();
        // a 560-token budget of the approximate counter gives chunks of ~1,500 characters
        List<Chunk> chunks = new StructureChunker(TokenCounter.APPROXIMATE, 560).chunk(new DocumentParser().extract(pdf));
        texts = chunks.stream().map(Chunk::text).filter(t -> t.length() >= 1000).limit(count).collect(Collectors.toList());
        LOG.info("bench corpus: {} chunks of {}, {} chars on average, {} cores",
                texts.size(), pdf.getFileName(), texts.stream().mapToInt(String::length).average().orElse(0),
                Runtime.getRuntime().availableProcessors());
        assertThat(Files.size(pdf)).isPositive();
    }

    @Test
    void bgeSmall() {
        try (OnnxEmbedder counter = new OnnxEmbedder(EmbeddingModels.BGE_SMALL_EN_V15_Q, 1)) {
            long tokens = tokensRead(counter);
            measure("langchain4j BgeSmallEnV15QuantizedEmbeddingModel.embedAll", tokens,
                    langChain4j(new BgeSmallEnV15QuantizedEmbeddingModel()));
            for (int[] v : new int[][] {{2, 1}, {2, 32}, {1, 1}, {2, 8}}) {
                try (OnnxEmbedder e = new OnnxEmbedder(EmbeddingModels.BGE_SMALL_EN_V15_Q, v[0], v[1], 8192)) {
                    measure("OnnxEmbedder bge workers=" + v[0] + " maxBatch=" + v[1], tokens, e::embedPassages);
                }
            }
        }
    }

    @Test
    void miniLm() {
        try (OnnxEmbedder counter = new OnnxEmbedder(EmbeddingModels.ALL_MINILM_L6_V2_Q, 1)) {
            long tokens = tokensRead(counter);
            long tokens128 = texts.stream().mapToLong(t -> Math.min(128, counter.countTokens(t) + 2)).sum();
            measure("langchain4j AllMiniLmL6V2QuantizedEmbeddingModel.embedAll (reads 128 tokens)", tokens128,
                    langChain4j(new AllMiniLmL6V2QuantizedEmbeddingModel()));
            for (int[] v : new int[][] {{2, 1}, {2, 32}}) {
                try (OnnxEmbedder e = new OnnxEmbedder(EmbeddingModels.ALL_MINILM_L6_V2_Q, v[0], v[1], 8192)) {
                    measure("OnnxEmbedder minilm (reads 256 tokens) workers=" + v[0] + " maxBatch=" + v[1], tokens, e::embedPassages);
                }
            }
        }
    }

    /** Tokens the model reads, special tokens included, after truncation. */
    private static long tokensRead(OnnxEmbedder e) {
        int[] counts = texts.stream().mapToInt(t -> e.countTokens(t) + 2).toArray();
        LOG.info("{}: {} tokens per chunk on average (special tokens included), longest {}, {} over the {} limit",
                e.modelId(), java.util.Arrays.stream(counts).average().orElse(0),
                java.util.Arrays.stream(counts).max().orElse(0),
                java.util.Arrays.stream(counts).filter(c -> c > e.maxTokens()).count(), e.maxTokens());
        return java.util.Arrays.stream(counts).mapToLong(c -> Math.min(e.maxTokens(), c)).sum();
    }

    private static Function<List<String>, float[][]> langChain4j(EmbeddingModel model) {
        return list -> model.embedAll(list.stream().map(TextSegment::from).toList()).content().stream()
                .map(embedding -> embedding.vector()).toArray(float[][]::new);
    }

    private static void measure(String name, long tokens, Function<List<String>, float[][]> embed) {
        embed.apply(texts.subList(0, Math.min(WARM_UP, texts.size())));
        long start = System.nanoTime();
        float[][] vectors = embed.apply(texts);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(vectors.length).isEqualTo(texts.size());
        LOG.info(String.format("BENCH %-80s %6.1f s  %6.2f chunks/s  %7.0f tokens/s",
                name, seconds, texts.size() / seconds, tokens / seconds));
    }
}
