package dev.lectern.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.parsing.DocumentParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PageMappingCheckTest {
    @TempDir
    Path dir;

    @Test
    void passageIsCountedOnlyWhenEnoughOfItsWordsAreOnTheLabelledPage() throws Exception {
        Files.createDirectories(dir.resolve("docs"));
        Files.writeString(dir.resolve("docs/report.txt"),
                "Purchases of property, plant and equipment were $1,577 million in 2018.\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("questions.jsonl"), String.join("\n",
                "{\"id\":\"q1\",\"question\":\"capex?\",\"evidence\":[{\"doc\":\"docs/report.txt\",\"page\":1,"
                        + "\"text\":\"Purchases of Property, Plant and Equipment: $1,577 million\"}]}",
                "{\"id\":\"q2\",\"question\":\"revenue?\",\"evidence\":[{\"doc\":\"docs/report.txt\",\"page\":1,"
                        + "\"text\":\"Total revenue grew to 32,765 million dollars\"}]}",
                "{\"id\":\"q3\",\"question\":\"wrong page\",\"evidence\":[{\"doc\":\"docs/report.txt\",\"page\":7,"
                        + "\"text\":\"property plant equipment\"}]}",
                "{\"id\":\"q4\",\"question\":\"span set\",\"evidence\":[{\"doc\":\"docs/report.txt\",\"start\":0,\"end\":9}]}"),
                StandardCharsets.UTF_8);
        List<String> progress = new ArrayList<>();
        PageMappingCheck.Result r = new PageMappingCheck(new DocumentParser()).run(dir, 0.8, progress::add);

        assertThat(r.items()).extracting(PageMappingCheck.Item::question).containsExactly("q1", "q2", "q3");
        assertThat(r.items().get(0).coverage()).isEqualTo(1.0);
        assertThat(r.items().get(1).coverage()).isLessThan(0.5);
        assertThat(r.items().get(2).found()).isZero();
        assertThat(r.passing()).isEqualTo(1.0 / 3);
        assertThat(progress).containsExactly("parsing docs/report.txt");
        assertThat(r.errors()).isEmpty();
    }

    @Test
    void wordsAreLowerCasedRunsOfLettersAndDigits() {
        assertThat(PageMappingCheck.words("Flow s, PP&E: $1,577.00")).containsExactly("flow", "s", "pp", "e", "1", "577", "00");
    }
}
