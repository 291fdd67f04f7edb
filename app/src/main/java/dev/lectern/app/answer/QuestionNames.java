package dev.lectern.app.answer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names a question is about: quoted words ("Fiverr"), and runs of capitalised words that do not
 * merely open a sentence or clause ("CopAcc", "ToP Mentors", "3M", "Furtwangen University").
 * When the question opens with a clause that says which document it asks about ("Consider the NDA
 * between CopAcc and ToP Mentors; does ..."), only that clause's names count: they say which
 * document the question needs, the rest are terms of the question ("the Receiving Party"). Periods, amounts and short
 * acronyms ("FY2018", "Q2", "USD", "DPO") are not names: a filing writes them differently or not at
 * all. Stateless and thread-safe.
 */
public final class QuestionNames {
    private static final Pattern QUOTED = Pattern.compile("[\"\u201C\u201D]([^\"\u201C\u201D]{2,60})[\"\u201C\u201D]");
    /** A word, with inner joiners ("PP&E", "U.S", "Non-Disclosure", "3M's") but no trailing period. */
    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}]+(?:[&'\u2019.-][\\p{L}\\p{N}]+)*");
    private static final Pattern CLAUSE_BREAK = Pattern.compile("[;:?!]|\\.\\s|,\\s");
    /** How a clause that names the document a question is about opens ("Consider ...", "In ..."). */
    private static final Pattern NAMING_OPENER = Pattern.compile(
            "(?i)^(consider|in|for|regarding|about|according to|under|per)\\b");
    private static final Pattern PERIOD_OR_AMOUNT = Pattern.compile(
            "(?i:(fy|cy|q[1-4]|h[12]|[1-4]q)?'?\\d{2,4}[a-z]?|q[1-4]|h[12]|fy|ttm|ltm|ytd)|\\$\\d[\\d,.]*(?i:[a-z]{0,2})|\\d[\\d,.]*%?[a-z]{0,2}");
    private static final Set<String> NOT_NAMES = Set.of(
            "i", "a", "an", "the", "this", "that", "these", "those", "it", "its", "my", "our", "your", "we", "you", "he",
            "she", "they", "consider", "assume", "answer", "give", "based", "using", "please", "what", "which", "who",
            "how", "does", "do", "is", "are", "was", "were", "when", "where", "why", "can", "will", "if", "and", "or",
            "of", "in", "on", "for", "to", "by", "with", "as", "at", "from", "per", "no", "not", "yes", "also", "mr",
            "mrs", "ms", "dr", "inc", "ltd", "llc", "corp", "co", "plc", "company", "agreement", "document", "policy",
            "section", "article", "clause", "party", "parties");

    /**
     * Words that say what kind of thing a name is, not which one ("University", "Agreement",
     * "Holdings"): the documents may well use them for something else, so they cannot show that the
     * named thing is there.
     */
    private static final Set<String> KIND_WORDS = Set.of(
            "agreement", "agreements", "contract", "contracts", "nda", "ndas", "non", "disclosure", "nondisclosure",
            "confidentiality", "confidential", "mutual", "unilateral", "policy", "policies", "privacy", "notice", "terms",
            "conditions", "statement", "statements", "report", "reports", "annual", "quarterly", "form", "filing",
            "template", "model", "standard", "university", "college", "institute", "school", "company", "companies",
            "corporation", "incorporated", "limited", "group", "holdings", "holding", "international", "global",
            "services", "systems", "technologies", "bank", "trust", "association", "foundation", "department",
            "ministry", "government", "city", "state", "national", "app", "apps", "inc", "ltd", "llc", "plc", "corp", "co");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:['\u2019&][\\p{L}\\p{N}]+)*");

    private QuestionNames() {
    }

    /**
     * The words of {@code name} that can show the documents mention it: not words for a kind of thing
     * ("University", "Agreement"). Empty when the name is only such words.
     */
    public static List<String> distinctiveWords(String name) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(name);
        while (m.find()) {
            String w = m.group();
            String lower = w.toLowerCase(Locale.ROOT);
            if (!KIND_WORDS.contains(lower) && !NOT_NAMES.contains(lower) && !PERIOD_OR_AMOUNT.matcher(w).matches()) {
                out.add(w);
            }
        }
        return out;
    }

    /** Languages that capitalise common nouns. */
    private static final java.util.Set<String> CAPITALISED_NOUNS = java.util.Set.of("de");

    /** The names {@code question} is about, in order, each once; empty when it names nothing. */
    public static List<String> of(String question) {
        String q = question.strip();
        if (CAPITALISED_NOUNS.contains(dev.lectern.parsing.text.LanguageGuess.guessShort(q))) {
            // German writes every noun with a capital ("Welches Recht gilt für die Vereinbarung?"):
            // capitals there tell a name from a word no better than a coin would
            return List.of();
        }
        String clause = namingClause(q);
        if (clause != null) {
            // the clause's first word follows "Consider", it does not open a sentence ("Consider Kenway's
            // NDA"), and a short capitalised word there is a party's initials ("BT's NDA"), not a measure
            List<String> inClause = namesIn(clause, false, true);
            if (!inClause.isEmpty()) {
                return inClause;
            }
        }
        return namesIn(q, true, false); // "In 2019, what was 3M's ...": an opening clause without a name names nothing
    }

    /** The words after the opener of a clause that names the question's document, up to the question; null when none. */
    private static String namingClause(String q) {
        Matcher opener = NAMING_OPENER.matcher(q);
        if (!opener.lookingAt()) {
            return null;
        }
        for (int[] c : dev.lectern.indexing.QuestionClauses.clausesBeforeAQuestion(q)) {
            int length = c[0] - opener.end();
            if (length > 200) {
                return null;
            }
            if (length >= 3) {
                return q.substring(opener.end(), c[0]);
            }
        }
        return null;
    }

    private static List<String> namesIn(String scope, boolean opensSentence, boolean initials) {
        Set<String> out = new LinkedHashSet<>();
        Matcher quoted = QUOTED.matcher(scope);
        while (quoted.find()) {
            addName(out, quoted.group(1).strip(), initials);
        }
        String unquoted = QUOTED.matcher(scope).replaceAll(" , ");
        List<String> run = new ArrayList<>();
        boolean clauseStart = opensSentence;
        Matcher m = TOKEN.matcher(unquoted);
        int last = 0;
        while (m.find()) {
            String between = unquoted.substring(last, m.start());
            if (CLAUSE_BREAK.matcher(between).find()) {
                flush(out, run, initials);
                clauseStart = true;
            } else if (!between.isBlank()) {
                flush(out, run, initials); // "DIO + DSO": one name is words with only spaces between them
            }
            String word = m.group().replaceAll("(?i)['\u2019]s$", "").replaceAll("[.'\u2019-]+$", "");
            last = m.end();
            boolean first = clauseStart;
            clauseStart = false;
            boolean money = m.start() > 0 && "$\u00A3\u20AC".indexOf(unquoted.charAt(m.start() - 1)) >= 0;
            if (word.isEmpty() || money || !capitalised(word) || PERIOD_OR_AMOUNT.matcher(word).matches()
                    || (first && !distinctive(word))) {
                flush(out, run, initials);
                continue;
            }
            run.add(word);
        }
        flush(out, run, initials);
        return List.copyOf(out);
    }

    private static void flush(Set<String> out, List<String> run, boolean initials) {
        if (!run.isEmpty()) {
            addName(out, String.join(" ", run), initials);
            run.clear();
        }
    }

    private static void addName(Set<String> out, String name, boolean initials) {
        List<String> kept = new ArrayList<>();
        for (String w : name.split("\\s+")) {
            if (!NOT_NAMES.contains(w.toLowerCase(Locale.ROOT)) && !PERIOD_OR_AMOUNT.matcher(w).matches()
                    && (initials || !acronym(w))) {
                kept.add(w);
            }
        }
        if (!kept.isEmpty()) {
            out.add(String.join(" ", kept));
        }
    }

    /**
     * A short all-capitals term ("USD", "DPO", "PP&E", "SWA"): too often a measure a filing spells out
     * ("days payable outstanding") or a party a document names in full to count as a name.
     */
    private static boolean acronym(String w) {
        String letters = w.replaceAll("[^\\p{L}]", "");
        return letters.length() <= 4 && w.chars().noneMatch(Character::isDigit) && letters.equals(letters.toUpperCase(Locale.ROOT));
    }

    /** Starts with a capital or a digit and holds a letter: "Fiverr", "ToP", "3M", "AMCOR". */
    private static boolean capitalised(String w) {
        return (Character.isUpperCase(w.charAt(0)) || Character.isDigit(w.charAt(0))) && w.chars().anyMatch(Character::isLetter);
    }

    /** A word that is a name even where any word would be capitalised: "AMCOR", "CopAcc", "3M". */
    private static boolean distinctive(String w) {
        boolean upperAfterFirst = w.substring(1).chars().anyMatch(Character::isUpperCase);
        boolean digit = w.chars().anyMatch(Character::isDigit);
        return upperAfterFirst || digit;
    }
}
