package dev.lectern.indexing.lucene;

import dev.lectern.indexing.IndexedDocument;
import dev.lectern.indexing.IndexedDocument.Stage;
import dev.lectern.parsing.model.Chunk;
import dev.lectern.parsing.model.Document;
import dev.lectern.parsing.model.SourceMap;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * <b>For benchmarks only.</b> Writes a workspace index of any size straight from prepared records,
 * without parsing or embedding each chunk, so that search latency can be measured at 200,000
 * chunks in minutes. Every Lucene document it writes has exactly the fields, types and analysis
 * that {@link LuceneIndex} gives its own "doc" (registry), "chunk" and "vec" records, every document
 * at the {@link Stage#READY} stage with the given embedding model; so {@link LuceneIndex#open} loads
 * the result like any workspace, and searches it with the same code.
 *
 * <p>Both write their records through {@code Records}, the one place that builds them; a test
 * ({@code SyntheticIndexWriterTest}) still indexes one document both ways and compares the two
 * indexes field by field, term by term and value by value.
 *
 * <p>Use: {@link #create}, {@link #addDocument} for each document, {@link #addChunk} for each chunk
 * (thread-safe: several threads may add chunks at once), {@link #finish} once, {@link #close}.
 * The folder must be new or empty: this class never writes into an existing index.
 */
public final class SyntheticIndexWriter implements Closeable {
    /** The commit-data key under which {@link LuceneIndex} records its embedding model. */
    private static final String COMMIT_MODEL = "embeddingModel";
    private static final double UNIT_TOLERANCE = 1e-3;
    /** As LuceneIndex: at most this much title and heading path goes before a chunk's text when it is embedded. */

    /**
     * A document's registry entry, as {@link LuceneIndex} keeps it. {@code routeText} is the file
     * name (first line) then title and opening text, see {@link #docOf(Document)}.
     */
    public record DocRecord(String id, String path, String title, String mediaType, String language, int pages,
                            boolean paginated, String routeText, List<Integer> pageStarts) {
        public DocRecord {
            pageStarts = pageStarts == null ? List.of() : List.copyOf(pageStarts);
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(mediaType, "mediaType");
            Objects.requireNonNull(language, "language");
            Objects.requireNonNull(routeText, "routeText");
            if (id.length() < 16) {
                throw new IllegalArgumentException("document id '" + id + "' is too short: chunk ids take its first "
                        + "16 characters; use a SHA-256 hex string");
            }
            if (pages < 1) {
                throw new IllegalArgumentException("document " + id + " has " + pages + " pages; it needs at least 1");
            }
        }
    }

    /**
     * One chunk and its vector. {@code ordinal} is its position in its document (neighbours for
     * context are found by it); {@code vector} must have unit length (the index compares vectors by
     * dot product).
     */
    public record ChunkRecord(String id, String docId, int ordinal, String text, int start, int end, int sourceStart,
                              int sourceEnd, int pageStart, int pageEnd, List<String> headingPath, float[] vector) {
        public ChunkRecord {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(docId, "docId");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(vector, "vector");
            headingPath = List.copyOf(headingPath);
            if (ordinal < 0 || start < 0 || end < start) {
                throw new IllegalArgumentException("chunk " + id + " has ordinal " + ordinal + " and range [" + start
                        + ", " + end + "): the ordinal must be >= 0 and the range must not be reversed");
            }
            if (pageStart < 1 || pageEnd < pageStart) {
                throw new IllegalArgumentException("chunk " + id + " has invalid pages " + pageStart + ".." + pageEnd);
            }
        }
    }

    private final Directory dir;
    private final IndexWriter writer;
    private final String model;
    private final int dimension;
    private final Map<String, DocRecord> docs = new ConcurrentHashMap<>();
    /** Document ids in the order they were added; guarded by this. */
    private final List<String> order = new ArrayList<>();
    private final Map<String, AtomicInteger> chunkCounts = new ConcurrentHashMap<>();
    private volatile boolean finished;

    private SyntheticIndexWriter(Directory dir, IndexWriter writer, String model, int dimension) {
        this.dir = dir;
        this.writer = writer;
        this.model = model;
        this.dimension = dimension;
    }

    /**
     * Starts a new index in {@code folder}, which must not exist or be empty.
     *
     * @param embeddingModel the id of the model the vectors come from: {@link LuceneIndex#open} keeps
     *                       them only when it is opened with an embedder of this id
     * @param dimension      the length of every vector
     * @param ramBufferMb    the writer's RAM buffer; larger flushes fewer, larger segments
     */
    public static SyntheticIndexWriter create(Path folder, String embeddingModel, int dimension, double ramBufferMb)
            throws IOException {
        Objects.requireNonNull(embeddingModel, "embeddingModel");
        if (dimension < 1) {
            throw new IllegalArgumentException("illegal dimension " + dimension + ": must be at least 1");
        }
        if (Files.exists(folder)) {
            try (Stream<Path> s = Files.list(folder)) {
                if (s.findAny().isPresent()) {
                    throw new IOException(folder + " is not empty: the synthetic index writer only writes a new index "
                            + "(give it a fresh scratch folder)");
                }
            }
        }
        Files.createDirectories(folder);
        Directory dir = FSDirectory.open(folder);
        IndexWriterConfig cfg = new IndexWriterConfig(Analyzers.indexing());
        cfg.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
        cfg.setRAMBufferSizeMB(ramBufferMb);
        try {
            return new SyntheticIndexWriter(dir, new IndexWriter(dir, cfg), embeddingModel, dimension);
        } catch (IOException | RuntimeException e) {
            dir.close();
            throw e;
        }
    }

    /** Registers a document; its registry record is written by {@link #finish} with its chunk count. */
    public synchronized void addDocument(DocRecord d) {
        checkOpen();
        if (docs.putIfAbsent(d.id(), d) != null) {
            throw new IllegalArgumentException("document " + d.id() + " was added twice");
        }
        order.add(d.id());
        chunkCounts.put(d.id(), new AtomicInteger());
    }

    /** Writes one chunk record and its vector record. Thread-safe. */
    public void addChunk(ChunkRecord c) throws IOException {
        checkOpen();
        AtomicInteger count = chunkCounts.get(c.docId());
        if (count == null) {
            throw new IllegalArgumentException("chunk " + c.id() + " belongs to document " + c.docId()
                    + ", which was not added: call addDocument first");
        }
        DocRecord doc = docs.get(c.docId());
        checkVector(c);
        writer.addDocument(Records.chunk(c.id(), c.docId(), doc.language(), c.headingPath(), c.text(), c.start(),
                c.end(), c.sourceStart(), c.sourceEnd(), c.pageStart(), c.pageEnd(), c.ordinal()));
        writer.addDocument(Records.vector(c.id(), c.docId(), c.vector()));
        count.incrementAndGet();
    }

    private void checkVector(ChunkRecord c) {
        float[] v = c.vector();
        if (v.length != dimension) {
            throw new IllegalArgumentException("chunk " + c.id() + " has a vector of " + v.length
                    + " components; this index holds " + dimension);
        }
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        if (!(Math.abs(Math.sqrt(sum) - 1) <= UNIT_TOLERANCE)) {
            throw new IllegalArgumentException("chunk " + c.id() + " has a vector of length " + Math.sqrt(sum)
                    + ": vectors must have unit length (divide by their L2 norm)");
        }
    }

    /**
     * Writes the registry records of every document that has chunks (stage READY, this writer's
     * model, chunk counts as added), commits as {@link LuceneIndex} does, then force-merges to at
     * most {@code maxSegments} segments and commits again. Documents without chunks are left out.
     *
     * @return the number of segments of the finished index
     */
    public synchronized int finish(int maxSegments) throws IOException {
        checkOpen();
        if (maxSegments < 1) {
            throw new IllegalArgumentException("maxSegments must be at least 1, got " + maxSegments);
        }
        // distinct "added" times in registration order, so documents() lists them as they were added
        long added = Instant.now().toEpochMilli() - order.size();
        for (String id : order) {
            DocRecord e = docs.get(id);
            int chunks = chunkCounts.get(e.id()).get();
            if (chunks > 0) {
                writer.addDocument(registryRecord(e, chunks, added++));
            }
        }
        commit();
        writer.forceMerge(maxSegments, true);
        commit();
        finished = true;
        try (DirectoryReader r = DirectoryReader.open(writer)) {
            return r.leaves().size();
        }
    }

    /** The registry record, as LuceneIndex writes it for a document that is ready. */
    private org.apache.lucene.document.Document registryRecord(DocRecord e, int chunks, long addedMillis) {
        return Records.registry(new IndexedDocument(e.id(), e.path(), e.title(), e.mediaType(), e.language(), e.pages(),
                e.paginated(), chunks, Stage.READY, model, Instant.ofEpochMilli(addedMillis), e.pageStarts()), e.routeText());
    }

    private void commit() throws IOException {
        writer.setLiveCommitData(Map.of(COMMIT_MODEL, model).entrySet());
        writer.commit();
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("the synthetic index is finished: nothing more can be added");
        }
    }

    /** Closes the index; an unfinished index is closed without its registry (LuceneIndex then sees no documents). */
    @Override
    public void close() throws IOException {
        try {
            writer.close();
        } finally {
            dir.close();
        }
    }

    // ---- what LuceneIndex derives from a parsed document, for building records from real ones ----

    /** A chunk id as the chunker makes them: the first 16 characters of the document id, then the range. */
    public static String chunkId(String docId, int start, int end) {
        return docId.substring(0, 16) + "-" + start + "-" + end;
    }

    /** The registry entry {@link LuceneIndex} makes of a parsed document. */
    public static DocRecord docOf(Document doc) {
        return new DocRecord(doc.id(), doc.source().toString(), doc.title(), doc.mediaType(), doc.language(),
                doc.pages().size(), doc.paginated(), Records.routeText(doc),
                doc.pages().stream().map(dev.lectern.parsing.model.PageSpan::start).toList());
    }

    /** The chunk record {@link LuceneIndex} makes of a parsed document's chunk, with its vector. */
    public static ChunkRecord chunkOf(Document doc, Chunk c, int ordinal, float[] vector) {
        SourceMap map = doc.sourceMap();
        return new ChunkRecord(c.id(), doc.id(), ordinal, c.text(), c.start(), c.end(),
                map == null ? c.start() : map.toSource(c.start()), map == null ? c.end() : map.toSource(c.end()),
                c.pageStart(), c.pageEnd(), c.headingPath(), vector);
    }

    /** What {@link LuceneIndex} gives the embedder for a chunk: title and heading path, then the text. */
    public static String embeddedText(String title, List<String> headingPath, String text) {
        return Records.embeddedText(title, headingPath, text);
    }
}
