package dev.lectern.indexing.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import java.io.IOException;
import java.security.Permission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class OnnxEmbedderTest {

    private static final String CAPEX = "Purchases of property, plant and equipment (PP&E) were $1,577 million in 2018, "
            + "up from $1,373 million in 2017, as the Company invested in new manufacturing capacity and automation.";
    private static final String DIVIDENDS = "The Board declared quarterly cash dividends of $1.36 per share, and the Company "
            + "returned $3.2 billion to shareholders through dividends in 2018.";
    private static final String LITIGATION = "The Company is a defendant in lawsuits alleging that exposure to PFAS caused "
            + "personal injury; it believes it has meritorious defenses and is vigorously contesting the claims.";
    private static final String TABLE_ROW = "Net sales | 32,765 | 31,657 | 30,109 ; Operating income | 7,207 | 7,820 | 7,223";
    /** About 1,000 tokens: past both models' limits. */
    private static final String LONG = String.join(" ", Collections.nCopies(25,
            "Cash flows from operating activities were strong, while the Company continued to invest in research, "
                    + "development and engineering across its four business segments."))
            + " " + String.join(" ", Collections.nCopies(25,
            "Foreign currency translation reduced reported sales in Europe and Asia during the second half."));

    /** Hosts this JVM tried to connect to while the tests ran; null when no watcher could be installed. */
    private static List<String> connections;
    private static OnnxEmbedder bge;
    private static OnnxEmbedder miniLm;

    @BeforeAll
    static void openModels() {
        watchConnections();
        bge = EmbeddingModels.open("bge-small-en-v1.5-q", 2);
        miniLm = EmbeddingModels.open("all-minilm-l6-v2-q", 2);
    }

    @AfterAll
    static void closeModels() {
        if (bge != null) {
            bge.close();
        }
        if (miniLm != null) {
            miniLm.close();
        }
        unwatchConnections();
    }

    @Test
    void vectorsAreUnitLengthWith384Components() {
        float[][] vectors = bge.embedPassages(List.of(CAPEX, DIVIDENDS, TABLE_ROW, LONG));

        assertThat(bge.dimension()).isEqualTo(384);
        for (float[] v : vectors) {
            assertThat(v).hasSize(384);
            assertThat(norm(v)).isCloseTo(1.0, within(1e-5));
        }
        assertThat(norm(bge.embedQuery("capital expenditure"))).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void bgeVectorsMatchLangChain4jsOwnModelIncludingATruncatedText() {
        EmbeddingModel reference = new BgeSmallEnV15QuantizedEmbeddingModel();
        List<String> texts = List.of(CAPEX, DIVIDENDS, LITIGATION, TABLE_ROW, "Hi.", LONG);
        assertThat(bge.countTokens(LONG)).isGreaterThan(bge.maxTokens());

        float[][] ours = bge.embedPassages(texts);

        for (int i = 0; i < texts.size(); i++) {
            float[] theirs = reference.embed(texts.get(i)).content().vector();
            assertThat(cosine(ours[i], theirs)).as("text %d", i).isGreaterThan(0.999);
        }
    }

    @Test
    void keepsInputOrderThroughLengthSortedParallelWork() {
        List<String> texts = List.of(TABLE_ROW, LONG, "Hi.", CAPEX);

        float[][] together = bge.embedPassages(texts);

        for (int i = 0; i < texts.size(); i++) {
            float[] alone = bge.embedPassages(List.of(texts.get(i)))[0];
            assertThat(cosine(together[i], alone)).as("text %d", i).isGreaterThan(0.99999);
        }
    }

    @Test
    void keepsInputOrderWhenTextsShareABatch() {
        // batches of up to 4; batching changes vectors slightly (the int8 model quantises each batch
        // as a whole), so check that each vector is closest to its own text's vector
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            texts.add(List.of(CAPEX, DIVIDENDS, LITIGATION, TABLE_ROW).get(i % 4) + " Note " + i + ".".repeat(i * 7));
        }
        try (OnnxEmbedder batching = new OnnxEmbedder(EmbeddingModels.BGE_SMALL_EN_V15_Q, 2, 4, 1024)) {
            float[][] together = batching.embedPassages(texts);
            float[][] alone = texts.stream().map(t -> batching.embedPassages(List.of(t))[0]).toArray(float[][]::new);

            for (int i = 0; i < texts.size(); i++) {
                int nearest = 0;
                for (int j = 1; j < texts.size(); j++) {
                    if (cosine(together[i], alone[j]) > cosine(together[i], alone[nearest])) {
                        nearest = j;
                    }
                }
                assertThat(nearest).as("nearest single-text vector to batched vector %d", i).isEqualTo(i);
                assertThat(cosine(together[i], alone[i])).isGreaterThan(0.99);
            }
        }
    }

    @Test
    void batchPlanCoversEveryTextOnceLongestFirstWithinLimits() {
        int[] lengths = {5, 300, 40, 512, 7, 7, 120, 2, 300, 64};

        List<int[]> batches = OnnxEmbedder.plan(lengths, 3, 700);

        List<Integer> seen = new ArrayList<>();
        int previousLongest = Integer.MAX_VALUE;
        for (int[] batch : batches) {
            int longest = Arrays.stream(batch).map(i -> lengths[i]).max().orElseThrow();
            assertThat(batch.length).isBetween(1, 3);
            assertThat(batch.length == 1 || batch.length * longest <= 700).isTrue();
            assertThat(longest).isLessThanOrEqualTo(previousLongest);
            previousLongest = longest;
            Arrays.stream(batch).forEach(seen::add);
        }
        assertThat(seen).containsExactlyInAnyOrder(IntStream.range(0, lengths.length).boxed().toArray(Integer[]::new));
        assertThat(OnnxEmbedder.plan(new int[0], 32, 8192)).isEmpty();
    }

    @Test
    void capitalExpenditureQueryRanksThePpePassageFirst() {
        for (OnnxEmbedder embedder : List.of(bge, miniLm)) {
            float[][] passages = embedder.embedPassages(List.of(DIVIDENDS, LITIGATION, CAPEX));
            float[] query = embedder.embedQuery("capital expenditure");

            double capex = cosine(query, passages[2]);
            assertThat(capex).as(embedder.modelId()).isGreaterThan(cosine(query, passages[0]));
            assertThat(capex).as(embedder.modelId()).isGreaterThan(cosine(query, passages[1]));
        }
    }

    @Test
    void bgeQueriesCarryTheInstructionAndPassagesDoNot() {
        float[] query = bge.embedQuery("capital expenditure");
        float[] asPassage = bge.embedPassages(List.of("capital expenditure"))[0];
        float[] withPrefix = bge.embedPassages(List.of(EmbeddingModels.BGE_SMALL_EN_V15_Q.queryPrefix() + "capital expenditure"))[0];

        assertThat(cosine(query, withPrefix)).isGreaterThan(0.99999);
        assertThat(cosine(query, asPassage)).isLessThan(0.99);
        assertThat(cosine(miniLm.embedQuery("capital expenditure"), miniLm.embedPassages(List.of("capital expenditure"))[0]))
                .isGreaterThan(0.99999);
    }

    @Test
    void countTokensAgreesWithTheModelsTokenizerWithoutTruncating() throws IOException {
        for (EmbeddingModels model : EmbeddingModels.values()) {
            try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(
                    getClass().getClassLoader().getResourceAsStream(model.tokenizerResource()),
                    Map.of("truncation", "false", "padding", "false"))) {
                OnnxEmbedder embedder = model == EmbeddingModels.BGE_SMALL_EN_V15_Q ? bge : miniLm;
                for (String text : List.of(CAPEX, TABLE_ROW, LONG, "", "hello world")) {
                    int withSpecialTokens = tokenizer.encode(text).getIds().length;
                    assertThat(embedder.countTokens(text)).as("%s: %s", model.id(), text).isEqualTo(withSpecialTokens - 2);
                }
            }
        }
        assertThat(bge.countTokens("hello world")).isEqualTo(2);
        assertThat(bge.countTokens(LONG)).isGreaterThan(800);
        assertThat(bge.tokenCounter().count("xx hello world yy", 3, 14)).isEqualTo(2);
    }

    @Test
    void truncationIsCountedAndLoggedOncePerCall() {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(OnnxEmbedder.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            long before = bge.truncatedInputs();

            bge.embedPassages(List.of(LONG, CAPEX, LONG + " again"));
            bge.embedPassages(List.of(CAPEX));

            assertThat(bge.truncatedInputs() - before).isEqualTo(2);
            List<String> warnings = appender.list.stream().filter(e -> e.getLevel() == Level.WARN)
                    .map(ILoggingEvent::getFormattedMessage).toList();
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0)).contains("2 of 3", "truncated", "512");
        } finally {
            logger.detachAppender(appender);
        }
    }

    @Test
    void aLongQueryIsTruncatedWithoutAWarningForTheUser() {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(OnnxEmbedder.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        Level level = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        try {
            bge.embedQuery(LONG);

            assertThat(appender.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).isEmpty();
            assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(m -> assertThat(m).contains("query", "512"));
        } finally {
            logger.setLevel(level);
            logger.detachAppender(appender);
        }
    }

    @Test
    void aGiantTextIsTruncatedExactlyLikeALongOne() {
        String giant = LONG + " " + "filler words without end ".repeat(20_000);

        float[][] vectors = bge.embedPassages(List.of(giant, LONG));

        assertThat(cosine(vectors[0], vectors[1])).isGreaterThan(0.99999);
    }

    @Test
    void miniLmMatchesLangChain4jWithinItsOwn128Tokens() {
        EmbeddingModel reference = new AllMiniLmL6V2QuantizedEmbeddingModel();
        List<String> texts = List.of(CAPEX, DIVIDENDS, LITIGATION, TABLE_ROW);

        float[][] ours = miniLm.embedPassages(texts);

        assertThat(miniLm.modelId()).isEqualTo("all-minilm-l6-v2-q");
        assertThat(miniLm.dimension()).isEqualTo(384);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(ours[i]).hasSize(384);
            assertThat(norm(ours[i])).isCloseTo(1.0, within(1e-5));
            assertThat(cosine(ours[i], reference.embed(texts.get(i)).content().vector())).isGreaterThan(0.999);
        }
    }

    @Test
    void miniLmReadsUpTo256TokensNotTheTokenizerFiles128() {
        String opening = String.join(" ", Collections.nCopies(17, "Revenue grew in every region of the world."));
        String endingA = " Meanwhile the litigation reserve for environmental claims increased sharply.";
        String endingB = " Meanwhile the pension plan was frozen for all salaried employees.";
        assertThat(miniLm.countTokens(opening)).isBetween(128, 200);
        long before = miniLm.truncatedInputs();

        float[][] vectors = miniLm.embedPassages(List.of(opening + endingA, opening + endingB));

        assertThat(miniLm.maxTokens()).isEqualTo(256);
        assertThat(cosine(vectors[0], vectors[1])).as("tokens past 128 must change the vector").isLessThan(0.99);
        assertThat(miniLm.truncatedInputs()).isEqualTo(before);
    }

    @Test
    void workerCountDoesNotChangeVectors() {
        List<String> texts = List.of(CAPEX, LONG, DIVIDENDS, TABLE_ROW, LITIGATION);
        try (OnnxEmbedder single = EmbeddingModels.open("bge-small-en-v1.5-q", 1)) {
            float[][] one = single.embedPassages(texts);
            float[][] two = bge.embedPassages(texts);
            for (int i = 0; i < texts.size(); i++) {
                assertThat(cosine(one[i], two[i])).isGreaterThan(0.99999);
            }
        }
    }

    @Test
    void concurrentCallersGetTheSameVectors() throws Exception {
        List<String> texts = List.of(CAPEX, LONG, DIVIDENDS, TABLE_ROW, LITIGATION, "Hi.");
        float[][] expected = bge.embedPassages(texts);
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[][]>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(callers.submit(() -> bge.embedPassages(texts)));
            }
            for (Future<float[][]> result : results) {
                float[][] actual = result.get();
                for (int i = 0; i < texts.size(); i++) {
                    assertThat(cosine(actual[i], expected[i])).isGreaterThan(0.99999);
                }
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void emptyListGivesEmptyArray() {
        assertThat(bge.embedPassages(List.of())).isEmpty();
    }

    @Test
    void blankTextsGetValidVectors() {
        float[][] vectors = bge.embedPassages(List.of("", "   \n\t "));

        for (float[] v : vectors) {
            assertThat(v).hasSize(384);
            assertThat(norm(v)).isCloseTo(1.0, within(1e-5));
        }
        assertThat(cosine(vectors[0], vectors[1])).isGreaterThan(0.99999); // both are just [CLS] [SEP]
        assertThat(norm(bge.embedQuery(""))).isCloseTo(1.0, within(1e-5));
        assertThat(norm(miniLm.embedQuery(" "))).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void nullTextsAreRejectedWithAHint() {
        List<String> withNull = Arrays.asList(CAPEX, null);

        assertThatThrownBy(() -> bge.embedPassages(withNull)).isInstanceOf(NullPointerException.class).hasMessageContaining("\"\"");
        assertThatThrownBy(() -> bge.embedQuery(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void unknownModelIdNamesTheKnownOnes() {
        assertThatThrownBy(() -> EmbeddingModels.open("bge-large", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bge-small-en-v1.5-q").hasMessageContaining("all-minilm-l6-v2-q");
        assertThatThrownBy(() -> EmbeddingModels.open("bge-small-en-v1.5-q", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workers");
        assertThat(EmbeddingModels.byId("BGE-small-en-v1.5-q")).isEqualTo(EmbeddingModels.BGE_SMALL_EN_V15_Q);
        assertThat(EmbeddingModels.byId(EmbeddingModels.DEFAULT_ID)).isEqualTo(EmbeddingModels.DEFAULT);
    }

    @Test
    void aClosedEmbedderRefusesWork() {
        OnnxEmbedder embedder = EmbeddingModels.open("all-minilm-l6-v2-q", 1);
        embedder.close();
        embedder.close();

        assertThatThrownBy(() -> embedder.embedPassages(List.of(CAPEX))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> embedder.countTokens(CAPEX)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void loadingAndEmbeddingMakeNoNetworkRequest() {
        // Without OnnxEmbedder's settings, each new DJL tokenizer (LangChain4j's too) connects to
        // 169.254.169.254:80, the EC2 metadata service, to decide whether to send telemetry.
        try (OnnxEmbedder fresh = EmbeddingModels.open("bge-small-en-v1.5-q", 1)) {
            fresh.embedPassages(List.of(CAPEX));
            fresh.embedQuery("capital expenditure");
        }
        new BgeSmallEnV15QuantizedEmbeddingModel().embed(CAPEX);

        assertThat(ai.djl.util.Utils.isOfflineMode()).as("DJL offline mode").isTrue();
        if (connections != null) {
            assertThat(connections).as("connections attempted by this JVM").isEmpty();
        }
    }

    /**
     * Records every socket connection and host lookup Java code attempts. A SecurityManager is the
     * only hook Java 17 offers that also sees {@code openConnection(Proxy.NO_PROXY)}, which DJL uses;
     * where the JDK refuses one (18+ without -Djava.security.manager=allow), only offline mode is checked.
     */
    @SuppressWarnings("removal")
    private static void watchConnections() {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        try {
            System.setSecurityManager(new SecurityManager() {
                @Override
                public void checkPermission(Permission perm) {
                }

                @Override
                public void checkPermission(Permission perm, Object context) {
                }

                @Override
                public void checkConnect(String host, int port) {
                    seen.add(host + ":" + port);
                }

                @Override
                public void checkConnect(String host, int port, Object context) {
                    seen.add(host + ":" + port);
                }
            });
            connections = seen;
        } catch (UnsupportedOperationException e) {
            LoggerFactory.getLogger(OnnxEmbedderTest.class).info("cannot watch connections: {}", e.getMessage());
        }
    }

    @SuppressWarnings("removal")
    private static void unwatchConnections() {
        if (connections != null) {
            System.setSecurityManager(null);
        }
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    private static double norm(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        return Math.sqrt(sum);
    }
}
