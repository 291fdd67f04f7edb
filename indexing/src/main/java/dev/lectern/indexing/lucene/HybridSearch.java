package dev.lectern.indexing.lucene;

import dev.lectern.indexing.HitExplanation;
import dev.lectern.indexing.IndexedDocument;
import dev.lectern.indexing.Passage;
import dev.lectern.indexing.SearchMode;
import dev.lectern.indexing.SearchRequest;
import dev.lectern.indexing.embed.Embedder;
import java.io.IOException;
import java.util.ArrayList;
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
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HybridSearch.class);
    private final IndexSearcher searcher;
    private final Map<String, IndexedDocument> docs;
    private final Embedder embedder;
    private final RetrievalTuning t;
    private final java.util.concurrent.ExecutorService pool;
    /** Query words that named the routed documents (set by {@link #route}). */
    private final Set<String> namingTerms = new java.util.HashSet<>();

    /** A candidate's evidence, gathered across lists. */
    private static final class Cand {
        final String chunkId;
        int luceneDoc = -1;
        String docId;
        int bm25Rank;
        double bm25Score = Double.NaN;
        int vecRank;
        double vecScore = Double.NaN;
        int statementRank;
        double fused;

        Cand(String chunkId) {
            this.chunkId = chunkId;
        }
    }

    /** {@code pool} runs the candidate lists side by side. */
    HybridSearch(IndexSearcher searcher, Map<String, IndexedDocument> docs, Embedder embedder, RetrievalTuning tuning,
                 java.util.concurrent.ExecutorService pool) {
        this.pool = java.util.Objects.requireNonNull(pool, "pool");
        this.searcher = searcher;
        this.docs = docs;
        this.embedder = embedder;
        this.t = tuning;
    }

    List<Passage> run(SearchRequest r) throws IOException {
        Map<String, Double> route = r.routing() ? route(r.query()) : Map.of();
        // once the query has named its document, the naming words ("Consider Kenway's NDA") say
        // nothing about which passage answers it: rank passages by the rest of the question
        String content = route.isEmpty() ? r.query() : withoutNames(r.query());
        // query understanding (routing, statement hints) is one switch, so baselines can be plain
        boolean hints = r.routing() && t.statementHints();
        List<String> statementKinds = hints ? FinancialStatements.kinds(content) : List.of();
        String expansion = FinancialStatements.expansion(statementKinds);
        // the words that make a sentence a question ("how", "do you", "my") are in every passage of
        // a policy addressed to its reader; they weigh passages, not which one answers
        String asked = QUESTION_WORDS_ON ? withoutQuestionWords(content) : content;
        Query text = textQuery(asked + expansion);
        // a statement's line items are found by their exact wording, which only the keyword list sees
        double bm25Weight = t.bm25Weight() * (expansion.isEmpty() ? 1.0 : t.statementKeywordWeight());
        boolean vectors = r.mode() != SearchMode.BM25 && embedder != null && hasVectors();
        boolean keywords = r.mode() != SearchMode.VECTOR || !vectors;
        int depth = Math.max(t.depth(), r.k());
        Map<String, Cand> cands = new LinkedHashMap<>();
        Query routed = route.isEmpty() ? null : docFilter(route.keySet());
        // the candidate lists are independent searches: they run side by side, and are fused in a
        // fixed order so that ties break the same way whatever finishes first
        List<java.util.concurrent.Future<TopDocs>> bm25 = new ArrayList<>();
        List<java.util.concurrent.Future<TopDocs>> statements = new ArrayList<>();
        if (keywords && text != null) {
            bm25.add(submit(() -> search(chunks(text, null), depth)));
            if (routed != null) {
                bm25.add(submit(() -> search(chunks(text, routed), depth)));
            }
            if (t.statementListWeight() > 0) {
                // the statement a figure is printed in, found by its title rather than by its words:
                // a statement page is a table of numbers that shares few words with the question
                for (String kind : statementKinds) {
                    BooleanQuery.Builder sq = new BooleanQuery.Builder()
                            .add(new TermQuery(new Term(Fields.TYPE, Fields.TYPE_CHUNK)), Occur.FILTER)
                            .add(new TermQuery(new Term(Fields.STATEMENT, kind)), Occur.FILTER)
                            .add(text, Occur.SHOULD);
                    if (routed != null) {
                        sq.add(routed, Occur.FILTER);
                    }
                    Query q = sq.build();
                    statements.add(submit(() -> search(q, depth)));
                }
            }
        }
        java.util.concurrent.Future<VectorLists> vectorLists = vectors ? submit(() -> {
            float[] v = embedder.embedQuery(content);
            TopDocs wide = search(new KnnFloatVectorQuery(Fields.VECTOR, v, depth), depth);
            TopDocs named = routed == null ? null : search(new KnnFloatVectorQuery(Fields.VECTOR, v, depth, routed), depth);
            return new VectorLists(v, wide, named);
        }) : null;
        for (java.util.concurrent.Future<TopDocs> f : bm25) {
            fuseBm25(get(f), cands, bm25Weight);
        }
        for (java.util.concurrent.Future<TopDocs> f : statements) {
            fuseBm25(get(f), cands, t.statementListWeight(), false);
        }
        float[] qv = null;
        if (vectorLists != null) {
            VectorLists v = get(vectorLists);
            qv = v.query();
            fuseVectors(v.wide(), cands, t.vectorWeight());
            if (v.named() != null) {
                fuseVectors(v.named(), cands, t.vectorWeight());
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
        if (t.pageCrowding() < 1) {
            crowd(ranked, r.k());
        }
        List<Passage> top = new ArrayList<>();
        for (Cand c : ranked.subList(0, Math.min(r.k(), ranked.size()))) {
            top.add(load(c, route.getOrDefault(c.docId, 0.0)));
        }
        return r.routing() && t.focusDepth() > 0 ? focus(top, asked, qv, r.k()) : top;
    }

    /**
     * A page of a paginated document is cited as a page, so a second passage from a page already
     * listed adds little that the first did not: each further passage of the same page keeps
     * pageCrowding times the score of the one before it, making room for other pages. Only the
     * head of the list is looked at, which is all that can move into the first {@code k}.
     */
    private void crowd(List<Cand> ranked, int k) throws IOException {
        int window = Math.min(ranked.size(), 2 * k + 10);
        Map<String, Integer> seen = new HashMap<>();
        boolean changed = false;
        for (Cand c : ranked.subList(0, window)) {
            IndexedDocument d = docs.get(c.docId);
            if (d == null || !d.paginated()) {
                continue;
            }
            org.apache.lucene.document.Document f = stored().document(luceneDoc(c),
                    Set.of(Fields.PAGE_START, Fields.PAGE_END));
            String page = c.docId + '#' + num(f, Fields.PAGE_START) + '-' + num(f, Fields.PAGE_END);
            int before = seen.merge(page, 1, Integer::sum) - 1;
            if (before > 0) {
                c.fused *= Math.pow(t.pageCrowding(), before);
                changed = true;
            }
        }
        if (changed) {
            ranked.subList(0, window).sort((a, b) -> Double.compare(b.fused, a.fused));
        }
    }

    private org.apache.lucene.index.StoredFields stored;

    /**
     * One stored-fields reader for the whole search (on the calling thread only): each new reader
     * starts with no block decompressed, and neighbouring hits often share a block.
     */
    private org.apache.lucene.index.StoredFields stored() throws IOException {
        if (stored == null) {
            stored = searcher.storedFields();
        }
        return stored;
    }

    /** The chunk id and document id of each hit, read in index order (blocks decompressed once). */
    private Map<Integer, String[]> ids(TopDocs td) throws IOException {
        int[] order = new int[td.scoreDocs.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = td.scoreDocs[i].doc;
        }
        java.util.Arrays.sort(order);
        Map<Integer, String[]> out = new HashMap<>();
        for (int doc : order) {
            org.apache.lucene.document.Document d = stored().document(doc, ID_AND_DOC);
            out.put(doc, new String[] {d.get(Fields.ID), d.get(Fields.DOC)});
        }
        return out;
    }

    private static final Set<String> ID_AND_DOC = Set.of(Fields.ID, Fields.DOC);

    /** The query's vector and its two vector lists (store-wide, within the named documents or null). */
    private record VectorLists(float[] query, TopDocs wide, TopDocs named) {
    }

    private <T> java.util.concurrent.Future<T> submit(java.util.concurrent.Callable<T> task) {
        return pool.submit(task);
    }

    private static <T> T get(java.util.concurrent.Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("search interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException("search failed: " + c, c);
        }
    }

    // ---- focus ---------------------------------------------------------------------------------

    /** Query term weights (IDF over chunks) per body field, computed once per search. */
    private final Map<String, Map<String, Double>> termWeights = new HashMap<>();

    private Map<String, Double> weights(String field, String query) throws IOException {
        Map<String, Double> w = termWeights.get(field);
        if (w == null) {
            w = new LinkedHashMap<>();
            org.apache.lucene.index.IndexReader reader = searcher.getIndexReader();
            long n = Math.max(1, reader.getDocCount(field));
            for (String term : Analyzers.terms(Analyzers.forLanguageField(field), field, query)) {
                int df = reader.docFreq(new Term(field, term));
                w.put(term, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
            }
            termWeights.put(field, w);
        }
        return w;
    }

    /** One of the first passages, looked at sentence by sentence. */
    private record Focused(Passage passage, Focus.Window window, double before, double after, double key) {
    }

    /**
     * The first {@code focusDepth} passages narrowed to the sentences that answer the query (see
     * {@link Focus}) and put in the order of their best sentence (the chunk's own score breaking
     * near ties), each taking the score of the slot it moves to; what comes before and after a
     * focus in its chunk stays in the list as passages of their own, each with the chunk's score
     * times its share of the chunk's sentence scores.
     */
    private List<Passage> focus(List<Passage> top, String query, float[] qv, int k) throws IOException {
        int n = Math.min(t.focusDepth(), top.size());
        if (n == 0) {
            return top;
        }
        double topScore = top.get(0).score();
        // tables (rows of figures) are not read sentence by sentence, and paginated documents are
        // cited by page, which the whole chunk already gives: those keep their place, whole
        List<Focused> prose = new ArrayList<>();
        for (Passage p : top.subList(0, n)) {
            if (focusable(p)) {
                prose.add(look(p, query, qv, topScore));
            }
        }
        prose.sort((a, b) -> Double.compare(b.key(), a.key()));
        List<Passage> out = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < n; i++) {
            if (!focusable(top.get(i))) {
                out.add(top.get(i));
                continue;
            }
            Focused f = prose.get(next++);
            Passage p = f.passage();
            Focus.Window w = f.window();
            out.add(piece(p, w.start(), w.end(), top.get(i).score()));
            double total = f.before() + w.inside() + f.after();
            if (!p.text().substring(0, w.start()).isBlank()) {
                out.add(piece(p, 0, w.start(), p.score() * restShare(f.before(), total)));
            }
            if (!p.text().substring(w.end()).isBlank()) {
                out.add(piece(p, w.end(), p.text().length(), p.score() * restShare(f.after(), total)));
            }
        }
        out.addAll(top.subList(n, top.size()));
        out.sort((a, b) -> Double.compare(b.score(), a.score()));
        return out.size() > k ? new ArrayList<>(out.subList(0, k)) : out;
    }

    /** A focused chunk's remainder keeps at least focusRestFloor of its score, more by its share of the sentence scores. */
    private double restShare(double part, double total) {
        double share = total == 0 ? 0 : part / total;
        return t.focusRestFloor() + (1 - t.focusRestFloor()) * share;
    }

    private boolean focusable(Passage p) {
        IndexedDocument d = docs.get(p.docId());
        return (d == null || !d.paginated()) && !Sentences.tabular(p.text());
    }

    private Focused look(Passage p, String query, float[] qv, double topScore) throws IOException {
        List<Sentences.Span> sentences = Sentences.of(p.text());
        if (sentences.isEmpty()) {
            return new Focused(p, new Focus.Window(0, p.text().length(), 0, 0), 0, 0, 0);
        }
        IndexedDocument doc = docs.get(p.docId());
        String field = Analyzers.bodyField(doc == null ? "en" : doc.language());
        org.apache.lucene.analysis.Analyzer analyzer = Analyzers.forLanguageField(field);
        double[] cos = null;
        if (qv != null && t.focusVectorWeight() > 0) {
            List<String> texts = new ArrayList<>();
            for (Sentences.Span s : sentences) {
                texts.add(p.text().substring(s.start(), s.end()));
            }
            float[][] v = embedder.embedPassages(texts);
            cos = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                double dot = 0;
                for (int j = 0; j < qv.length; j++) {
                    dot += v[i][j] * qv[j];
                }
                cos[i] = dot;
            }
        }
        double[] score = Focus.scores(p.text(), sentences, weights(field, query),
                s -> Analyzers.terms(analyzer, field, s), cos, t.focusVectorWeight());
        Focus.Window w = Focus.choose(sentences, score, t.focusKeep(), t.focusMaxChars());
        // a heading alone answers nothing: bring the sentence it heads along
        if (Sentences.titleLike(p.text().substring(w.start(), w.end()))) {
            for (Sentences.Span s : sentences) {
                if (s.start() >= w.end()) {
                    w = new Focus.Window(w.start(), s.end(), w.best(), w.inside());
                    break;
                }
            }
        }
        double before = 0;
        double after = 0;
        for (int i = 0; i < sentences.size(); i++) {
            if (sentences.get(i).end() <= w.start()) {
                before += Math.max(0, score[i]);
            } else if (sentences.get(i).start() >= w.end()) {
                after += Math.max(0, score[i]);
            }
        }
        // a sentence of a document the query named outranks an as good one elsewhere, as its chunk did
        double key = (w.best() + t.focusRerank() * (topScore == 0 ? 0 : p.score() / topScore))
                * (1 + t.routeBoost() * p.why().routing());
        return new Focused(p, w, before, after, key);
    }

    /** The part {@code [from, to)} of a passage's text, less surrounding whitespace, as a passage of its own with {@code score}. */
    private Passage piece(Passage p, int from, int to, double score) {
        while (from < to && Character.isWhitespace(p.text().charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(p.text().charAt(to - 1))) {
            to--;
        }
        if (from == 0 && to == p.text().length() && score == p.score()) {
            return p;
        }
        HitExplanation y = p.why();
        return new Passage(p.chunkId(), p.docId(), p.docPath(), p.title(), p.text().substring(from, to), p.start() + from,
                p.start() + to, sourceOffset(p, from), sourceOffset(p, to), p.pageStart(), p.pageEnd(), p.headingPath(),
                new HitExplanation(y.bm25Rank(), y.bm25Score(), y.vectorRank(), y.vectorScore(), y.statementRank(), y.routing(), score));
    }

    /** Stored source shifts of the chunks loaded, by chunk id (see Records.sourceShifts). */
    private final Map<String, String> shifts = new HashMap<>();

    /** The source offset of {@code rel} characters into the passage's chunk text. */
    private int sourceOffset(Passage p, int rel) {
        String s = shifts.get(p.chunkId());
        if (s == null && p.sourceEnd() - p.sourceStart() != p.end() - p.start() && p.end() > p.start()) {
            // indexed before shifts were stored: interpolate
            return p.sourceStart() + (int) Math.round((double) rel * (p.sourceEnd() - p.sourceStart()) / (p.end() - p.start()));
        }
        return Records.sourceOffset(p.sourceStart(), s, rel);
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
        fuseBm25(td, cands, weight, true);
    }

    /** Fuses a keyword-scored list; {@code keywordList} false for a list the explanation does not report as BM25. */
    private void fuseBm25(TopDocs td, Map<String, Cand> cands, double weight, boolean keywordList) throws IOException {
        int rank = 0;
        Map<Integer, String[]> ids = ids(td);
        for (ScoreDoc sd : td.scoreDocs) {
            rank++;
            String[] id = ids.get(sd.doc);
            Cand c = cands.computeIfAbsent(id[0], Cand::new);
            c.luceneDoc = sd.doc;
            c.docId = id[1];
            if (!keywordList && (c.statementRank == 0 || rank < c.statementRank)) {
                c.statementRank = rank;
            }
            if (keywordList && (c.bm25Rank == 0 || rank < c.bm25Rank)) {
                c.bm25Rank = rank;
                c.bm25Score = sd.score;
            }
            c.fused += weight / (t.rrfK() + rank);
        }
    }

    private void fuseVectors(TopDocs td, Map<String, Cand> cands, double weight) throws IOException {
        int rank = 0;
        Map<Integer, String[]> ids = ids(td);
        for (ScoreDoc sd : td.scoreDocs) {
            rank++;
            String[] id = ids.get(sd.doc);
            Cand c = cands.computeIfAbsent(id[0], Cand::new);
            c.docId = id[1];
            if (c.vecRank == 0 || rank < c.vecRank) {
                c.vecRank = rank;
                // Lucene maps a dot product p to (1 + p) / 2: undo it to report the cosine
                c.vecScore = 2 * sd.score - 1;
            }
            c.fused += weight / (t.rrfK() + rank);
        }
    }

    /**
     * Chunks matching {@code text} (within {@code filter}, if any). Only chunk records have body
     * fields, so the text alone selects chunks: a type filter would make the query a conjunction,
     * which scores every matching chunk instead of skipping the blocks that cannot reach the top.
     */
    private static Query chunks(Query text, Query filter) {
        if (filter == null) {
            return text;
        }
        return new BooleanQuery.Builder().add(text, Occur.MUST).add(filter, Occur.FILTER).build();
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
        // words written like names (capitalised, or with digits: "Kenway", "3M", "FY2018") may name
        // a document by its opening text too; any rare word may name it by its file name or title
        java.util.LinkedHashMap<String, Boolean> terms = new java.util.LinkedHashMap<>();
        boolean sentenceStart = true;
        List<String> run = new ArrayList<>(); // consecutive name-like words: "Best Buy", "American Water Works"
        for (String word : query.split("\\s+")) {
            // the first word of a sentence is capitalised by grammar, not because it is a name
            boolean nameLike = nameLike(word) && (!sentenceStart || word.chars().anyMatch(Character::isDigit));
            sentenceStart = word.endsWith(".") || word.endsWith(";") || word.endsWith("?") || word.endsWith(":")
                    || word.endsWith("!");
            // a short bare number is an amount, a share or a clause ("2%", "section 7"), never a
            // name; it would match the "2" of a file name such as "2024Q2"
            boolean amount = word.matches("\\p{P}*[$€£]?\\d{1,3}([.,]\\d+)?%?\\p{P}*");
            for (String term : amount ? List.<String>of() : Analyzers.terms(Analyzers.ROUTE_QUERY, Fields.ROUTE, word)) {
                terms.merge(term, nameLike, Boolean::logicalOr);
            }
            // file names often run a name together ("BESTBUY_2019_10K"): try the run of name-like
            // words joined, two and three at a time
            String bare = word.replaceAll("(?i)['’]s$", "").replaceAll("[^\\p{L}\\p{N}]", "");
            if (nameLike(word) && !bare.isEmpty()) {
                run.add(bare.toLowerCase(java.util.Locale.ROOT));
                for (int len = 2; len <= 3 && len <= run.size(); len++) {
                    terms.merge(String.join("", run.subList(run.size() - len, run.size())), true, Boolean::logicalOr);
                }
            } else {
                run.clear();
            }
            if (word.endsWith("'s") || word.endsWith("’s") || word.endsWith(",") || word.endsWith(";")) {
                run.clear();
            }
        }
        if (terms.isEmpty()) {
            return Map.of();
        }
        // only words that set a few documents apart can name one: "Kenway", "3M", "2018" in a file
        // name; "non-disclosure agreement" is in every NDA's name and names none of them
        int n = docs.size();
        int rare = Math.max(1, (int) Math.floor(t.routeRarity() * n));
        // a question comparing years ("between FY2021 and FY2022") is answered by the latest
        // year's report, which prints the earlier year beside it
        String latestYear = null;
        int years = 0;
        for (String term : terms.keySet()) {
            if (term.matches("(19|20)\\d\\d")) {
                years++;
                if (latestYear == null || term.compareTo(latestYear) > 0) {
                    latestYear = term;
                }
            }
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        int clauses = 0;
        boolean onlyYears = true; // whether every word that names a document is a year
        for (Map.Entry<String, Boolean> e : terms.entrySet()) {
            String term = e.getKey();
            Term name = new Term(Fields.ROUTE_NAME, term);
            int dfName = liveDocFreq(name);
            if (dfName > 0 && dfName <= rare) {
                namingTerms.add(term);
                onlyYears &= term.matches("(19|20)\\d\\d");
                // a lower-case word ("policy") can be in a file name by chance; a name-like one less so
                float boost = (float) (t.nameBoost() * (e.getValue() ? 1.0 : 0.25)
                        * (years > 1 && term.equals(latestYear) ? t.latestYearBoost() : 1.0));
                b.add(new org.apache.lucene.search.BoostQuery(new TermQuery(name), boost), Occur.SHOULD);
                clauses++;
            }
            Term opening = new Term(Fields.ROUTE, term);
            int dfOpening = liveDocFreq(opening);
            if (e.getValue() && dfOpening > 0 && dfOpening <= rare) {
                namingTerms.add(term);
                onlyYears &= term.matches("(19|20)\\d\\d");
                b.add(new TermQuery(opening), Occur.SHOULD);
                clauses++;
            }
        }
        if (clauses == 0) {
            return Map.of();
        }
        Query q = new BooleanQuery.Builder().add(b.build(), Occur.MUST)
                .add(new TermQuery(new Term(Fields.TYPE, Fields.TYPE_DOC)), Occur.FILTER).build();
        TopDocs td = searcher.search(q, 50);
        if (td.scoreDocs.length == 0) {
            return Map.of();
        }
        if (LOG.isDebugEnabled()) {
            StringBuilder sb = new StringBuilder("routing " + q);
            for (int i = 0; i < Math.min(6, td.scoreDocs.length); i++) {
                sb.append("\n  ").append(td.scoreDocs[i].score).append(' ')
                        .append(docs.get(stored().document(td.scoreDocs[i].doc, Set.of(Fields.ID)).get(Fields.ID)).path());
            }
            LOG.debug(sb.toString());
        }
        double top = td.scoreDocs[0].score;
        int refIndex = Math.min(4, docs.size() - 1);
        double ref = refIndex < td.scoreDocs.length ? td.scoreDocs[refIndex].score : 0;
        if (ref > 0 && top < t.routeConfidence() * ref) {
            return Map.of();
        }
        Map<String, Double> out = new HashMap<>();
        // a question that names no quarter asks about the year, which the annual report (or the
        // year-end release) answers; a quarterly report of the same company prints only part of it
        boolean annual = !INTERIM_QUESTION.matcher(query).find();
        Set<String> setBack = new java.util.HashSet<>(); // quarterly reports named by a question about a year
        for (ScoreDoc sd : td.scoreDocs) {
            if (sd.score >= t.routeShare() * top) {
                String id = stored().document(sd.doc, Set.of(Fields.ID)).get(Fields.ID);
                double w = Math.pow(sd.score / top, t.routeSharpness());
                if (annual && interim(docs.get(id))) {
                    w *= t.interimRouteShare();
                    setBack.add(id);
                }
                out.put(id, w);
            }
        }
        if (onlyYears && !out.isEmpty()) {
            // a year alone names a document only if the document is about the rest of the question:
            // "revenue in fiscal 2024" is not about a contract whose file name is dated 2024, but
            // "Initech's debt in 2022" is about the 2022 annual report
            Query rest = textQuery(query.replaceAll("\\b(?:19|20)\\d\\d\\b", " "));
            if (rest != null) {
                for (String id : new ArrayList<>(out.keySet())) {
                    if (searcher.count(chunks(rest, docFilter(Set.of(id)))) == 0) {
                        out.remove(id);
                    }
                }
            }
            if (out.isEmpty()) {
                namingTerms.removeIf(term -> term.matches("(?:19|20)\\d\\d"));
                return Map.of();
            }
        }
        if (years == 0 && out.size() > 1) {
            // a question that names no year asks about now: the newest of the named reports
            // answers it (and prints the years before it), the older ones keep part of their weight
            String newest = null;
            for (String id : out.keySet()) {
                if (setBack.contains(id)) {
                    continue; // already set back: a newer quarter does not make the last annual report old
                }
                String y = year(docs.get(id));
                if (y != null && (newest == null || y.compareTo(newest) > 0)) {
                    newest = y;
                }
            }
            if (newest != null) {
                for (Map.Entry<String, Double> e : out.entrySet()) {
                    if (!newest.equals(year(docs.get(e.getKey())))) {
                        e.setValue(e.getValue() * t.olderRouteShare());
                    }
                }
            }
        }
        return out;
    }

    /** A question about part of a year: a quarter, an interim period, a 10-Q. */
    private static final java.util.regex.Pattern INTERIM_QUESTION = java.util.regex.Pattern.compile(
            "(?i)\\bq[1-4]\\b|\\bquarter|\\b(three|six|nine) months\\b|\\b10-?q\\b|\\binterim\\b|\\bhalf[- ]year|\\b(first|second) half\\b");
    /** A report on part of a year, by its file name or title: "2023Q2", "10-Q", "Q3"; a fourth quarter's release covers the year too. */
    private static final java.util.regex.Pattern INTERIM_DOC = java.util.regex.Pattern.compile(
            "(?i)(?<![a-z])q[1-3](?![0-9])|(?<![a-z0-9])10-?q(?![a-z0-9])|quarterly report");

    private static final java.util.regex.Pattern YEAR = java.util.regex.Pattern.compile("(?<!\\d)(19|20)\\d\\d(?!\\d)");

    /** The latest year in a document's file name (or else its title), or null. */
    private static String year(IndexedDocument d) {
        if (d == null) {
            return null;
        }
        for (String s : new String[] {fileName(d), d.title() == null ? "" : d.title()}) {
            java.util.regex.Matcher m = YEAR.matcher(s);
            String best = null;
            while (m.find()) {
                if (best == null || m.group().compareTo(best) > 0) {
                    best = m.group();
                }
            }
            if (best != null) {
                return best;
            }
        }
        return null;
    }

    private static String fileName(IndexedDocument d) {
        return d.path().replaceAll(".*[/\\\\]", "");
    }

    private static boolean interim(IndexedDocument d) {
        if (d == null) {
            return false;
        }
        String name = fileName(d) + " " + (d.title() == null ? "" : d.title());
        return INTERIM_DOC.matcher(name.replace('_', ' ')).find();
    }

    /**
     * Documents that have the term now. The reader's own docFreq also counts deleted records, and
     * every registry record is rewritten when its document's stage changes.
     */
    private int liveDocFreq(Term term) throws IOException {
        return searcher.getIndexReader().docFreq(term) == 0 ? 0 : searcher.count(new TermQuery(term));
    }

    /** Capitalised (after any opening quote or bracket) or holding a digit. */
    private static boolean nameLike(String word) {
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (Character.isDigit(c)) {
                return true;
            }
        }
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (Character.isLetter(c)) {
                return Character.isUpperCase(c);
            }
        }
        return false;
    }

    /**
     * The query without the words that named its documents: each word whose routing terms were
     * all naming terms is dropped, along with a possessive "'s" after it.
     */
    private String withoutNames(String query) {
        if (namingTerms.isEmpty()) {
            return query;
        }
        String rest = dev.lectern.indexing.QuestionClauses.withoutNamingClause(query, this::names);
        if (!rest.equals(query)) {
            return rest;
        }
        StringBuilder out = new StringBuilder();
        for (String word : query.split("\\s+")) {
            List<String> terms = Analyzers.terms(Analyzers.ROUTE_QUERY, Fields.ROUTE, word);
            if (!terms.isEmpty() && namingTerms.containsAll(terms)) {
                continue;
            }
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(word);
        }
        String s = out.toString().strip();
        return s.isEmpty() ? query : s;
    }

    private static final boolean QUESTION_WORDS_ON = !Boolean.getBoolean("lectern.retrieval.keepQuestionWords");
    private static final java.util.regex.Pattern QUESTION_WORDS = java.util.regex.Pattern.compile(
            "(?i)\\b(who|whom|whose|what|when|where|which|why|how|does|do|did|can|could|would|should|i|me|my|mine|you|your|yours|we|us|our)\\b");

    /** {@code query} less its question words and pronouns; the query itself when nothing else is left. */
    static String withoutQuestionWords(String query) {
        String s = QUESTION_WORDS.matcher(query).replaceAll(" ").replaceAll("\\s+", " ").strip();
        return s.replaceAll("[\\p{P}\\s]", "").isEmpty() ? query : s;
    }

    /** Whether {@code word} named a routed document. */
    private boolean names(String word) {
        for (String term : Analyzers.terms(Analyzers.ROUTE_QUERY, Fields.ROUTE, word)) {
            if (namingTerms.contains(term)) {
                return true;
            }
        }
        return false;
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
        return stored().document(luceneDoc(c), Set.of(Fields.DOC)).get(Fields.DOC);
    }

    private Passage load(Cand c, double routing) throws IOException {
        org.apache.lucene.document.Document d = stored().document(luceneDoc(c));
        IndexedDocument doc = docs.get(c.docId);
        String headings = d.get(Fields.HEADINGS);
        List<String> path = Records.headingPath(headings);
        String sh = d.get(Fields.SOURCE_SHIFTS);
        if (sh != null) {
            shifts.put(c.chunkId, sh);
        }
        return new Passage(c.chunkId, c.docId, doc == null ? "" : doc.path(), doc == null ? "" : doc.title(),
                d.get(Fields.TEXT), num(d, Fields.START), num(d, Fields.END), num(d, Fields.SOURCE_START),
                num(d, Fields.SOURCE_END), num(d, Fields.PAGE_START), num(d, Fields.PAGE_END), path,
                new HitExplanation(c.bm25Rank, c.bm25Score, c.vecRank, c.vecScore, c.statementRank, routing, c.fused));
    }

    private static int num(org.apache.lucene.document.Document d, String f) {
        return d.getField(f).numericValue().intValue();
    }
}
