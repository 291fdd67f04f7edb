package dev.lectern.indexing.lucene;

import dev.lectern.indexing.HitExplanation;
import dev.lectern.indexing.IndexedDocument;
import dev.lectern.indexing.Passage;
import dev.lectern.indexing.SearchMode;
import dev.lectern.indexing.SearchRequest;
import dev.lectern.indexing.embed.Embedder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.BytesRef;

/**
 * One hybrid search over one searcher: route the query to the documents it names, gather BM25 and
 * vector candidates (store-wide, and within the named documents), fuse them by weighted reciprocal
 * rank, favour the named documents, and load the winners. Fresh per query.
 */
final class HybridSearch {
    private final IndexSearcher searcher;
    private final Map<String, IndexedDocument> docs;
    private final Embedder embedder;
    private final RetrievalTuning t;

    /** A candidate's evidence, gathered across lists. */
    private static final class Cand {
        final String chunkId;
        int luceneDoc = -1;
        String docId;
        int bm25Rank;
        double bm25Score = Double.NaN;
        int vecRank;
        double vecScore = Double.NaN;
        double fused;

        Cand(String chunkId) {
            this.chunkId = chunkId;
        }
    }

    HybridSearch(IndexSearcher searcher, Map<String, IndexedDocument> docs, Embedder embedder, RetrievalTuning tuning) {
        this.searcher = searcher;
        this.docs = docs;
        this.embedder = embedder;
        this.t = tuning;
    }

    List<Passage> run(SearchRequest r) throws IOException {
        Map<String, Double> route = r.routing() ? route(r.query()) : Map.of();
        Query text = textQuery(r.query());
        boolean vectors = r.mode() != SearchMode.BM25 && embedder != null && hasVectors();
        boolean keywords = r.mode() != SearchMode.VECTOR || !vectors;
        int depth = Math.max(t.depth(), r.k());
        Map<String, Cand> cands = new LinkedHashMap<>();
        float[] qv = vectors ? embedder.embedQuery(r.query()) : null;
        Query routed = route.isEmpty() ? null : docFilter(route.keySet());
        if (keywords && text != null) {
            fuseBm25(search(chunks(text, null), depth), cands, t.bm25Weight());
            if (routed != null) {
                fuseBm25(search(chunks(text, routed), depth), cands, t.bm25Weight());
            }
        }
        if (vectors) {
            fuseVectors(search(new KnnFloatVectorQuery(Fields.VECTOR, qv, depth), depth), cands, t.vectorWeight());
            if (routed != null) {
                fuseVectors(search(new KnnFloatVectorQuery(Fields.VECTOR, qv, depth, routed), depth), cands, t.vectorWeight());
            }
        }
        List<Cand> ranked = new ArrayList<>(cands.values());
        for (Cand c : ranked) {
            if (c.docId == null) {
                c.docId = chunkDoc(c);
            }
            c.fused *= 1 + t.routeBoost() * route.getOrDefault(c.docId, 0.0);
        }
        ranked.sort((a, b) -> Double.compare(b.fused, a.fused));
        List<Passage> out = new ArrayList<>();
        for (Cand c : ranked.subList(0, Math.min(r.k(), ranked.size()))) {
            out.add(load(c, route.getOrDefault(c.docId, 0.0)));
        }
        return out;
    }

    private boolean hasVectors() {
        for (IndexedDocument d : docs.values()) {
            if (d.stage() == IndexedDocument.Stage.READY) {
                return true;
            }
        }
        return false;
    }

    // ---- candidate lists -----------------------------------------------------------------------

    private TopDocs search(Query q, int n) throws IOException {
        return searcher.search(q, n);
    }

    private void fuseBm25(TopDocs td, Map<String, Cand> cands, double weight) throws IOException {
        int rank = 0;
        for (ScoreDoc sd : td.scoreDocs) {
            rank++;
            org.apache.lucene.document.Document d = searcher.storedFields().document(sd.doc,
                    Set.of(Fields.ID, Fields.DOC));
            Cand c = cands.computeIfAbsent(d.get(Fields.ID), Cand::new);
            c.luceneDoc = sd.doc;
            c.docId = d.get(Fields.DOC);
            if (c.bm25Rank == 0 || rank < c.bm25Rank) {
                c.bm25Rank = rank;
                c.bm25Score = sd.score;
            }
            c.fused += weight / (t.rrfK() + rank);
        }
    }

    private void fuseVectors(TopDocs td, Map<String, Cand> cands, double weight) throws IOException {
        int rank = 0;
        for (ScoreDoc sd : td.scoreDocs) {
            rank++;
            org.apache.lucene.document.Document d = searcher.storedFields().document(sd.doc, Set.of(Fields.ID, Fields.DOC));
            Cand c = cands.computeIfAbsent(d.get(Fields.ID), Cand::new);
            c.docId = d.get(Fields.DOC);
            if (c.vecRank == 0 || rank < c.vecRank) {
                c.vecRank = rank;
                // Lucene maps a dot product p to (1 + p) / 2: undo it to report the cosine
                c.vecScore = 2 * sd.score - 1;
            }
            c.fused += weight / (t.rrfK() + rank);
        }
    }

    private static Query chunks(Query text, Query filter) {
        BooleanQuery.Builder b = new BooleanQuery.Builder()
                .add(text, Occur.MUST)
                .add(new TermQuery(new Term(Fields.TYPE, Fields.TYPE_CHUNK)), Occur.FILTER);
        if (filter != null) {
            b.add(filter, Occur.FILTER);
        }
        return b.build();
    }

    private static Query docFilter(Set<String> docIds) {
        List<BytesRef> terms = new ArrayList<>();
        for (String id : docIds) {
            terms.add(new BytesRef(id));
        }
        return new TermInSetQuery(Fields.DOC, terms);
    }

    /** The query's terms, analyzed for every language the store holds, any of them matching. */
    private Query textQuery(String query) {
        Set<String> fields = new LinkedHashSet<>();
        for (IndexedDocument d : docs.values()) {
            fields.add(Analyzers.bodyField(d.language()));
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        int clauses = 0;
        for (String f : fields) {
            for (String term : Analyzers.terms(Analyzers.forLanguageField(f), f, query)) {
                if (clauses < 1000) {
                    b.add(new TermQuery(new Term(f, term)), Occur.SHOULD);
                    clauses++;
                }
            }
        }
        return clauses == 0 ? null : b.build();
    }

    // ---- routing -------------------------------------------------------------------------------

    /**
     * Documents the query names, with a weight in (0, 1]: BM25 of the query against each
     * document's name, title and opening text. Empty unless the top document stands clearly above
     * the rest (a question about "termination rights" in general names no document).
     */
    Map<String, Double> route(String query) throws IOException {
        if (docs.size() < 2) {
            return Map.of();
        }
        List<String> terms = Analyzers.terms(Analyzers.ROUTE_QUERY, Fields.ROUTE, query);
        if (terms.isEmpty()) {
            return Map.of();
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (String term : terms) {
            b.add(new TermQuery(new Term(Fields.ROUTE, term)), Occur.SHOULD);
        }
        Query q = new BooleanQuery.Builder().add(b.build(), Occur.MUST)
                .add(new TermQuery(new Term(Fields.TYPE, Fields.TYPE_DOC)), Occur.FILTER).build();
        TopDocs td = searcher.search(q, 50);
        if (td.scoreDocs.length == 0) {
            return Map.of();
        }
        double top = td.scoreDocs[0].score;
        int refIndex = Math.min(4, docs.size() - 1);
        double ref = refIndex < td.scoreDocs.length ? td.scoreDocs[refIndex].score : 0;
        if (ref > 0 && top < t.routeConfidence() * ref) {
            return Map.of();
        }
        Map<String, Double> out = new HashMap<>();
        for (ScoreDoc sd : td.scoreDocs) {
            if (sd.score >= t.routeShare() * top) {
                out.put(searcher.storedFields().document(sd.doc, Set.of(Fields.ID)).get(Fields.ID), sd.score / top);
            }
        }
        return out;
    }

    // ---- loading -------------------------------------------------------------------------------

    private int luceneDoc(Cand c) throws IOException {
        if (c.luceneDoc < 0) {
            Query q = new BooleanQuery.Builder()
                    .add(new TermQuery(new Term(Fields.TYPE, Fields.TYPE_CHUNK)), Occur.FILTER)
                    .add(new TermQuery(new Term(Fields.ID, c.chunkId)), Occur.FILTER).build();
            TopDocs td = searcher.search(q, 1);
            if (td.scoreDocs.length == 0) {
                throw new IOException("index is inconsistent: vector of chunk " + c.chunkId + " has no chunk");
            }
            c.luceneDoc = td.scoreDocs[0].doc;
        }
        return c.luceneDoc;
    }

    private String chunkDoc(Cand c) throws IOException {
        return searcher.storedFields().document(luceneDoc(c), Set.of(Fields.DOC)).get(Fields.DOC);
    }

    private Passage load(Cand c, double routing) throws IOException {
        org.apache.lucene.document.Document d = searcher.storedFields().document(luceneDoc(c));
        IndexedDocument doc = docs.get(c.docId);
        String headings = d.get(Fields.HEADINGS);
        List<String> path = headings == null || headings.isEmpty() ? List.of() : Arrays.asList(headings.split("\u001F"));
        return new Passage(c.chunkId, c.docId, doc == null ? "" : doc.path(), doc == null ? "" : doc.title(),
                d.get(Fields.TEXT), num(d, Fields.START), num(d, Fields.END), num(d, Fields.SOURCE_START),
                num(d, Fields.SOURCE_END), num(d, Fields.PAGE_START), num(d, Fields.PAGE_END), path,
                new HitExplanation(c.bm25Rank, c.bm25Score, c.vecRank, c.vecScore, routing, c.fused));
    }

    private static int num(org.apache.lucene.document.Document d, String f) {
        return d.getField(f).numericValue().intValue();
    }
}
