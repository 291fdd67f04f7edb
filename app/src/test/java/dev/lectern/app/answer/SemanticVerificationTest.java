package dev.lectern.app.answer;

import dev.lectern.app.workspace.IngestListener;
import dev.lectern.app.workspace.Workspace;
import dev.lectern.app.workspace.Workspaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Meaning, not only words: with the workspace's embedding model a faithful paraphrase passes and a different claim does not. */
class SemanticVerificationTest {
    @TempDir
    Path dir;

    @Test
    void paraphraseOfTheCitedPassagePassesAndAnUnrelatedClaimDoesNot() throws Exception {
        Path f = Files.writeString(dir.resolve("nda.md"), AnswererTest.NDA);
        try (Workspace w = new Workspaces(dir.resolve("data")).open("w", Workspaces.Options.defaults())) {
            w.ingest(List.of(f), IngestListener.NONE, () -> false);
            String clause = "Either party may terminate this Agreement by giving thirty (30) days' prior written notice to the other party.";
            double paraphrase = w.index().similarity("Each side can end the agreement by notifying the other in writing thirty (30) days ahead.", clause).orElseThrow();
            double unrelated = w.index().similarity("Confidential information includes only documents marked as such.", clause).orElseThrow();
            assertThat(paraphrase).isGreaterThan(unrelated);

            Source src = new Source(1, "d", f.toString(), 0, 0, clause.length(), clause, 1);
            AnswerVerifier v = Answerer.verifierFor(w.index());
            CitationParser parser = new CitationParser();
            var ok = parser.parse("Each side can end the agreement by notifying the other in writing thirty (30) days ahead [1].", 1);
            var wrong = parser.parse("Confidential information includes only documents marked as such [1].", 1);
            assertThat(v.verify(ok.sentences(), List.of(src)).get(0).supported()).as("paraphrase, cos %.2f", paraphrase).isTrue();
            assertThat(v.verify(wrong.sentences(), List.of(src)).get(0).supported()).as("unrelated, cos %.2f", unrelated).isFalse();
            // the words alone would not have passed the paraphrase
            assertThat(new LexicalAnswerVerifier().verify(ok.sentences(), List.of(src)).get(0).supported()).isFalse();
        }
    }
}
