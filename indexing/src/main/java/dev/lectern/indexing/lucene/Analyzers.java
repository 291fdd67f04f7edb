package dev.lectern.indexing.lucene;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.custom.CustomAnalyzer;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.it.ItalianAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.nl.DutchAnalyzer;
import org.apache.lucene.analysis.pt.PortugueseAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The analyzers of the index: one body field per language, each with that language's stemming and
 * stop words, and a routing analyzer for document names that splits "FY2018" and "3M's" apart.
 */
final class Analyzers {
    static final String BODY = "body_";
    static final Map<String, Analyzer> BY_LANGUAGE = Map.of(
            "en", new EnglishAnalyzer(), "fr", new FrenchAnalyzer(), "de", new GermanAnalyzer(),
            "es", new SpanishAnalyzer(), "it", new ItalianAnalyzer(), "pt", new PortugueseAnalyzer(),
            "nl", new DutchAnalyzer());
    private static final Analyzer DEFAULT = new StandardAnalyzer();
    static final Analyzer ROUTE = route(true);
    static final Analyzer ROUTE_QUERY = route(false);

    private Analyzers() {
    }

    /** The field a document's chunk text is indexed in, by the document's language. */
    static String bodyField(String language) {
        return BODY + (BY_LANGUAGE.containsKey(language) ? language : "xx");
    }

    static List<String> bodyFields() {
        List<String> out = new ArrayList<>();
        for (String l : BY_LANGUAGE.keySet()) {
            out.add(BODY + l);
        }
        out.add(BODY + "xx");
        return out;
    }

    static Analyzer forLanguageField(String field) {
        String lang = field.substring(BODY.length());
        return BY_LANGUAGE.getOrDefault(lang, DEFAULT);
    }

    /** Everything the index writer needs: body fields by language, the routing field, the rest standard. */
    static Analyzer indexing() {
        java.util.HashMap<String, Analyzer> per = new java.util.HashMap<>();
        for (String f : bodyFields()) {
            per.put(f, forLanguageField(f));
        }
        per.put(Fields.ROUTE, ROUTE);
        per.put(Fields.ROUTE_NAME, ROUTE);
        return new PerFieldAnalyzerWrapper(DEFAULT, per);
    }

    private static Analyzer route(boolean index) {
        try {
            CustomAnalyzer.Builder b = CustomAnalyzer.builder()
                    .withTokenizer("standard")
                    .addTokenFilter("wordDelimiterGraph", "generateWordParts", "1", "generateNumberParts", "1",
                            "splitOnNumerics", "1", "splitOnCaseChange", "1", "preserveOriginal", "1",
                            "stemEnglishPossessive", "1");
            if (index) {
                b.addTokenFilter("flattenGraph");
            }
            return b.addTokenFilter("lowercase").addTokenFilter("stop").build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The distinct terms {@code analyzer} makes of {@code text} for {@code field}, in order. */
    static List<String> terms(Analyzer analyzer, String field, String text) {
        Set<String> out = new LinkedHashSet<>();
        try (TokenStream ts = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ArrayList<>(out);
    }
}
