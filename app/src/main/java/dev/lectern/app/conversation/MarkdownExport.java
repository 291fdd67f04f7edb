package dev.lectern.app.conversation;

import dev.lectern.app.answer.Answer;
import dev.lectern.app.answer.AnswerSentence;
import dev.lectern.app.answer.Citation;
import dev.lectern.indexing.Passage;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A conversation as Markdown: each question, its answer with {@code [n]} markers, sentences the
 * verifier could not back marked as such, and the cited passages quoted with file, page and offsets.
 */
public final class MarkdownExport {
    private MarkdownExport() {
    }

    public static String of(SavedConversation c) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(c.title().isBlank() ? "Conversation" : c.title()).append("\n\n");
        md.append("_Exported from Lectern; conversation started ").append(c.created()).append("._\n");
        int i = 0;
        for (SavedTurn t : c.turns()) {
            i++;
            md.append("\n## ").append(i).append(". ").append(t.question().strip()).append("\n\n");
            Answer a = t.answer();
            if (a.mode() == Answer.Mode.NOT_FOUND) {
                md.append("**Not found in your documents.**\n");
                a.notFoundReasonSentence().ifPresent(why -> md.append("\n").append(why).append("\n"));
                if (!a.closest().isEmpty()) {
                    md.append("\nClosest passages:\n\n");
                    for (Passage p : a.closest()) {
                        md.append("- ").append(file(p.docPath())).append(p.pageStart() > 0 ? " p. " + p.pageStart() : "")
                                .append(": ").append(quote(p.text())).append('\n');
                    }
                }
                continue;
            }
            if (a.mode() == Answer.Mode.EVIDENCE) {
                md.append("_Evidence mode: quoted from the documents, no model._\n\n");
            }
            for (AnswerSentence s : a.sentences()) {
                md.append(s.text().strip());
                for (int n : s.citations()) {
                    if (!s.text().contains("[" + n + "]")) {
                        md.append(" [").append(n).append(']');
                    }
                }
                if (!s.supported()) {
                    md.append(" _(not supported by the cited passages)_");
                }
                md.append(a.mode() == Answer.Mode.EVIDENCE ? "\n\n" : " ");
            }
            md.append("\n");
            for (String n : t.notices()) {
                md.append("\n> ").append(n).append('\n');
            }
            if (!a.citations().isEmpty()) {
                md.append("\nSources:\n\n");
                for (Citation ct : a.citations()) {
                    md.append(String.format(Locale.ROOT, "%d. %s%s (characters %d-%d): %s%n", ct.n(), file(ct.doc()),
                            ct.page() > 0 ? " " + ct.pagesLabel() : "", ct.start(), ct.end(), quote(ct.quote())));
                }
            }
        }
        return md.toString();
    }

    static String file(String path) {
        Path name = Path.of(path).getFileName();
        return name == null ? path : name.toString();
    }

    static String quote(String text) {
        String t = text.strip().replaceAll("\\s+", " ");
        return "\"" + (t.length() <= 300 ? t : t.substring(0, 297) + "...") + "\"";
    }
}
