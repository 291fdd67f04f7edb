package dev.lectern.app.answer;

import dev.lectern.app.Counts;
import dev.lectern.indexing.IndexedDocument;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files a question names by their file name ("summarise nda-2019.pdf", "what does
 * sample-nda.pdf say about returns?"), matched against the workspace's documents. A name that no
 * document has must be said to be missing: near names made the answer read another file.
 */
record NamedFiles(List<IndexedDocument> named, List<String> missing) {
    private static final Pattern FILE = Pattern.compile("(?<![\\p{L}\\p{N}_.\\-])[\\p{L}\\p{N}][\\p{L}\\p{N}_.()\\-]*"
            + "\\.(?:pdf|docx?|xlsx?|pptx?|odt|ods|odp|rtf|txt|md|markdown|html?|xhtml|csv|eml|msg|png|jpe?g|tiff?)"
            + "(?![\\p{L}\\p{N}_])", Pattern.CASE_INSENSITIVE);

    NamedFiles {
        named = List.copyOf(named);
        missing = List.copyOf(missing);
    }

    /** What {@code question} names among {@code docs}, by file name, ignoring case. */
    static NamedFiles in(String question, List<IndexedDocument> docs) {
        Set<IndexedDocument> named = new LinkedHashSet<>();
        List<String> missing = new ArrayList<>();
        for (String file : fileNames(question)) {
            List<IndexedDocument> hits = docs.stream().filter(d -> fileName(d).equalsIgnoreCase(file)).toList();
            if (hits.isEmpty()) {
                missing.add(file);
            }
            named.addAll(hits);
        }
        return new NamedFiles(new ArrayList<>(named), missing);
    }

    /** The file names written in {@code text}, as written. */
    static List<String> fileNames(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = FILE.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** {@code text} with its file names taken out: what the question asks, apart from which file. */
    static String without(String text) {
        return FILE.matcher(text).replaceAll(" ").replaceAll("\\s{2,}", " ").strip();
    }

    /** Why the answer is "not found", for the reader: the names no document has, and what is there instead. */
    String missingReason(List<IndexedDocument> docs) {
        List<String> near = new ArrayList<>();
        for (String m : missing) {
            Set<String> words = words(m);
            for (IndexedDocument d : docs) {
                if (near.size() < 3 && !near.contains(fileName(d)) && words(fileName(d)).stream().anyMatch(words::contains)) {
                    near.add(fileName(d));
                }
            }
        }
        String there = near.isEmpty() ? "" : " (there " + (near.size() == 1 ? "is " : "are ") + Counts.series(near, "and") + ")";
        return "none of your documents is named " + Counts.series(missing, "or") + there;
    }

    private static Set<String> words(String fileName) {
        Set<String> out = new LinkedHashSet<>();
        String stem = fileName.replaceAll("\\.[A-Za-z0-9]{1,8}$", "").toLowerCase(Locale.ROOT);
        for (String w : stem.split("[^\\p{L}\\p{N}]+")) {
            if (w.length() > 2 && !w.chars().allMatch(Character::isDigit)) {
                out.add(w);
            }
        }
        return out;
    }

    static String fileName(IndexedDocument d) {
        return PromptBuilder.fileName(d.path());
    }
}
