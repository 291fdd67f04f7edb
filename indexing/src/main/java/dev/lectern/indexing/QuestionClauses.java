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

    /**
     * {@code question} without its opening clause when that clause holds a word for which
     * {@code names} is true and what follows it is a question of its own; else {@code question}.
     */
    public static String withoutNamingClause(String question, Predicate<String> names) {
        Matcher sep = CLAUSE_END.matcher(question);
        while (sep.find()) {
            String rest = question.substring(sep.end()).strip();
            if (QUESTION_START.matcher(rest).lookingAt()) {
                for (String word : question.substring(0, sep.start()).split("\\s+")) {
                    if (!word.isBlank() && names.test(word)) {
                        return rest;
                    }
                }
            }
        }
        return question;
    }
}
