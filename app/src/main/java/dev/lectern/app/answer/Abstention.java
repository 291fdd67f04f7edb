package dev.lectern.app.answer;

import dev.lectern.indexing.Passage;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Decides before any generation that the documents do not answer a question, so a model is never
 * handed unrelated passages to improvise from. It abstains when retrieval found nothing, or when
 * none of the question's content words occurs in the top passages (their text, headings or title)
 * and the best vector similarity is low too. When the question has no content words of its own
 * ("what about it?") it cannot judge, and does not abstain. Stateless and thread-safe.
 */
public final class Abstention {
    /**
     * Cosine below which a passage is unrelated for the default embedder (all-MiniLM-L6-v2, whose
     * unrelated pairs mostly score under 0.3); models with a higher baseline, such as bge-small,
     * need a higher value.
     */
    public static final double DEFAULT_MIN_SIMILARITY = 0.35;
    /** How many of the best passages are looked at. */
    public static final int DEFAULT_TOP = 5;

    /**
     * The decision, and why, for logs and for the "not found" message; {@code forReader} is what the
     * reader should be told (e.g. "none of your documents mentions CopAcc or ToP Mentors"), or null.
     */
    public record Decision(boolean abstain, String reason, String forReader) {
        public Decision {
            Objects.requireNonNull(reason, "reason");
        }

        public Decision(boolean abstain, String reason) {
            this(abstain, reason, null);
        }
    }

    /** Whether some document of the store mentions a name (see WorkspaceIndex#mentions). */
    @FunctionalInterface
    public interface Mentions {
        boolean mentioned(String name) throws java.io.IOException;

        /** Whether a word is an everyday word, which alone cannot show a longer name is there (WorkspaceIndex#everydayWord). */
        default boolean everyday(String word) {
            return false;
        }

        /** Nothing known about the store: the names check is off. */
        Mentions UNKNOWN = name -> true;
    }

    private final double minSimilarity;
    private final int top;
    private final Mentions mentions;

    public Abstention() {
        this(DEFAULT_MIN_SIMILARITY, DEFAULT_TOP);
    }

    /** The default checks, and the names check against {@code index}'s documents. */
    public static Abstention forIndex(dev.lectern.indexing.WorkspaceIndex index) {
        Objects.requireNonNull(index, "index");
        return new Abstention(DEFAULT_MIN_SIMILARITY, DEFAULT_TOP, new Mentions() {
            @Override
            public boolean mentioned(String name) throws java.io.IOException {
                return index.mentions(name);
            }

            @Override
            public boolean everyday(String word) {
                return index.everydayWord(word);
            }
        });
    }

    public Abstention(double minSimilarity, int top) {
        this(minSimilarity, top, Mentions.UNKNOWN);
    }

    public Abstention(double minSimilarity, int top, Mentions mentions) {
        this.mentions = Objects.requireNonNull(mentions, "mentions");
        if (!(minSimilarity >= -1 && minSimilarity <= 1)) {
            throw new IllegalArgumentException("minSimilarity is a cosine and must be in [-1, 1], got " + minSimilarity);
        }
        if (top < 1) {
            throw new IllegalArgumentException("top must be at least 1, got " + top + ": the number of passages to look at");
        }
        this.minSimilarity = minSimilarity;
        this.top = top;
    }

    /** Whether to answer NOT_FOUND for {@code question} given its retrieved passages, best first. */
    public Decision decide(String question, List<Passage> passages) {
        if (passages.isEmpty()) {
            return new Decision(true, "no passage matched the question");
        }
        Decision unnamed = namesMissing(question);
        if (unnamed != null) {
            return unnamed;
        }
        Set<String> terms = Terms.contentTerms(question);
        if (terms.isEmpty()) {
            return new Decision(false, "the question has no content words to check");
        }
        List<Passage> best = passages.subList(0, Math.min(top, passages.size()));
        for (Passage p : best) {
            Set<String> have = Terms.allTerms(p.text() + "\n" + String.join(" ", p.headingPath()) + "\n" + p.title());
            for (String t : terms) {
                if (have.contains(t)) {
                    return new Decision(false, "the passages contain \"" + t + "\"");
                }
            }
        }
        double bestCos = Double.NEGATIVE_INFINITY;
        for (Passage p : best) {
            if (p.why() != null && p.why().vectorRank() > 0 && !Double.isNaN(p.why().vectorScore())) {
                bestCos = Math.max(bestCos, p.why().vectorScore());
            }
        }
        if (bestCos >= minSimilarity) {
            return new Decision(false, String.format(Locale.ROOT,
                    "no question word occurs, but the best passage is similar in meaning (cos %.2f)", bestCos));
        }
        return new Decision(true, bestCos == Double.NEGATIVE_INFINITY
                ? "none of the question's words occurs in the best passages"
                : String.format(Locale.ROOT,
                        "none of the question's words occurs in the best passages and the closest is unrelated (cos %.2f)",
                        bestCos));
    }

    /**
     * Abstains when the question is about a name that is nowhere in the documents: asked about "the
     * NDA between CopAcc and ToP Mentors" in a workspace of annual reports, the passages that come
     * back are about something else, and a small model would answer from them anyway. Which names
     * count as there is {@link #presence}'s rule; words for a kind of thing ("University",
     * "Agreement") show nothing either way. The reader is told which names were not found.
     */
    public java.util.Optional<Decision> unnamed(String question) {
        return java.util.Optional.ofNullable(namesMissing(question));
    }

    private Decision namesMissing(String question) {
        List<String> missing = new java.util.ArrayList<>();
        List<String> names = QuestionNames.of(question);
        int judged = 0;
        boolean absent = false;
        try {
            for (String n : names) {
                List<String> words = QuestionNames.distinctiveWords(n);
                if (words.isEmpty()) {
                    continue;
                }
                judged++;
                Presence p = presence(words);
                if (p != Presence.THERE) {
                    missing.add(n);
                    absent |= p == Presence.ABSENT;
                }
            }
        } catch (java.io.IOException e) {
            return null; // cannot tell: the other checks decide
        }
        // a name none of whose words occurs anywhere decides alone; names whose words occur but
        // apart decide only all together: a question may name its document more fully than the
        // document names itself ("the NDA between Hochschule Furtwangen University and Thesis Participants")
        if (missing.isEmpty() || (!absent && missing.size() < judged)) {
            return null;
        }
        return new Decision(true, "the question names " + names + " and the documents do not mention " + missing,
                "none of your documents mentions " + dev.lectern.app.Counts.series(missing, "or"));
    }

    private enum Presence { THERE, APART, ABSENT }

    /**
     * A one-word name is there when the word is. A longer one when two of its words that stand side
     * by side in it meet in one passage ("Furtwangen University"), or when one of its words that is
     * not an everyday word is anywhere ("Furtwangen"); when its words occur only apart ("American"
     * in one privacy policy, "Express" in another), it is not shown to be there. ABSENT: none of its
     * words occurs at all.
     */
    private Presence presence(List<String> words) throws java.io.IOException {
        if (words.size() == 1) {
            return mentions.mentioned(words.get(0)) ? Presence.THERE : Presence.ABSENT;
        }
        for (int i = 0; i + 1 < words.size(); i++) {
            if (mentions.mentioned(words.get(i) + " " + words.get(i + 1))) {
                return Presence.THERE;
            }
        }
        boolean any = false;
        for (String w : words) {
            if (mentions.mentioned(w)) {
                if (!mentions.everyday(w)) {
                    return Presence.THERE;
                }
                any = true;
            }
        }
        return any ? Presence.APART : Presence.ABSENT;
    }
}
