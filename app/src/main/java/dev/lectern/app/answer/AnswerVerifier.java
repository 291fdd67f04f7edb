package dev.lectern.app.answer;

import dev.lectern.app.answer.CitationParser.ParsedSentence;
import java.util.List;

/**
 * Decides, sentence by sentence, whether an answer is backed by the sources it cites. One verdict
 * per sentence, in order. {@link LexicalAnswerVerifier} checks words and numbers; a model-based
 * checker can take its place.
 */
@FunctionalInterface
public interface AnswerVerifier {
    List<Verdict> verify(List<ParsedSentence> sentences, List<Source> sources);

    /** Whether a sentence is supported, and if not, what was missing: shown as "why unsupported". */
    record Verdict(boolean supported, List<String> problems) {
        public Verdict {
            problems = List.copyOf(problems);
        }

        public static Verdict ok() {
            return new Verdict(true, List.of());
        }
    }
}
