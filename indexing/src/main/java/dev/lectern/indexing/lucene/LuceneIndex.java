package dev.lectern.indexing.lucene;

import dev.lectern.indexing.IndexedDocument;
import dev.lectern.indexing.IndexedDocument.Stage;
import dev.lectern.indexing.Passage;
import dev.lectern.indexing.SearchRequest;
import dev.lectern.indexing.WorkspaceIndex;
import dev.lectern.indexing.WorkspaceInUseException;
import dev.lectern.indexing.embed.Embedder;
import dev.lectern.parsing.model.Chunk;
import dev.lectern.parsing.model.Document;
import dev.lectern.parsing.model.SourceMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A workspace index in Lucene: one Lucene document per parsed document (registry entry and routing
 * text), one per chunk (BM25 text in its language's field, stored offsets), one per chunk vector
 * (HNSW, dot product over unit vectors). Vectors live apart from chunks so that the keyword stage
 * commits first and a model change only replaces vectors. Thread-safe.
 */
public final class LuceneIndex implements WorkspaceIndex {
    private static final Logger LOG = LoggerFactory.getLogger(LuceneIndex.class);
    private static final int RRF_K = 60;
    private static final String COMMIT_MODEL = "embeddingModel";

    private final Directory dir;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    /** Searches the segments of a large index side by side (a query's lists already run side by side in searchPool). */
    private final java.util.concurrent.ExecutorService slicePool = searchThreads("lectern-search-slice");

    /**
     * A searcher that gives each large segment a thread of its own: Lucene's default slices group
     * segments up to 250,000 documents, which on a laptop-sized index means one slice, one core.
     */
    private static final class SlicedSearcher extends IndexSearcher {
        /** Segments smaller than this are grouped: a task per tiny segment costs more than it saves. */
        private static final int DOCS_PER_SLICE = 50_000;

        SlicedSearcher(org.apache.lucene.index.IndexReader reader, java.util.concurrent.Executor executor) {
            super(reader, executor);
        }

        @Override
        protected LeafSlice[] slices(List<org.apache.lucene.index.LeafReaderContext> leaves) {
            return IndexSearcher.slices(leaves, DOCS_PER_SLICE, 8);
        }
    }

    /** Runs a search's candidate lists side by side: a search waits for the slowest list, not for their sum. */
    private final java.util.concurrent.ExecutorService searchPool = searchThreads("lectern-search");

    /** Daemon threads for searching, one per core up to four. */
    private static java.util.concurrent.ExecutorService searchThreads(String name) {
        return java.util.concurrent.Executors.newFixedThreadPool(
                Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())), r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    return t;
                });
    }
    private final Embedder embedder;
    private final Map<String, IndexedDocument> docs = new ConcurrentHashMap<>();
    /** The record format each document was indexed at (see Records.FORMAT). */
    private final Map<String, Integer> formats = new ConcurrentHashMap<>();
    private final Object writeLock = new Object();
    private final RetrievalTuning tuning;
    /** How much text before a chunk is looked at for a title standing apart from it (see Records.chunk). */
    private static final int LEAD_CHARS = 200;
    private final boolean ownsEmbedder;

    private LuceneIndex(Directory dir, IndexWriter writer, Embedder embedder, RetrievalTuning tuning, boolean ownsEmbedder)
            throws IOException {
        this.ownsEmbedder = ownsEmbedder;
        this.dir = dir;
        this.writer = writer;
        this.embedder = embedder;
        this.tuning = tuning;
        org.apache.lucene.search.SearcherFactory factory = new org.apache.lucene.search.SearcherFactory() {
            @Override
            public IndexSearcher newSearcher(org.apache.lucene.index.IndexReader reader, org.apache.lucene.index.IndexReader previous) {
                return new SlicedSearcher(reader, slicePool);
            }
        };
        // without a writer (another Lectern holds it) the last commit is read as it is
        this.searchers = writer == null ? new SearcherManager(dir, factory) : new SearcherManager(writer, factory);
        loadRegistry();
    }

    /**
     * Opens (or creates) the index in {@code folder}. {@code embedder} may be null: the index then
     * serves keyword search only and leaves documents at the keyword stage.
     *
     * @throws WorkspaceInUseException when another index has the folder open (another process, or this one)
     */
    public static LuceneIndex open(Path folder, Embedder embedder) throws IOException {
        return open(folder, embedder, RetrievalTuning.DEFAULTS, false);
    }

    /** As {@link #open(Path, Embedder)}; with {@code ownsEmbedder} closing the index closes the embedder too. */
    public static LuceneIndex open(Path folder, Embedder embedder, RetrievalTuning tuning, boolean ownsEmbedder)
            throws IOException {
        Files.createDirectories(folder);
        Directory dir = FSDirectory.open(folder);
        IndexWriterConfig cfg = new IndexWriterConfig(Analyzers.indexing());
        cfg.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
        cfg.setRAMBufferSizeMB(64);
        IndexWriter w;
        try {
            w = new IndexWriter(dir, cfg);
        } catch (LockObtainFailedException e) {
            dir.close();
            throw new WorkspaceInUseException(folder, e);
        } catch (IOException e) {
            dir.close();
            throw e;
        }
        LuceneIndex index = new LuceneIndex(dir, w, embedder, tuning, ownsEmbedder);
        index.reconcileModel();
        return index;
    }

    /**
     * Opens the index in {@code folder} for reading only, as its last commit left it: for searching
     * and answering while another Lectern (the desktop app, a running ingest or watch) has it open for
     * writing. Every change is refused with a {@link WorkspaceInUseException}.
     */
    public static LuceneIndex openReadOnly(Path folder, Embedder embedder, RetrievalTuning tuning, boolean ownsEmbedder)
            throws IOException {
        Directory dir = FSDirectory.open(folder);
        if (!org.apache.lucene.index.DirectoryReader.indexExists(dir)) {
            dir.close();
            throw new IOException("there is no index in " + folder + " yet: nothing to read");
        }
        try {
            return new LuceneIndex(dir, null, embedder, tuning, ownsEmbedder);
        } catch (IOException | RuntimeException e) {
            dir.close();
            throw e;
        }
    }

    @Override
    public boolean readOnly() {
        return writer == null;
    }

    private void requireWriter() throws WorkspaceInUseException {
        if (writer == null) {
            throw new WorkspaceInUseException(dir instanceof FSDirectory fs ? fs.getDirectory() : null, null);
        }
    }

    @Override
    public boolean outdated(String docId) {
        Integer f = formats.get(docId);
        IndexedDocument d = docs.get(docId);
        return f != null && Records.outdated(f, d == null ? null : d.mediaType());
    }

    /** Rewrites a document's registry record at {@code format}, as an earlier version wrote it (for tests). */
    void rewriteFormat(String docId, int format) throws IOException {
        synchronized (writeLock) {
            formats.put(docId, format);
            putRegistry(docs.get(docId), null);
            commit();
        }
    }

    // ---- registry -------------------------------------------------------------------------------

    private void loadRegistry() throws IOException {
        docs.clear();
        IndexSearcher s = searchers.acquire();
        try {
            TopDocs td = s.search(new TermQuery(new Term(Fields.TYPE, Fields.TYPE_DOC)), Math.max(1, s.getIndexReader().maxDoc()));
            StoredFields sf = s.storedFields();
            for (ScoreDoc sd : td.scoreDocs) {
                org.apache.lucene.document.Document record = sf.document(sd.doc);
                IndexedDocument d = toIndexed(record);
                docs.put(d.id(), d);
                formats.put(d.id(), Records.format(record));
            }
        } finally {
            searchers.release(s);
        }
    }

    private static IndexedDocument toIndexed(org.apache.lucene.document.Document d) {
        return new IndexedDocument(d.get(Fields.ID), d.get(Fields.PATH), d.get(Fields.TITLE), d.get(Fields.MEDIA_TYPE),
                d.get(Fields.LANGUAGE), d.getField(Fields.PAGES).numericValue().intValue(),
                "true".equals(d.get(Fields.PAGINATED)), d.getField(Fields.CHUNKS).numericValue().intValue(),
                Stage.valueOf(d.get(Fields.STAGE)), d.get(Fields.MODEL),
                Instant.ofEpochMilli(d.getField(Fields.ADDED + "_v").numericValue().longValue()),
                Records.pageStarts(d));
    }

    /** The vectors in the index were made by another model: drop them, so they are made again. */
    private void reconcileModel() throws IOException {
        if (embedder == null || writer == null) {
            return;
        }
        String model = embedder.modelId();
        boolean stale = false;
        for (IndexedDocument d : docs.values()) {
            if (d.stage() == Stage.READY && !model.equals(d.embeddingModel())) {
                stale = true;
                break;
            }
        }
        if (!stale) {
            return;
        }
        LOG.info("index vectors were made by another model; they will be recomputed with {}", model);
        synchronized (writeLock) {
            writer.deleteDocuments(new TermQuery(new Term(Fields.TYPE, Fields.TYPE_VEC)));
            for (IndexedDocument d : new ArrayList<>(docs.values())) {
                if (d.stage() == Stage.READY) {
                    putRegistry(withStage(d, Stage.KEYWORD, null), null);
                }
            }
            commit();
        }
    }

    private static IndexedDocument withStage(IndexedDocument d, Stage stage, String model) {
        return d.withStage(stage, model);
    }

    @Override
    public java.util.OptionalDouble similarity(String a, String b) {
        if (embedder == null) {
            return java.util.OptionalDouble.empty();
        }
        float[][] v = embedder.embedPassages(List.of(a, b));
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < v[0].length; i++) {
            dot += v[0][i] * v[1][i];
            na += v[0][i] * v[0][i];
            nb += v[1][i] * v[1][i];
        }
        return na == 0 || nb == 0 ? java.util.OptionalDouble.of(0) : java.util.OptionalDouble.of(dot / Math.sqrt(na * nb));
    }

    @Override
    public java.util.Optional<double[]> similarities(String query, List<String> texts) {
        if (embedder == null) {
            return java.util.Optional.empty();
        }
        double[] out = new double[texts.size()];
        if (texts.isEmpty()) {
            return java.util.Optional.of(out);
        }
        float[] q = embedder.embedQuery(query);
        float[][] v = embedder.embedPassages(texts);
        for (int t = 0; t < v.length; t++) {
            double dot = 0;
            for (int i = 0; i < q.length; i++) {
                dot += q[i] * v[t][i]; // unit vectors: the dot product is the cosine
            }
            out[t] = dot;
        }
        return java.util.Optional.of(out);
    }

    @Override
    public List<IndexedDocument> documents() {
        List<IndexedDocument> out = new ArrayList<>(docs.values());
        out.sort(Comparator.comparing(IndexedDocument::added).thenComparing(IndexedDocument::path));
        return out;
    }

    @Override
    public Optional<IndexedDocument> document(String docId) {
        return Optional.ofNullable(docs.get(docId));
    }

    @Override
    public Optional<IndexedDocument> documentAt(String path) {
        return docs.values().stream().filter(d -> d.path().equals(path)).max(Comparator.comparing(IndexedDocument::added));
    }

    @Override
    public long chunkCount() {
        long n = 0;
        for (IndexedDocument d : docs.values()) {
            n += d.chunks();
        }
        return n;
    }

    @Override
    public String embeddingModel() {
        return embedder == null ? null : embedder.modelId();
    }

    // ---- writing ------------------------------------------------------------------------------

    @Override
    public boolean addDocument(Document doc, List<Chunk> chunks) throws IOException {
        requireWriter();
        synchronized (writeLock) {
            String path = doc.source().toString();
            IndexedDocument have = docs.get(doc.id());
            if (have != null) {
                boolean moved = !have.path().equals(path) && !Files.exists(Path.of(have.path()));
                if (!outdated(doc.id()) && !moved) {
                    return false;
                }
                // indexed by an earlier version, or from a place the file has left: index it again
                deleteAll(doc.id());
            }
            for (IndexedDocument old : new ArrayList<>(docs.values())) {
                if (old.path().equals(path)) {
                    deleteAll(old.id()); // a changed file replaces its old version in the same commit
                }
            }
            SourceMap map = doc.sourceMap();
            int ord = 0;
            for (Chunk c : chunks) {
                writer.addDocument(Records.chunk(c.id(), doc.id(), doc.language(), c.headingPath(), c.text(), c.start(),
                        c.end(), map == null ? c.start() : map.toSource(c.start()),
                        map == null ? c.end() : map.toSource(c.end()), c.pageStart(), c.pageEnd(), ord++,
                        Records.sourceShifts(map, c.start(), c.end()),
                        doc.text().substring(Math.max(0, c.start() - LEAD_CHARS), Math.min(c.start(), doc.text().length()))));
            }
            IndexedDocument entry = new IndexedDocument(doc.id(), path, doc.title(), doc.mediaType(), doc.language(),
                    doc.pages().size(), doc.paginated(), chunks.size(), Stage.KEYWORD, null, Instant.now(),
                    doc.pages().stream().map(dev.lectern.parsing.model.PageSpan::start).toList());
            putRegistry(entry, Records.routeText(doc));
            commit();
            return true;
        }
    }

    /** Writes (or rewrites) a document's registry entry; {@code route} null keeps the routing text. */
    private void putRegistry(IndexedDocument e, String route) throws IOException {
        // a stage change rewrites the record and keeps its format; a new document is at the current one
        int format = route == null ? formats.getOrDefault(e.id(), Records.FORMAT) : Records.FORMAT;
        formats.put(e.id(), format);
        String routeText = route;
        if (routeText == null) {
            routeText = storedRoute(e.id());
        }
        BooleanQuery old = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(Fields.TYPE, Fields.TYPE_DOC)), Occur.FILTER)
                .add(new TermQuery(new Term(Fields.ID, e.id())), Occur.FILTER).build();
        writer.deleteDocuments(old);
        writer.addDocument(Records.registry(e, routeText, format));
        docs.put(e.id(), e);
    }

    private String storedRoute(String docId) throws IOException {
        IndexSearcher s = searchers.acquire();
        try {
            TopDocs td = s.search(docRecord(docId), 1);
            return td.scoreDocs.length == 0 ? "" : s.storedFields().document(td.scoreDocs[0].doc).get(Fields.ROUTE + "_text");
        } finally {
            searchers.release(s);
        }
    }

    private static Query docRecord(String docId) {
        return new BooleanQuery.Builder()
                .add(new TermQuery(new Term(Fields.TYPE, Fields.TYPE_DOC)), Occur.FILTER)
                .add(new TermQuery(new Term(Fields.ID, docId)), Occur.FILTER).build();
    }

    private void deleteAll(String docId) throws IOException {
        writer.deleteDocuments(new TermQuery(new Term(Fields.DOC, docId)));
        docs.remove(docId);
        formats.remove(docId);
    }

    @Override
    public boolean remove(String docId) throws IOException {
        requireWriter();
        synchronized (writeLock) {
            if (!docs.containsKey(docId)) {
                return false;
            }
            deleteAll(docId);
            commit();
            return true;
        }
    }

    private void commit() throws IOException {
        requireWriter();
        Map<String, String> data = new HashMap<>();
        data.put(COMMIT_MODEL, embedder == null ? "" : embedder.modelId());
        writer.setLiveCommitData(data.entrySet());
        writer.commit();
        searchers.maybeRefreshBlocking();
    }

    @Override
    public long embedPending(EmbedProgress progress, BooleanSupplier cancelled) throws IOException {
        if (embedder == null || writer == null) {
            return 0; // read only: the Lectern that holds the index computes its vectors
        }
        List<IndexedDocument> pending = new ArrayList<>();
        long total = 0;
        for (IndexedDocument d : documents()) {
            if (d.stage() == Stage.KEYWORD) {
                pending.add(d);
                total += d.chunks();
            }
        }
        long done = 0;
        int docsDone = 0;
        for (IndexedDocument d : pending) {
            if (cancelled.getAsBoolean()) {
                break;
            }
            progress.update(docsDone, pending.size(), done, total, d.title());
            List<String[]> chunks = storedChunks(d.id()); // {id, text, headings}
            List<String> texts = new ArrayList<>(chunks.size());
            for (String[] c : chunks) {
                texts.add(Records.embeddedText(d.title(), Records.headingPath(c[2]), c[1]));
            }
            List<float[]> vectors = new ArrayList<>(chunks.size());
            int batch = 64;
            for (int i = 0; i < texts.size(); i += batch) {
                if (cancelled.getAsBoolean()) {
                    return done; // nothing of this document is committed: it resumes from its first chunk
                }
                float[][] v = embedder.embedPassages(texts.subList(i, Math.min(texts.size(), i + batch)));
                vectors.addAll(Arrays.asList(v));
                progress.update(docsDone, pending.size(), done + vectors.size(), total, d.title());
            }
            synchronized (writeLock) {
                if (!docs.containsKey(d.id())) {
                    continue; // removed meanwhile
                }
                // a crash during an earlier attempt may have left some of this document's vectors behind
                writer.deleteDocuments(new BooleanQuery.Builder()
                        .add(new TermQuery(new Term(Fields.TYPE, Fields.TYPE_VEC)), Occur.FILTER)
                        .add(new TermQuery(new Term(Fields.DOC, d.id())), Occur.FILTER).build());
                for (int i = 0; i < chunks.size(); i++) {
                    writer.addDocument(Records.vector(chunks.get(i)[0], d.id(), vectors.get(i)));
                }
                putRegistry(withStage(d, Stage.READY, embedder.modelId()), null);
                commit();
            }
            done += chunks.size();
            docsDone++;
            progress.update(docsDone, pending.size(), done, total, d.title());
        }
        return done;
    }

    /** A document's chunks in order: {id, text, headings}. */
    private List<String[]> storedChunks(String docId) throws IOException {
        IndexSearcher s = searchers.acquire();
        try {
            Query q = new BooleanQuery.Builder()
                    .add(new TermQuery(new Term(Fields.TYPE, Fields.TYPE_CHUNK)), Occur.FILTER)
                    .add(new TermQuery(new Term(Fields.DOC, docId)), Occur.FILTER).build();
            TopDocs td = s.search(q, Math.max(1, s.getIndexReader().maxDoc()));
            StoredFields sf = s.storedFields();
            List<Object[]> rows = new ArrayList<>();
            for (ScoreDoc sd : td.scoreDocs) {
                org.apache.lucene.document.Document d = sf.document(sd.doc);
                rows.add(new Object[] {d.getField(Fields.ORDINAL).numericValue().intValue(),
                        new String[] {d.get(Fields.ID), d.get(Fields.TEXT), d.get(Fields.HEADINGS)}});
            }
            rows.sort(Comparator.comparingInt(r -> (Integer) r[0]));
            List<String[]> out = new ArrayList<>(rows.size());
            for (Object[] r : rows) {
                out.add((String[]) r[1]);
            }
            return out;
        } finally {
            searchers.release(s);
        }
    }

    // ---- searching ----------------------------------------------------------------------------

    @Override
    public boolean everydayWord(String word) {
        return embedder != null && word.strip().indexOf(' ') < 0 && embedder.countTokens(word.strip()) == 1;
    }

    @Override
    public boolean mentions(String name) throws IOException {
        if (Analyzers.terms(Analyzers.BY_LANGUAGE.get("en"), Analyzers.bodyField("en"), name).isEmpty()) {
            return true; // only stop words: nothing to look for
        }
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        List<String> fields = new ArrayList<>(Analyzers.bodyFields());
        fields.add(Fields.ROUTE_NAME);
        fields.add(Fields.ROUTE);
        for (String field : fields) {
            boolean route = field.equals(Fields.ROUTE_NAME) || field.equals(Fields.ROUTE);
            List<String> terms = Analyzers.terms(route ? Analyzers.ROUTE_QUERY : Analyzers.forLanguageField(field), field, name);
            if (terms.isEmpty()) {
                continue;
            }
            BooleanQuery.Builder all = new BooleanQuery.Builder();
            for (String t : terms) {
                all.add(new TermQuery(new Term(field, t)), Occur.FILTER);
            }
            any.add(all.build(), Occur.SHOULD);
        }
        IndexSearcher s = searchers.acquire();
        try {
            return s.count(any.build()) > 0;
        } finally {
            searchers.release(s);
        }
    }

    @Override
    public List<Passage> retrieve(SearchRequest r) throws IOException {
        IndexSearcher s = searchers.acquire();
        try {
            return new HybridSearch(s, docs, embedder, tuning, searchPool).run(r);
        } finally {
            searchers.release(s);
        }
    }

    @Override
    public Context expand(Passage p, int radius) throws IOException {
        IndexSearcher s = searchers.acquire();
        try {
            Query q = new BooleanQuery.Builder()
                    .add(new TermQuery(new Term(Fields.TYPE, Fields.TYPE_CHUNK)), Occur.FILTER)
                    .add(new TermQuery(new Term(Fields.DOC, p.docId())), Occur.FILTER)
                    .add(new TermQuery(new Term(Fields.ID, p.chunkId())), Occur.FILTER).build();
            TopDocs td = s.search(q, 1);
            if (td.scoreDocs.length == 0) {
                return new Context(p.docId(), p.start(), p.end(), p.text());
            }
            int ord = s.storedFields().document(td.scoreDocs[0].doc).getField(Fields.ORDINAL).numericValue().intValue();
            Query around = new BooleanQuery.Builder()
                    .add(new TermQuery(new Term(Fields.TYPE, Fields.TYPE_CHUNK)), Occur.FILTER)
                    .add(new TermQuery(new Term(Fields.DOC, p.docId())), Occur.FILTER)
                    .add(IntPoint.newRangeQuery(Fields.ORDINAL, ord - radius, ord + radius), Occur.FILTER).build();
            TopDocs n = s.search(around, 2 * radius + 1);
            List<org.apache.lucene.document.Document> parts = new ArrayList<>();
            for (ScoreDoc sd : n.scoreDocs) {
                parts.add(s.storedFields().document(sd.doc));
            }
            parts.sort(Comparator.comparingInt(d -> d.getField(Fields.START).numericValue().intValue()));
            StringBuilder text = new StringBuilder();
            int start = Integer.MAX_VALUE;
            int end = 0;
            for (org.apache.lucene.document.Document d : parts) {
                int cs = d.getField(Fields.START).numericValue().intValue();
                if (text.length() > 0) {
                    text.append("\n\n");
                }
                text.append(d.get(Fields.TEXT));
                start = Math.min(start, cs);
                end = Math.max(end, d.getField(Fields.END).numericValue().intValue());
            }
            return new Context(p.docId(), start, end, text.toString());
        } finally {
            searchers.release(s);
        }
    }

    @Override
    public void close() throws IOException {
        searchPool.shutdownNow();
        slicePool.shutdownNow();
        try {
            searchers.close();
            if (writer != null) {
                writer.close();
            }
        } finally {
            dir.close();
            if (ownsEmbedder && embedder != null) {
                embedder.close();
            }
        }
    }
}
