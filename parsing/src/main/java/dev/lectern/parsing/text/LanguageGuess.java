package dev.lectern.parsing.text;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Guesses a document's language from its commonest function words. Documents are long, so this
 * simple count is as reliable as a statistical detector for the languages it knows, and needs no
 * model. Returns an ISO 639-1 code, or "und" when it cannot tell.
 */
public final class LanguageGuess {
    private static final Map<String, Set<String>> STOPWORDS = Map.of(
            "en", Set.of("the", "and", "of", "to", "in", "is", "that", "for", "with", "as", "by", "this", "be", "are", "or", "which", "shall", "any"),
            "fr", Set.of("le", "la", "les", "et", "des", "du", "est", "une", "dans", "pour", "que", "qui", "sur", "pas", "par", "au", "aux", "ces"),
            "de", Set.of("der", "die", "das", "und", "ist", "nicht", "mit", "den", "von", "zu", "für", "auf", "dem", "eine", "ein", "sich", "des", "oder"),
            "es", Set.of("el", "los", "las", "y", "que", "del", "en", "por", "una", "con", "para", "es", "se", "lo", "como", "su", "al", "más"),
            "it", Set.of("il", "di", "che", "è", "per", "una", "della", "con", "non", "sono", "del", "gli", "nel", "alla", "delle", "dei", "ai", "anche"),
            "pt", Set.of("o", "os", "e", "que", "do", "da", "em", "um", "uma", "para", "com", "não", "dos", "das", "por", "se", "ao", "pelo"),
            "nl", Set.of("de", "het", "een", "en", "van", "is", "dat", "niet", "op", "te", "voor", "met", "zijn", "aan", "ook", "bij", "worden", "wordt"));
    private static final List<String> ORDER = List.of("en", "fr", "de", "es", "it", "pt", "nl");

    private LanguageGuess() {
    }

    public static String guess(CharSequence text) {
        return guess(text, 20);
    }

    /**
     * As {@link #guess(CharSequence)}, for short texts such as a question: {@code minWords} words
     * suffice, and two function words of one language more than of any other decide.
     */
    public static String guessShort(CharSequence text) {
        return guess(text, 3);
    }

    private static String guess(CharSequence text, int minWords) {
        Map<String, Integer> hits = new HashMap<>();
        int words = 0;
        int limit = Math.min(text.length(), 60_000);
        StringBuilder w = new StringBuilder();
        for (int i = 0; i <= limit; i++) {
            char c = i < limit ? text.charAt(i) : ' ';
            if (Character.isLetter(c)) {
                w.append(Character.toLowerCase(c));
                continue;
            }
            if (w.length() > 0) {
                words++;
                String word = w.toString();
                for (String lang : ORDER) {
                    if (STOPWORDS.get(lang).contains(word)) {
                        hits.merge(lang, 1, Integer::sum);
                    }
                }
                w.setLength(0);
            }
        }
        String best = "und";
        int bestHits = 0;
        int second = 0;
        for (String lang : ORDER) {
            int h = hits.getOrDefault(lang, 0);
            if (h > bestHits) {
                second = bestHits;
                best = lang;
                bestHits = h;
            } else if (h > second) {
                second = h;
            }
        }
        if (minWords < 20) {
            return words >= minWords && bestHits >= 2 && bestHits > second ? best : "und";
        }
        // too few function words to be sure (tables of numbers, short fragments)
        return words >= minWords && bestHits * 20 >= words ? best : "und";
    }

    /** A display name for a language code, in English. */
    public static String displayName(String code) {
        return "und".equals(code) ? "undetermined" : Locale.forLanguageTag(code).getDisplayLanguage(Locale.ENGLISH);
    }
}
