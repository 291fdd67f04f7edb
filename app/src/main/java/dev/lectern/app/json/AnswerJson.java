package dev.lectern.app.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lectern.app.answer.Answer;
import dev.lectern.app.answer.AnswerSentence;
import dev.lectern.app.answer.Citation;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shape of an answer, as {@code lectern ask --json} prints it: {@code answer}, {@code mode}
 * ({@code generated}, {@code evidence} or {@code not_found}), {@code sentences} (text, the citation
 * numbers, supported) and {@code citations} (n, doc, page, last_page, start, end, quote), in that key
 * order; {@code page} and {@code last_page} are null for a document without pages. A
 * {@code not_found} answer adds {@code closest}: the passages that came closest (doc, page,
 * last_page, start, end, quote).
 * Citation offsets are ranges of the text {@code lectern parse --json} prints, so any tool can check
 * a quote against its document.
 */
public final class AnswerJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AnswerJson() {
    }

    public static Map<String, Object> of(Answer a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("answer", a.text());
        m.put("mode", a.mode().jsonName());
        List<Object> sentences = new ArrayList<>();
        for (AnswerSentence s : a.sentences()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("text", s.text());
            x.put("citations", s.citations());
            x.put("supported", s.supported());
            sentences.add(x);
        }
        m.put("sentences", sentences);
        List<Object> citations = new ArrayList<>();
        for (Citation c : a.citations()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("n", c.n());
            x.put("doc", c.doc());
            x.put("page", c.pageOrNull());
            x.put("last_page", c.lastPageOrNull());
            x.put("start", c.start());
            x.put("end", c.end());
            x.put("quote", c.quote());
            citations.add(x);
        }
        m.put("citations", citations);
        if (a.mode() == Answer.Mode.NOT_FOUND) {
            // what came closest, so a reader can check for themselves that the answer is not there
            List<Object> closest = new ArrayList<>();
            for (dev.lectern.indexing.Passage p : a.closest()) {
                if (p.text().length() != p.end() - p.start()) {
                    continue; // not an exact range of the document's text: nothing a tool could check
                }
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("doc", p.docPath());
                x.put("page", p.pageStart() > 0 ? p.pageStart() : null);
                x.put("last_page", p.pageStart() > 0 ? Math.max(p.pageStart(), p.pageEnd()) : null);
                x.put("start", p.start());
                x.put("end", p.end());
                x.put("quote", p.text());
                closest.add(x);
            }
            m.put("closest", closest);
        }
        return m;
    }

    /** The answer as indented JSON text. */
    public static String write(Answer a) {
        return write(of(a));
    }

    /**
     * An answer with what the reader should know about it ({@code notices}: a fallback taken, a word
     * no document uses, a file changed since it was indexed), as indented JSON text.
     */
    public static String write(dev.lectern.app.answer.AnswerOutcome o) {
        Map<String, Object> m = of(o.answer());
        m.put("notices", o.notices());
        return write(m);
    }

    private static String write(Map<String, Object> m) {
        try {
            return MAPPER.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("an answer of plain maps and lists could not be written as JSON", e);
        }
    }
}
