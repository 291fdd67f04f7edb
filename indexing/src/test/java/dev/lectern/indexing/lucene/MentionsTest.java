package dev.lectern.indexing.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.parsing.DocumentParser;
import dev.lectern.parsing.TokenCounter;
import dev.lectern.parsing.chunk.StructureChunker;
import dev.lectern.parsing.model.Document;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whether any document mentions a name: in its text (stemmed, as search reads it) or in its file name. */
class MentionsTest {
    @TempDir
    Path dir;

    @Test
    void aNameIsMentionedByTextOrFileNameAndAllItsWordsMustMeetInOnePassage() throws Exception {
        Path file = Files.writeString(dir.resolve("Model NDA (recommended by SWA).txt"),
                "Non-Disclosure Agreement between the company and Furtwangen University.\n\n"
                        + "The university's thesis students keep all Confidential Information secret.\n");
        Document doc = new DocumentParser().extract(file);
        try (LuceneIndex index = LuceneIndex.open(dir.resolve("index"), null)) {
            index.addDocument(doc, new StructureChunker(TokenCounter.APPROXIMATE, 16).chunk(doc));

            assertThat(index.mentions("Furtwangen")).isTrue();
            assertThat(index.mentions("Thesis")).as("stemmed as search reads it: theses, thesis").isTrue();
            assertThat(index.mentions("SWA")).as("in the file name only").isTrue();
            assertThat(index.mentions("CopAcc")).isFalse();
            assertThat(index.mentions("Furtwangen Mentors")).as("one word missing").isFalse();
            assertThat(index.mentions("the of")).as("stop words only: cannot tell").isTrue();
        }
    }

    @Test
    void everydayWordsAreThoseTheEmbeddingModelKnowsWhole() throws Exception {
        try (LuceneIndex index = LuceneIndex.open(dir.resolve("vectors"),
                dev.lectern.indexing.embed.EmbeddingModels.open(dev.lectern.indexing.embed.EmbeddingModels.DEFAULT_ID, 1))) {
            assertThat(index.everydayWord("American")).isTrue();
            assertThat(index.everydayWord("Express")).isTrue();
            assertThat(index.everydayWord("Furtwangen")).isFalse();
            assertThat(index.everydayWord("3M")).isFalse();
            assertThat(index.everydayWord("VMware")).isFalse();
        }
        try (LuceneIndex keywordsOnly = LuceneIndex.open(dir.resolve("keywords"), null)) {
            assertThat(keywordsOnly.everydayWord("American")).as("no model: cannot tell").isFalse();
        }
    }
}
