package dev.lectern.indexing.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lectern.indexing.IndexedDocument;
import dev.lectern.indexing.Passage;
import dev.lectern.indexing.SearchMode;
import dev.lectern.indexing.SearchRequest;
import dev.lectern.indexing.embed.Embedder;
import dev.lectern.indexing.lucene.SyntheticIndexWriter.ChunkRecord;
import dev.lectern.indexing.lucene.SyntheticIndexWriter.DocRecord;
import dev.lectern.parsing.DocumentParser;
import dev.lectern.parsing.TokenCounter;
import dev.lectern.parsing.chunk.StructureChunker;
import dev.lectern.parsing.model.Chunk;
import dev.lectern.parsing.model.Document;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticIndexWriterTest {
    @TempDir
    Path dir;

    /** Bag of hashed words, unit length: the same text always gives the same vector, similar texts similar ones. */
    static final class HashingEmbedder implements Embedder {
        static final int DIMENSION = 64;

        @Override
        public String modelId() {
            return "hashing-test";
        }

        @Override
        public int dimension() {
            return DIMENSION;
        }

        @Override
        public int maxTokens() {
            return 512;
        }

        @Override
        public float[][] embedPassages(List<String> texts) {
            return texts.stream().map(HashingEmbedder::embed).toArray(float[][]::new);
        }

        @Override
        public float[] embedQuery(String query) {
            return embed(query);
        }

        @Override
        public int countTokens(String text) {
            return text.isBlank() ? 0 : text.strip().split("\\s+").length;
        }

        static float[] embed(String text) {
            float[] v = new float[DIMENSION];
            for (String w : text.toLowerCase(Locale.ROOT).split("\\W+")) {
                if (!w.isEmpty()) {
                    v[Math.floorMod(w.hashCode(), DIMENSION)] += 1;
                }
            }
            double sum = 0;
            for (float x : v) {
                sum += x * x;
            }
            if (sum == 0) {
                v[0] = 1;
                return v;
            }
            for (int k = 0; k < v.length; k++) {
                v[k] /= (float) Math.sqrt(sum);
            }
            return v;
        }
    }

    private static final String POLICY = """
            # Acme Privacy Policy

            ## Information we collect
            We collect your name, e-mail address and billing address when you create an account.

            ## Sharing with third parties
            We never sell personal data. Service providers that process payments receive only what they need.

            ## Data retention
            We delete account data within thirty days after you close your account.

            ## Rights of residents of California, Virginia, Colorado, Connecticut, Utah and every other state whose privacy law grants rights of access, correction and deletion
            You may ask us what we hold about you, and we answer within forty-five days.
            """;

    @Test
    void recordsMatchThoseLuceneIndexWritesFieldByFieldTermByTermAndValueByValue() throws Exception {
        Path file = dir.resolve("acme-policy.md");
        Files.writeString(file, POLICY, StandardCharsets.UTF_8);
        Document doc = new DocumentParser().extract(file);
        List<Chunk> chunks = new StructureChunker(TokenCounter.APPROXIMATE, 24).chunk(doc);
        assertThat(chunks).hasSizeGreaterThan(2);
        assertThat(chunks).anyMatch(c -> !c.headingPath().isEmpty());
        // title and heading path longer than LuceneIndex puts before an embedded chunk
        assertThat(chunks).anyMatch(c -> String.join(" > ", c.headingPath()).length() > 160);
        HashingEmbedder embedder = new HashingEmbedder();

        Path real = dir.resolve("real");
        try (LuceneIndex index = LuceneIndex.open(real, embedder)) {
            index.addDocument(doc, chunks);
            index.embedPending((a, b, c, d, e) -> { }, () -> false);
        }
        Map<String, String> realCommit = commitData(real);
        // LuceneIndex rewrites the registry record when vectors are done: purge the old one
        try (Directory d = FSDirectory.open(real);
             IndexWriter w = new IndexWriter(d, new IndexWriterConfig(Analyzers.indexing())
                     .setOpenMode(IndexWriterConfig.OpenMode.APPEND))) {
            w.forceMerge(1);
            w.commit();
        }

        Path synthetic = dir.resolve("synthetic");
        try (SyntheticIndexWriter w = SyntheticIndexWriter.create(synthetic, embedder.modelId(), embedder.dimension(), 16)) {
            w.addDocument(SyntheticIndexWriter.docOf(doc));
            for (int i = 0; i < chunks.size(); i++) {
                Chunk c = chunks.get(i);
                float[] v = embedder.embedPassages(List.of(
                        SyntheticIndexWriter.embeddedText(doc.title(), c.headingPath(), c.text())))[0];
                w.addChunk(SyntheticIndexWriter.chunkOf(doc, c, i, v));
            }
            assertThat(w.finish(1)).isEqualTo(1);
        }

        assertThat(commitData(synthetic)).isEqualTo(realCommit).containsEntry("embeddingModel", "hashing-test");
        try (DirectoryReader a = DirectoryReader.open(FSDirectory.open(real));
             DirectoryReader b = DirectoryReader.open(FSDirectory.open(synthetic))) {
            assertThat(b.numDocs()).isEqualTo(a.numDocs()).isEqualTo(2 * chunks.size() + 1);
            assertThat(fieldTypes(b)).isEqualTo(fieldTypes(a));
            for (String field : fieldTypes(a).keySet()) {
                assertThat(terms(b, field)).as("terms of " + field).isEqualTo(terms(a, field));
            }
            assertThat(storedValues(b)).isEqualTo(storedValues(a));
            Map<String, float[]> va = vectors(a);
            Map<String, float[]> vb = vectors(b);
            assertThat(vb.keySet()).isEqualTo(va.keySet()).hasSize(chunks.size());
            for (String id : va.keySet()) {
                assertThat(vb.get(id)).as(id).isEqualTo(va.get(id));
            }
        }
    }

    private static Map<String, String> commitData(Path index) throws Exception {
        try (DirectoryReader r = DirectoryReader.open(FSDirectory.open(index))) {
            return new TreeMap<>(r.getIndexCommit().getUserData());
        }
    }

    /** Every field with everything about how it is indexed. */
    private static Map<String, String> fieldTypes(DirectoryReader r) {
        Map<String, String> out = new TreeMap<>();
        for (FieldInfo fi : FieldInfos.getMergedFieldInfos(r)) {
            out.put(fi.name, fi.getIndexOptions() + " docValues=" + fi.getDocValuesType() + " points="
                    + fi.getPointDimensionCount() + "/" + fi.getPointIndexDimensionCount() + "/" + fi.getPointNumBytes()
                    + " vector=" + fi.getVectorDimension() + "/" + fi.getVectorEncoding() + "/"
                    + fi.getVectorSimilarityFunction() + " norms=" + !fi.omitsNorms() + " payloads=" + fi.hasPayloads()
                    + " termVectors=" + fi.hasVectors());
        }
        return out;
    }

    /** Each term of an indexed field with its document and total frequency. */
    private static Map<String, String> terms(DirectoryReader r, String field) throws Exception {
        Map<String, String> out = new TreeMap<>();
        FieldInfo fi = FieldInfos.getMergedFieldInfos(r).fieldInfo(field);
        if (fi == null || fi.getIndexOptions() == IndexOptions.NONE) {
            return out;
        }
        Terms terms = MultiTerms.getTerms(r, field);
        if (terms == null) {
            return out;
        }
        TermsEnum te = terms.iterator();
        for (BytesRef t = te.next(); t != null; t = te.next()) {
            out.put(t.utf8ToString(), te.docFreq() + "/" + te.totalTermFreq());
        }
        return out;
    }

    /** Every document's stored fields, but the time it was added; sorted, so order does not count. */
    private static List<String> storedValues(DirectoryReader r) throws Exception {
        List<String> out = new ArrayList<>();
        StoredFields sf = r.storedFields();
        for (int d = 0; d < r.maxDoc(); d++) {
            Map<String, List<String>> values = new TreeMap<>();
            for (IndexableField f : sf.document(d)) {
                if (!f.name().equals(Fields.ADDED + "_v")) {
                    String v = f.numericValue() != null ? f.numericValue().getClass().getSimpleName() + ":" + f.numericValue()
                            : f.stringValue();
                    values.computeIfAbsent(f.name(), k -> new ArrayList<>()).add(v);
                }
            }
            out.add(values.toString());
        }
        out.sort(null);
        return out;
    }

    private static Map<String, float[]> vectors(DirectoryReader r) throws Exception {
        Map<String, float[]> out = new HashMap<>();
        for (LeafReaderContext leaf : r.leaves()) {
            FloatVectorValues v = leaf.reader().getFloatVectorValues(Fields.VECTOR);
            if (v == null) {
                continue;
            }
            StoredFields sf = leaf.reader().storedFields();
            for (int d = v.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = v.nextDoc()) {
                out.put(sf.document(d).get(Fields.ID), v.vectorValue().clone());
            }
        }
        return out;
    }

    // ---- a synthetic index as a workspace index ----

    private static final String[][] TEXTS = {
        {"Zebra quartz clauses govern the lease of the warehouse.", "The tenant pays rent monthly in advance.",
            "Either party may end the lease on ninety days notice."},
        {"Omega filings report revenue by segment.", "Capital expenditure rose to twelve million dollars.",
            "Marmalade pricing drove the gross margin in the third quarter."},
    };

    private record Written(List<DocRecord> docs, List<ChunkRecord> chunks) {
    }

    private static Written writeSmallIndex(Path folder) throws Exception {
        List<DocRecord> docs = List.of(
                new DocRecord("a".repeat(64), "/docs/lease.txt", "Warehouse Lease", "text/plain", "en", 1, false,
                        "lease\nWarehouse Lease Zebra quartz clauses", List.of()),
                new DocRecord("b".repeat(64), "/docs/omega-10k.pdf", "Omega 10-K", "application/pdf", "en", 3, true,
                        "omega 10k\nOmega 10-K Omega filings", List.of(0, 100, 200)));
        List<ChunkRecord> chunks = new ArrayList<>();
        try (SyntheticIndexWriter w = SyntheticIndexWriter.create(folder, "hashing-test", HashingEmbedder.DIMENSION, 16)) {
            for (int d = 0; d < docs.size(); d++) {
                w.addDocument(docs.get(d));
                int offset = 0;
                for (int i = 0; i < TEXTS[d].length; i++) {
                    String text = TEXTS[d][i];
                    String docId = docs.get(d).id();
                    ChunkRecord c = new ChunkRecord(SyntheticIndexWriter.chunkId(docId, offset, offset + text.length()),
                            docId, i, text, offset, offset + text.length(), offset, offset + text.length(), i + 1, i + 1,
                            List.of("Part " + (i + 1)), HashingEmbedder.embed(text));
                    w.addChunk(c);
                    chunks.add(c);
                    offset += text.length() + 2;
                }
            }
            w.finish(1);
        }
        return new Written(docs, chunks);
    }

    @Test
    void luceneIndexOpensTheSyntheticIndexWithItsDocumentsAndChunkCounts() throws Exception {
        Path folder = dir.resolve("index");
        Written written = writeSmallIndex(folder);
        try (LuceneIndex index = LuceneIndex.open(folder, new HashingEmbedder())) {
            assertThat(index.chunkCount()).isEqualTo(written.chunks().size());
            assertThat(index.documents()).extracting(IndexedDocument::id, IndexedDocument::path, IndexedDocument::chunks,
                            IndexedDocument::stage, IndexedDocument::embeddingModel)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("a".repeat(64), "/docs/lease.txt", 3,
                                    IndexedDocument.Stage.READY, "hashing-test"),
                            org.assertj.core.groups.Tuple.tuple("b".repeat(64), "/docs/omega-10k.pdf", 3,
                                    IndexedDocument.Stage.READY, "hashing-test"));
            IndexedDocument omega = index.document("b".repeat(64)).orElseThrow();
            assertThat(omega.pages()).isEqualTo(3);
            assertThat(omega.paginated()).isTrue();
            assertThat(omega.title()).isEqualTo("Omega 10-K");
        }
    }

    @Test
    void bm25VectorAndHybridSearchReturnTheSyntheticPassagesWithTheirExactText() throws Exception {
        Path folder = dir.resolve("index");
        Written written = writeSmallIndex(folder);
        ChunkRecord target = written.chunks().get(5); // "Marmalade pricing ..."
        try (LuceneIndex index = LuceneIndex.open(folder, new HashingEmbedder())) {
            for (SearchMode mode : SearchMode.values()) {
                List<Passage> hits = index.retrieve(new SearchRequest(target.text(), 3, mode, true));
                assertThat(hits).as(mode.name()).isNotEmpty();
                Passage top = hits.get(0);
                assertThat(top.text()).as(mode.name()).isEqualTo(target.text());
                assertThat(top.chunkId()).isEqualTo(target.id());
                assertThat(top.docId()).isEqualTo(target.docId());
                assertThat(List.of(top.start(), top.end(), top.pageStart(), top.pageEnd()))
                        .isEqualTo(List.of(target.start(), target.end(), target.pageStart(), target.pageEnd()));
                assertThat(top.headingPath()).isEqualTo(target.headingPath());
                List<String> writtenTexts = written.chunks().stream().map(ChunkRecord::text).toList();
                assertThat(hits).extracting(Passage::text).allMatch(writtenTexts::contains);
            }
            assertThat(index.retrieve(new SearchRequest("zebra quartz", 1, SearchMode.BM25, false)).get(0).text())
                    .isEqualTo(TEXTS[0][0]);
            Passage byVector = index.retrieve(new SearchRequest(target.text(), 1, SearchMode.VECTOR, false)).get(0);
            assertThat(byVector.why().vectorScore()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        }
    }

    @Test
    void refusesAFolderThatAlreadyHoldsFiles() throws Exception {
        Path folder = dir.resolve("busy");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("segments_1"), "x");
        assertThatThrownBy(() -> SyntheticIndexWriter.create(folder, "m", 4, 16))
                .hasMessageContaining("not empty");
    }

    @Test
    void rejectsVectorsOfTheWrongLengthOrNotOfUnitLength() throws Exception {
        try (SyntheticIndexWriter w = SyntheticIndexWriter.create(dir.resolve("i"), "m", 4, 16)) {
            w.addDocument(new DocRecord("c".repeat(64), "/x.txt", "X", "text/plain", "en", 1, false, "x\nX", List.of()));
            String id = SyntheticIndexWriter.chunkId("c".repeat(64), 0, 1);
            assertThatThrownBy(() -> w.addChunk(new ChunkRecord(id, "c".repeat(64), 0, "x", 0, 1, 0, 1, 1, 1, List.of(),
                    new float[] {1, 0, 0}))).hasMessageContaining("3 components");
            assertThatThrownBy(() -> w.addChunk(new ChunkRecord(id, "c".repeat(64), 0, "x", 0, 1, 0, 1, 1, 1, List.of(),
                    new float[] {1, 1, 0, 0}))).hasMessageContaining("unit length");
            assertThatThrownBy(() -> w.addChunk(new ChunkRecord(id, "d".repeat(64), 0, "x", 0, 1, 0, 1, 1, 1, List.of(),
                    new float[] {1, 0, 0, 0}))).hasMessageContaining("addDocument first");
        }
    }
}
