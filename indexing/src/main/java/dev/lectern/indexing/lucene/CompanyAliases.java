package dev.lectern.indexing.lucene;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The other names a filer goes by, read from a filing's cover page: its trading symbols ("AXP")
 * and the short forms people make of a name of several words, by initials ("GM" for General
 * Mills) or by the first syllables of its first two words ("Amex" for American Express). Questions
 * use them ("Does AMEX have ...") where the file name and opening text spell the name out.
 * Routing only uses a word that names few documents, so a short form shared by many costs nothing.
 */
final class CompanyAliases {
    /** How far into a document its cover page may run. */
    private static final int COVER_CHARS = 6000;
    private static final Pattern REGISTRANT = Pattern.compile("(?i)\\(\\s*exact name of (?:the )?registrant");
    private static final Pattern SYMBOL_HEADER = Pattern.compile("(?i)trading\\s+symbols?(?:\\(s\\))?");
    private static final Pattern SYMBOL = Pattern.compile("(?<![\\p{L}\\p{N}])[A-Z]{2,5}(?![\\p{L}\\p{N}])");
    /** Words of a legal name that no one abbreviates. */
    private static final Set<String> SUFFIXES = Set.of("the", "and", "&", "of", "inc", "co", "company", "corp", "corporation",
            "plc", "ltd", "limited", "llc", "lp", "nv", "sa", "ag", "se", "holdings", "group");
    /** Capitals of a cover page that are not symbols. */
    private static final Set<String> NOT_SYMBOLS = Set.of("NYSE", "LLC", "INC", "USD", "NONE", "THE", "AND", "PLC", "ACT", "CO",
            "LTD", "CORP", "USA", "US", "NA", "NO", "YES", "OR", "OF");

    private CompanyAliases() {
    }

    /** The aliases found in {@code text}'s cover page, lower-cased, space-separated; "" when it has none. */
    static String of(String text) {
        String cover = text.substring(0, Math.min(text.length(), COVER_CHARS));
        Set<String> out = new LinkedHashSet<>();
        Matcher r = REGISTRANT.matcher(cover);
        if (r.find()) {
            String before = cover.substring(0, r.start()).stripTrailing();
            int nl = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('|'));
            abbreviations(before.substring(nl + 1), out);
        }
        Matcher h = SYMBOL_HEADER.matcher(cover);
        if (h.find()) {
            // the rows under the header, up to the next section of the cover page
            String rows = cover.substring(h.end(), Math.min(cover.length(), h.end() + 600));
            int end = rows.toLowerCase(Locale.ROOT).indexOf("section 12(g)");
            if (end >= 0) {
                rows = rows.substring(0, end);
            }
            Matcher s = SYMBOL.matcher(rows);
            while (s.find()) {
                if (!NOT_SYMBOLS.contains(s.group())) {
                    out.add(s.group().toLowerCase(Locale.ROOT));
                }
            }
        }
        return String.join(" ", out);
    }

    /** Initials, and first syllables of the first two words, of a name of two words or more. */
    static void abbreviations(String name, Set<String> out) {
        List<String> words = new java.util.ArrayList<>();
        for (String w : name.split("[\\s,.]+")) {
            String bare = w.replaceAll("[^\\p{L}\\p{N}&]", "");
            if (!bare.isEmpty() && !SUFFIXES.contains(bare.toLowerCase(Locale.ROOT))) {
                words.add(bare.toLowerCase(Locale.ROOT));
            }
        }
        if (words.size() < 2 || words.size() > 5) {
            return;
        }
        StringBuilder initials = new StringBuilder();
        for (String w : words) {
            initials.append(w.charAt(0));
        }
        out.add(initials.toString());
        String a = words.get(0);
        String b = words.get(1);
        if (a.length() >= 2 && b.length() >= 2) {
            out.add(a.substring(0, 2) + b.substring(0, 2));
        }
    }
}
