package dev.lectern.indexing;

import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Questions often open with a clause that only says which document they are about ("Consider
 * Fiverr's privacy policy; who can see ...", "In the Kenway NDA, does ..."). Once that document is
 * found, the clause says nothing about which passage answers, and its words ("privacy policy") would
 * favour passages that merely repeat them.
 */
public final class QuestionClauses {
    private static final Pattern CLAUSE_END = Pattern.compile("[;:,]\\s");
    /** A clause that asks something: a question word or an auxiliary verb, then at least two more words. */
    private static final Pattern QUESTION_START = Pattern.compile(
            "(?i)(who|whom|whose|what|when|where|which|why|how|does|do|did|is|are|was|were|can|could|will|would|shall|should"
                    + "|may|might|must|has|have|had)\\b\\W*\\w+\\W+\\w+");

    private QuestionClauses() {
    }

    /** Whether {@code rest} is a question of its own: a question word or auxiliary verb, then two more words. */
    public static boolean asksOnItsOwn(String rest) {
        return QUESTION_START.matcher(rest.strip()).lookingAt();
    }

    /**
     * Where each clause of {@code question} ends that a question of its own follows ("Consider the
     * Kenway NDA; does it ..."): the offset of the separator and of what follows it, first to last.
     */
    public static java.util.List<int[]> clausesBeforeAQuestion(String question) {
        java.util.List<int[]> out = new java.util.ArrayList<>();
        Matcher sep = CLAUSE_END.matcher(question);
        while (sep.find()) {
            if (asksOnItsOwn(question.substring(sep.end()))) {
                out.add(new int[] {sep.start(), sep.end()});
            }
        }
        return out;
    }

    /**
     * {@code question} without its opening clause when that clause holds a word for which
     * {@code names} is true and what follows it is a question of its own; else {@code question}.
     */
    public static String withoutNamingClause(String question, Predicate<String> names) {
        for (int[] clause : clausesBeforeAQuestion(question)) {
            for (String word : question.substring(0, clause[0]).split("\\s+")) {
                if (!word.isBlank() && names.test(word)) {
                    return question.substring(clause[1]).strip();
                }
            }
        }
        return question;
    }
}
