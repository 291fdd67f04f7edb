package dev.lectern.inference.gguf;

import dev.lectern.inference.gguf.ModelFileException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GgufReaderTest {
    @TempDir
    Path dir;

    @Test
    void syntheticModelReadsBackWithItsShapeAndTemplate() throws Exception {
        Path f = SyntheticModels.write(dir.resolve("tiny.gguf"), ModelShape.TINY, GgmlType.Q8_0, 1);
        GgufFile g = ModelValidator.validateChatModel(f);
        assertThat(g.version()).isEqualTo(3);
        assertThat(g.architecture()).isEqualTo("llama");
        assertThat(g.contextLength()).isEqualTo(4096);
        assertThat(g.blockCount()).isEqualTo(2);
        assertThat(g.headCountKv()).isEqualTo(2);
        assertThat(g.vocabularySize()).isEqualTo(512);
        assertThat(g.quantization()).isEqualTo("Q8_0");
        assertThat(g.chatTemplate()).get().asString().contains("<|im_start|>");
        // 2 embedding-sized matrices + 2 blocks of 4 attention + 3 FFN matrices + norms
        long expected = 2L * 64 * 512 + 2 * (2L * 64 * 64 + 2L * 64 * 32 + 3L * 64 * 128 + 2 * 64) + 64;
        assertThat(g.parameterCount()).isEqualTo(expected);
        assertThat(g.dataOffset() + g.tensorBytes()).isLessThanOrEqualTo(g.fileSize());
        assertThat(g.layerBytes(0)).isPositive().isEqualTo(g.layerBytes(1));
    }

    @Test
    void headerOnlyShapeMatchesTheWrittenFile() throws Exception {
        Path f = SyntheticModels.write(dir.resolve("tiny.gguf"), ModelShape.TINY, GgmlType.Q4_0, 1);
        GgufFile written = GgufReader.read(f);
        GgufFile header = SyntheticModels.header(ModelShape.TINY, GgmlType.Q4_0);
        assertThat(header.tensorBytes()).isEqualTo(written.tensorBytes());
        assertThat(header.parameterCount()).isEqualTo(written.parameterCount());
        assertThat(header.kvCacheBytes(1024, GgmlType.F16, GgmlType.F16))
                .isEqualTo(written.kvCacheBytes(1024, GgmlType.F16, GgmlType.F16))
                // 2 layers x 1024 tokens x 2 KV heads x 16 dims x (K + V) x 2 bytes
                .isEqualTo(2L * 1024 * 2 * 16 * 2 * 2);
    }

    @Test
    void realShapesGiveTheParameterCountsOfTheirNames() {
        assertThat(SyntheticModels.header(ModelShape.QWEN_1_5B, GgmlType.Q8_0).parameterLabel()).isEqualTo("1.8B");
        assertThat(SyntheticModels.header(ModelShape.QWEN_7B, GgmlType.Q4_0).parameterCount()).isBetween(7_000_000_000L, 8_000_000_000L);
        assertThat(SyntheticModels.header(ModelShape.LLAMA_70B, GgmlType.Q4_0).parameterCount()).isBetween(69_000_000_000L, 72_000_000_000L);
    }

    @Test
    void truncatedDownloadIsReportedAsTruncated() throws Exception {
        Path f = SyntheticModels.write(dir.resolve("cut.gguf"), ModelShape.TINY, GgmlType.Q8_0, 1);
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(raf.length() / 2);
        }
        assertThatThrownBy(() -> GgufReader.read(f)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("cut.gguf").hasMessageContaining("truncated")
                .satisfies(e -> assertThat(((ModelFileException) e).reason()).isEqualTo(Reason.TRUNCATED));
    }

    @Test
    void fileCutInsideTheHeaderIsTruncated() throws Exception {
        Path f = SyntheticModels.write(dir.resolve("head.gguf"), ModelShape.TINY, GgmlType.Q8_0, 1);
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(2000);
        }
        assertThat(reason(f)).isEqualTo(Reason.TRUNCATED);
    }

    @Test
    void nonGgufFileIsRefusedByItsMagic() throws Exception {
        Path f = dir.resolve("model.gguf");
        Files.writeString(f, "<html>404 Not Found</html> and some more text to pass the size check");
        assertThatThrownBy(() -> GgufReader.read(f)).hasMessageContaining("not a GGUF model file");
        assertThat(reason(f)).isEqualTo(Reason.NOT_GGUF);
    }

    @Test
    void aShortTextFileIsNotGgufShowingItsFirstCharactersNotTruncated() throws Exception {
        Path f = Files.writeString(dir.resolve("hello.gguf"), "hello\n");
        assertThatThrownBy(() -> GgufReader.read(f)).hasMessage("hello.gguf: not a GGUF model file (it starts with \"hell\");"
                + " Lectern runs llama.cpp GGUF models");
        assertThat(reason(f)).isEqualTo(Reason.NOT_GGUF);
    }

    @Test
    void theStartOfAFileIsShownAsTextWhenPrintableAndInHexOtherwise() throws Exception {
        Path html = Files.writeString(dir.resolve("page.gguf"), "<html><body>Login required</body></html>");
        Path binary = Files.write(dir.resolve("zip.gguf"), new byte[] {0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0});
        Path tiny = Files.writeString(dir.resolve("hi.gguf"), "hi");
        assertThatThrownBy(() -> GgufReader.read(html)).hasMessageContaining("(it starts with \"<htm\", like a web page)");
        assertThatThrownBy(() -> GgufReader.read(binary)).hasMessageContaining("(it starts with bytes 504b0304)");
        assertThatThrownBy(() -> GgufReader.read(tiny)).hasMessageContaining("(it is only 2 bytes, starts with \"hi\")");
    }

    @Test
    void aGgufFileCutShortOfItsFixedHeaderIsStillTruncated() throws Exception {
        Path f = Files.write(dir.resolve("short.gguf"), new byte[] {'G', 'G', 'U', 'F', 3, 0, 0, 0, 1});
        assertThat(reason(f)).isEqualTo(Reason.TRUNCATED);
    }

    @Test
    void emptyAndMissingFilesAreReported() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.gguf"));
        assertThat(reason(empty)).isEqualTo(Reason.NOT_GGUF);
        assertThat(reason(dir.resolve("absent.gguf"))).isEqualTo(Reason.NOT_FOUND);
    }

    @Test
    void unknownVersionIsRefused() throws Exception {
        Path f = SyntheticModels.write(dir.resolve("v.gguf"), ModelShape.TINY, GgmlType.Q8_0, 1);
        patchInt(f, 4, 99);
        assertThatThrownBy(() -> GgufReader.read(f)).hasMessageContaining("GGUF version 99");
    }

    @Test
    void absurdCountsAreCorruptNotOutOfMemory() throws Exception {
        Path f = SyntheticModels.write(dir.resolve("c.gguf"), ModelShape.TINY, GgmlType.Q8_0, 1);
        patchInt(f, 16, -1); // metadata count low word
        patchInt(f, 20, 0x7fffffff);
        assertThat(reason(f)).isEqualTo(Reason.CORRUPT);
    }

    @Test
    void embeddingModelIsNotAChatModel() throws Exception {
        Path f = dir.resolve("bert.gguf");
        new GgufWriter().putString("general.architecture", "bert").putU32("bert.context_length", 512)
                .putU32("bert.block_count", 1).putString("tokenizer.ggml.model", "bert")
                .putStrings("tokenizer.ggml.tokens", java.util.List.of("[PAD]", "a"))
                .tensor("token_embd.weight", GgmlType.F32, 32, 2).write(f, 1);
        assertThatThrownBy(() -> ModelValidator.validateChatModel(f)).hasMessageContaining("embedding model")
                .satisfies(e -> assertThat(((ModelFileException) e).reason()).isEqualTo(Reason.NOT_A_CHAT_MODEL));
    }

    @Test
    void unsupportedArchitectureIsNamed() throws Exception {
        Path f = dir.resolve("new.gguf");
        new GgufWriter().putString("general.architecture", "qwen9").putU32("qwen9.context_length", 512)
                .tensor("token_embd.weight", GgmlType.F32, 32, 2).write(f, 1);
        assertThatThrownBy(() -> ModelValidator.validateChatModel(f)).hasMessageContaining("'qwen9' is not supported")
                .satisfies(e -> assertThat(((ModelFileException) e).reason()).isEqualTo(Reason.UNSUPPORTED_ARCHITECTURE));
    }

    @Test
    void modelWithoutTokenizerIsRefused() throws Exception {
        Path f = dir.resolve("notok.gguf");
        new GgufWriter().putString("general.architecture", "llama").putU32("llama.context_length", 512)
                .putU32("llama.block_count", 1).tensor("token_embd.weight", GgmlType.F32, 32, 2).write(f, 1);
        assertThatThrownBy(() -> ModelValidator.validateChatModel(f)).hasMessageContaining("no tokenizer");
    }

    @Test
    void halfPrecisionConversionRoundTripsCommonValues() {
        assertThat(GgufWriter.toHalf(1f)).isEqualTo((short) 0x3c00);
        assertThat(GgufWriter.toHalf(-2f)).isEqualTo((short) 0xc000);
        assertThat(GgufWriter.toHalf(0.5f)).isEqualTo((short) 0x3800);
        assertThat(GgufWriter.toHalf(0f)).isZero();
    }

    private static Reason reason(Path f) {
        try {
            GgufReader.read(f);
            throw new AssertionError("expected " + f + " to be refused");
        } catch (ModelFileException e) {
            return e.reason();
        }
    }

    private static void patchInt(Path f, long at, int value) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.seek(at);
            raf.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
        }
    }
}
