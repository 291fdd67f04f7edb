package dev.lectern.app.answer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Words as the answer pipeline compares them: lower-cased, possessives dropped, lightly stemmed so
 * "terminate", "terminated" and "termination" meet. Lucene's analyzers stay inside {@code indexing};
 * this stemmer only needs to treat question, sources and answer alike, not to be linguistically right.
 */
final class Terms {
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:['\u2019][\\p{L}]+)*");

    static final Set<String> STOP_WORDS = Set.of(
            "a", "an", "the", "and", "or", "but", "nor", "of", "to", "in", "on", "at", "by", "for", "with", "from",
            "into", "onto", "upon", "about", "as", "than", "then", "so", "if", "else", "be", "been", "being", "am",
            "is", "are", "was", "were", "has", "have", "had", "having", "do", "does", "did", "doing", "done", "will",
            "would", "shall", "should", "can", "could", "may", "might", "must", "it", "its", "it's", "itself", "this",
            "that", "these", "those", "there", "here", "they", "them", "their", "theirs", "he", "him", "his", "she",
            "her", "hers", "we", "us", "our", "ours", "you", "your", "yours", "i", "me", "my", "mine", "not", "no",
            "yes", "all", "any", "each", "every", "some", "such", "both", "either", "neither", "other", "also",
            "only", "own", "same", "too", "very", "just", "more", "most", "less", "least", "much", "many", "over",
            "under", "between", "after", "before", "during", "out", "up", "down", "off", "again", "further", "once",
            "which", "who", "whom", "whose", "what", "when", "where", "why", "how", "whether", "while", "per", "via",
            "etc", "e.g", "i.e", "vs", "s", "t");

    /** Words that make a question a question but never name what it is about. */
    static final Set<String> QUESTION_WORDS = Set.of(
            "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "does", "do", "did", "is", "are",
            "was", "were", "can", "could", "should", "would", "will", "tell", "please", "explain", "describe", "give",
            "show", "find", "say", "says", "said", "mention", "mentioned", "document", "documents", "according", "kind",
            "type", "anything", "something", "know", "let", "want", "need");

    private Terms() {
    }

    /** Every word of {@code text} with its offsets, as written. */
    static List<Word> words(String text) {
        List<Word> out = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            out.add(new Word(m.group(), m.start(), m.end()));
        }
        return out;
    }

    /** The stemmed words of {@code text} that carry meaning: no stop words, no question words. */
    static Set<String> contentTerms(String text) {
        Set<String> out = new LinkedHashSet<>();
        for (Word w : words(text)) {
            String lower = w.text().toLowerCase(Locale.ROOT);
            if (isContent(lower)) {
                out.add(stem(lower));
            }
        }
        return out;
    }

    /** Every stemmed word of {@code text}, stop words included: what a source offers to match against. */
    static Set<String> allTerms(String text) {
        Set<String> out = new LinkedHashSet<>();
        for (Word w : words(text)) {
            out.add(stem(w.text().toLowerCase(Locale.ROOT)));
        }
        return out;
    }

    static boolean isContent(String lower) {
        return !STOP_WORDS.contains(lower) && !QUESTION_WORDS.contains(lower)
                && (lower.length() > 1 || Character.isDigit(lower.charAt(0)));
    }

    /** A light English stemmer: plurals, -ing, -ed, -ation, -ment, -ly and a final e. */
    static String stem(String lower) {
        String w = lower.replace('\u2019', '\'');
        if (w.endsWith("'s")) {
            w = w.substring(0, w.length() - 2);
        } else if (w.endsWith("'")) {
            w = w.substring(0, w.length() - 1);
        }
        if (w.length() <= 3 || !Character.isLetter(w.charAt(w.length() - 1))) {
            return w;
        }
        if (w.endsWith("ies") && w.length() > 4) {
            w = w.substring(0, w.length() - 3) + "y";
        } else if (w.endsWith("sses")) {
            w = w.substring(0, w.length() - 2);
        } else if (w.endsWith("xes") || w.endsWith("ches") || w.endsWith("shes") || w.endsWith("zes")) {
            w = w.substring(0, w.length() - 2);
        } else if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            w = w.substring(0, w.length() - 1);
        }
        if (w.endsWith("ations") || w.endsWith("ation")) {
            w = w.substring(0, w.lastIndexOf("ation")) + "at";
        } else if (w.endsWith("ment") && w.length() > 6) {
            w = w.substring(0, w.length() - 4);
        } else if (w.endsWith("ing") && w.length() > 5) {
            w = undouble(w.substring(0, w.length() - 3));
        } else if (w.endsWith("ed") && w.length() > 4) {
            w = undouble(w.substring(0, w.length() - 2));
        } else if (w.endsWith("ly") && w.length() > 5) {
            w = w.substring(0, w.length() - 2);
        }
        if (w.endsWith("e") && w.length() > 3) {
            w = w.substring(0, w.length() - 1);
        }
        if (w.endsWith("y") && w.length() > 3) {
            w = w.substring(0, w.length() - 1) + "i";
        }
        return w;
    }

    private static String undouble(String w) {
        int n = w.length();
        if (n > 3 && w.charAt(n - 1) == w.charAt(n - 2) && "lsz".indexOf(w.charAt(n - 1)) < 0) {
            return w.substring(0, n - 1);
        }
        return w;
    }

    /** A word of a text and where it is. */
    record Word(String text, int start, int end) {
    }
}
