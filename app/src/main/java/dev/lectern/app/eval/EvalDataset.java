package dev.lectern.app.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A dataset in the shared format: {@code docs/} and {@code questions.jsonl}, evidence either as
 * pages (1-based) or as {@code [start, end)} code-point spans of a document's text.
 */
public record EvalDataset(Path dir, List<Question> questions) {
    /** One evidence item; {@code doc} is the absolute, normalised path of the document. */
    public record Evidence(String doc, int page, int start, int end) {
        public boolean hasPage() {
            return page > 0;
        }

        public boolean hasSpan() {
            return end > start;
        }
    }

    /** One question; {@code group} is the folder under docs/ of its first evidence document. */
    public record Question(String id, String text, String group, List<Evidence> evidence) {
    }

    public static EvalDataset load(Path dir) throws IOException {
        Path file = dir.resolve("questions.jsonl");
        if (!Files.isRegularFile(file)) {
            throw new IOException(dir + " has no questions.jsonl: not a dataset folder (see the datasets README)");
        }
        if (!Files.isDirectory(dir.resolve("docs"))) {
            throw new IOException(dir + " has no docs/ folder: not a dataset folder (see the datasets README)");
        }
        ObjectMapper json = new ObjectMapper();
        List<Question> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode q = json.readTree(line);
                List<Evidence> ev = new ArrayList<>();
                String group = "";
                for (JsonNode e : q.path("evidence")) {
                    String rel = e.path("doc").asText();
                    Path doc = dir.resolve(rel).toAbsolutePath().normalize();
                    if (group.isEmpty()) {
                        Path under = dir.resolve("docs").toAbsolutePath().normalize().relativize(doc);
                        group = under.getNameCount() > 1 ? under.getName(0).toString() : "all";
                    }
                    ev.add(new Evidence(doc.toString(), e.path("page").asInt(0), e.path("start").asInt(0),
                            e.path("end").asInt(0)));
                }
                if (!q.hasNonNull("question") || ev.isEmpty()) {
                    throw new IOException(file + " line " + n + ": a question needs \"question\" and \"evidence\"");
                }
                out.add(new Question(q.path("id").asText("line-" + n), q.path("question").asText(), group, ev));
            }
        }
        return new EvalDataset(dir, out);
    }
}
