package dev.lectern.app.answer;

import dev.lectern.indexing.HitExplanation;
import dev.lectern.indexing.Passage;
import java.util.List;

/** Passages cut from a document text the way the index returns them. */
final class TestPassages {
    private TestPassages() {
    }

    static Passage of(String docText, int start, int end, int page, String docPath) {
        return new Passage("c-" + docPath + "-" + start, "id-" + docPath, docPath, docPath, docText.substring(start, end),
                start, end, start, end, page, page, List.of(), new HitExplanation(1, 5.0, 1, 0.6, 0, 0.03));
    }

    /** The passage holding all of {@code docText}. */
    static Passage whole(String docText, String docPath) {
        return of(docText, 0, docText.length(), 1, docPath);
    }

    static Passage withVector(String text, String docPath, int vectorRank, double cos, List<String> headings) {
        return new Passage("c-" + docPath, "id-" + docPath, docPath, "", text, 0, text.length(), 0, text.length(), 1, 1,
                headings, new HitExplanation(1, 3.0, vectorRank, vectorRank > 0 ? cos : Double.NaN, 0, 0.02));
    }
}
