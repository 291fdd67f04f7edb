package dev.lectern.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lectern.parsing.DocumentParser;
import dev.lectern.parsing.ParseException;
import dev.lectern.parsing.model.Document;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Checks that Lectern puts text on the right page: for each page-labelled evidence passage of a
 * dataset (see the datasets README), the share of the evidence's words (lower-cased runs of letters
 * and digits) that appear among the words of Lectern's text of the labelled page.
 */
public final class PageMappingCheck {
    /** One evidence passage and how much of it was found on its page. */
    public record Item(String question, String doc, int page, int words, int found) {
        public double coverage() {
            return words == 0 ? 1.0 : (double) found / words;
        }
    }

    /** The figure: share of passages with at least {@code wordShare} of their words on the page. */
    public record Result(List<Item> items, double wordShare, double passing, List<String> errors) {
    }

    private final DocumentParser parser;

    public PageMappingCheck(DocumentParser parser) {
        this.parser = parser;
    }

    public Result run(Path datasetDir, double wordShare, Consumer<String> progress) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, Document> docs = new HashMap<>();
        List<Item> items = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(datasetDir.resolve("questions.jsonl"), StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode q = json.readTree(line);
                for (JsonNode ev : q.path("evidence")) {
                    if (!ev.has("page")) {
                        continue;
                    }
                    String rel = ev.path("doc").asText();
                    int page = ev.path("page").asInt();
                    Document d = docs.get(rel);
                    if (d == null && !docs.containsKey(rel)) {
                        progress.accept("parsing " + rel);
                        try {
                            d = parser.extract(datasetDir.resolve(rel));
                        } catch (ParseException e) {
                            errors.add(e.getMessage());
                        }
                        docs.put(rel, d);
                    }
                    List<String> words = words(ev.path("text").asText());
                    int found = 0;
                    if (d != null && page >= 1 && page <= d.pages().size()) {
                        Set<String> pageWords = new HashSet<>(words(d.pageText(page)));
                        for (String w : words) {
                            if (pageWords.contains(w)) {
                                found++;
                            }
                        }
                    }
                    items.add(new Item(q.path("id").asText(), rel, page, words.size(), found));
                }
            }
        }
        int passing = 0;
        for (Item it : items) {
            if (it.coverage() >= wordShare) {
                passing++;
            }
        }
        return new Result(items, wordShare, items.isEmpty() ? 0 : (double) passing / items.size(), errors);
    }

    /** Lower-cased runs of letters and digits. */
    static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        String lower = s.toLowerCase(Locale.ROOT);
        for (int i = 0; i <= lower.length(); i++) {
            char c = i < lower.length() ? lower.charAt(i) : ' ';
            if (Character.isLetterOrDigit(c)) {
                w.append(c);
            } else if (w.length() > 0) {
                out.add(w.toString());
                w.setLength(0);
            }
        }
        return out;
    }
}
