package dev.lectern.app.json;

import dev.lectern.parsing.model.Chunk;
import dev.lectern.parsing.model.Document;
import dev.lectern.parsing.model.PageLayout;
import dev.lectern.parsing.model.PageSpan;
import dev.lectern.parsing.model.Section;
import dev.lectern.parsing.model.Table;
import dev.lectern.parsing.model.WordBox;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shape of a parsed document, as {@code lectern parse --json} prints it: plain maps and
 * lists in a fixed key order, so other tools can check every offset against {@code text}.
 */
public final class DocumentJson {
    private DocumentJson() {
    }

    public static Map<String, Object> of(Document d, List<Chunk> chunks, boolean boxes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("file", d.source().toString());
        m.put("mediaType", d.mediaType());
        m.put("title", d.title());
        m.put("language", d.language());
        Map<String, Object> md = new LinkedHashMap<>();
        md.put("author", d.metadata().author());
        md.put("created", d.metadata().created() == null ? null : d.metadata().created().toString());
        md.put("modified", d.metadata().modified() == null ? null : d.metadata().modified().toString());
        md.putAll(d.metadata().extra());
        m.put("metadata", md);
        m.put("ocr", d.ocr().name().toLowerCase(java.util.Locale.ROOT));
        m.put("warnings", d.warnings());
        m.put("paginated", d.paginated());
        m.put("text", d.text());
        List<Object> pages = new ArrayList<>();
        for (PageSpan p : d.pages()) {
            pages.add(ordered("number", p.number(), "start", p.start(), "end", p.end()));
        }
        m.put("pages", pages);
        List<Object> sections = new ArrayList<>();
        for (Section s : d.sections()) {
            Map<String, Object> x = ordered("heading", s.heading(), "level", s.level(), "headingPath", s.headingPath(),
                    "start", s.start(), "end", s.end());
            x.put("headingStart", s.headingStart());
            x.put("headingEnd", s.headingEnd());
            x.put("page", d.pageAt(s.headingStart()).number());
            sections.add(x);
        }
        m.put("sections", sections);
        List<Object> tables = new ArrayList<>();
        for (Table t : d.tables()) {
            Map<String, Object> x = ordered("caption", t.caption(), "start", t.start(), "end", t.end(), "rows", t.rows());
            x.put("columns", t.columns());
            x.put("page", d.pageAt(t.start()).number());
            x.put("markdown", t.markdown());
            tables.add(x);
        }
        m.put("tables", tables);
        List<Object> cs = new ArrayList<>();
        for (Chunk c : chunks) {
            Map<String, Object> x = ordered("id", c.id(), "text", c.text(), "start", c.start(), "end", c.end());
            x.put("pageStart", c.pageStart());
            x.put("pageEnd", c.pageEnd());
            x.put("headingPath", c.headingPath());
            x.put("tokens", c.tokens());
            cs.add(x);
        }
        m.put("chunks", cs);
        if (boxes) {
            List<Object> layouts = new ArrayList<>();
            for (PageLayout l : d.layouts()) {
                List<Object> words = new ArrayList<>();
                for (WordBox w : l.words()) {
                    words.add(List.of(w.start(), w.end(), round(w.x()), round(w.y()), round(w.width()), round(w.height())));
                }
                Map<String, Object> x = ordered("page", l.page(), "width", round(l.width()), "height", round(l.height()),
                        "ocr", l.ocr());
                x.put("words", words);
                layouts.add(x);
            }
            m.put("layouts", layouts);
        }
        return m;
    }

    private static double round(float f) {
        return Math.round(f * 100) / 100.0;
    }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
