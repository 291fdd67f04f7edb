package dev.lectern.indexing.bench;

import dev.lectern.indexing.lucene.SyntheticIndexWriter;
import dev.lectern.indexing.lucene.SyntheticIndexWriter.ChunkRecord;
import dev.lectern.indexing.lucene.SyntheticIndexWriter.DocRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * <b>For benchmarks only.</b> Any number of chunk records made from a smaller set of real chunks, so
 * that an index of realistic size has realistic text and vectors. Record {@code i} copies source
 * chunk {@code i mod R} (of R sources) into copy {@code i / R} of that chunk's document:
 * <ul>
 *   <li>copy 0 is each source as it is; every later copy varies its text, at random, either by
 *       shuffling its sentences or by splicing its first half to the second half of another source
 *       (so term frequencies and document frequencies stay those of real text, not of exact
 *       duplicates);</li>
 *   <li>the vector is a real chunk vector plus Gaussian noise ({@code noise} per component), made
 *       unit length again: the source's own vector where it was embedded, else (when only a sample
 *       was embedded) the vector of a sampled source picked by the source's index;</li>
 *   <li>copy {@code c > 0} of a document is a document of its own (id: SHA-256 of the original id
 *       and the copy number) with the same title and routing text, so a question that names a
 *       company is routed to all copies of its filings, as in a store with many years of them.</li>
 * </ul>
 * Records are a pure function of their index and the seed: any thread may make any record.
 */
public final class SyntheticCorpus {
    /**
     * A real chunk: the index of its document in the document list, its text and heading path,
     * pages, and its start offset in the document text (unique within its document).
     */
    public record Source(int doc, String text, List<String> headingPath, int pageStart, int pageEnd, int start) {
        public Source {
            Objects.requireNonNull(text, "text");
            headingPath = List.copyOf(headingPath);
        }
    }

    private final List<DocRecord> documents;
    private final List<Source> sources;
    private final float[][] vectors;
    private final int[] vectorOf;
    private final int[] ordinalOf;
    private final double noise;
    private final long seed;
    private final Map<Long, String> copyIds = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param documents     the real documents the sources come from
     * @param sources       the real chunks, in document order
     * @param vectors       embedded vectors (unit length) of some of the sources
     * @param vectorSources for each vector, the index of the source it was made from
     * @param noise         standard deviation of the noise added to each vector component (0: none)
     * @param seed          seed of every random choice
     */
    public SyntheticCorpus(List<DocRecord> documents, List<Source> sources, float[][] vectors, int[] vectorSources,
                           double noise, long seed) {
        this.documents = List.copyOf(documents);
        this.sources = List.copyOf(sources);
        if (this.sources.isEmpty()) {
            throw new IllegalArgumentException("no source chunks: a synthetic corpus copies real chunks, give it some");
        }
        if (vectors.length == 0 || vectors.length != vectorSources.length) {
            throw new IllegalArgumentException("need at least one vector and one source index per vector; got "
                    + vectors.length + " vectors and " + vectorSources.length + " source indexes");
        }
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("illegal noise value " + noise + ": must be a finite value >= 0");
        }
        this.vectors = vectors.clone();
        this.noise = noise;
        this.seed = seed;
        int r = this.sources.size();
        this.vectorOf = new int[r];
        Arrays.fill(vectorOf, -1);
        for (int k = 0; k < vectorSources.length; k++) {
            if (vectorSources[k] < 0 || vectorSources[k] >= r) {
                throw new IllegalArgumentException("vector " + k + " names source " + vectorSources[k] + " of " + r);
            }
            vectorOf[vectorSources[k]] = k;
        }
        for (int j = 0; j < r; j++) {
            if (vectorOf[j] < 0) {
                vectorOf[j] = (int) Math.floorMod(mix(seed, j), (long) vectors.length);
            }
        }
        this.ordinalOf = new int[r];
        Map<Integer, Integer> next = new HashMap<>();
        Set<Long> starts = new HashSet<>();
        for (int j = 0; j < r; j++) {
            Source s = this.sources.get(j);
            if (s.doc() < 0 || s.doc() >= this.documents.size()) {
                throw new IllegalArgumentException("source " + j + " names document " + s.doc() + " of "
                        + this.documents.size());
            }
            if (!starts.add(((long) s.doc() << 32) | s.start())) {
                throw new IllegalArgumentException("source " + j + " starts at " + s.start() + " like another source of "
                        + "document " + s.doc() + ": chunk ids would collide");
            }
            ordinalOf[j] = next.merge(s.doc(), 1, Integer::sum) - 1;
        }
    }

    /** The number of real chunks copied. */
    public int sources() {
        return sources.size();
    }

    /** The documents that the first {@code n} records belong to, copy by copy, in document order. */
    public List<DocRecord> documents(long n) {
        int r = sources.size();
        List<DocRecord> out = new ArrayList<>();
        long copies = (n + r - 1) / r;
        for (long c = 0; c < copies; c++) {
            int limit = (int) Math.min(r, n - c * r);
            boolean[] has = new boolean[documents.size()];
            for (int j = 0; j < limit; j++) {
                has[sources.get(j).doc()] = true;
            }
            for (int d = 0; d < has.length; d++) {
                if (has[d]) {
                    out.add(copyOf(d, (int) c));
                }
            }
        }
        return out;
    }

    private DocRecord copyOf(int d, int copy) {
        DocRecord real = documents.get(d);
        if (copy == 0) {
            return real;
        }
        return new DocRecord(copyId(d, copy), real.path() + "#copy-" + copy, real.title(), real.mediaType(),
                real.language(), real.pages(), real.paginated(), real.routeText(), real.pageStarts());
    }

    private String copyId(int d, int copy) {
        if (copy == 0) {
            return documents.get(d).id();
        }
        return copyIds.computeIfAbsent(((long) copy << 32) | d, k -> sha256(documents.get(d).id() + "#copy-" + copy));
    }

    /** Record {@code i}: a copy of source {@code i mod R}, varied unless it is the first copy. */
    public ChunkRecord record(long i) {
        int r = sources.size();
        int j = (int) (i % r);
        int copy = (int) (i / r);
        Source s = sources.get(j);
        Random rnd = new Random(mix(seed, i));
        String text = copy == 0 ? s.text() : vary(j, rnd);
        String docId = copyId(s.doc(), copy);
        int end = s.start() + text.length();
        return new ChunkRecord(SyntheticIndexWriter.chunkId(docId, s.start(), end), docId, ordinalOf[j], text, s.start(),
                end, s.start(), end, s.pageStart(), s.pageEnd(), s.headingPath(), vector(j, rnd));
    }

    private String vary(int j, Random rnd) {
        String text = sources.get(j).text();
        List<String> sentences = sentences(text);
        if (sentences.size() >= 2 && rnd.nextBoolean()) {
            Collections.shuffle(sentences, rnd);
            return String.join(" ", sentences);
        }
        int r = sources.size();
        int k = r == 1 ? j : (j + 1 + rnd.nextInt(r - 1)) % r;
        String other = sources.get(k).text();
        return text.substring(0, wordCut(text)) + " " + other.substring(wordCut(other)).strip();
    }

    /** Sentences and lines of {@code text}, trimmed, none empty. */
    static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        for (String s : text.split("(?<=[.!?])\\s+|\\n+")) {
            String t = s.strip();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    /** The first whitespace at or after the middle of {@code text}, or the middle when there is none. */
    private static int wordCut(String text) {
        int mid = text.length() / 2;
        for (int p = mid; p < text.length(); p++) {
            if (Character.isWhitespace(text.charAt(p))) {
                return p;
            }
        }
        return mid;
    }

    private float[] vector(int j, Random rnd) {
        float[] base = vectors[vectorOf[j]];
        if (noise == 0) {
            return base.clone();
        }
        float[] v = new float[base.length];
        double sum = 0;
        for (int k = 0; k < v.length; k++) {
            v[k] = (float) (base[k] + rnd.nextGaussian() * noise);
            sum += (double) v[k] * v[k];
        }
        float scale = (float) (1 / Math.sqrt(sum));
        for (int k = 0; k < v.length; k++) {
            v[k] *= scale;
        }
        return v;
    }

    /**
     * The cosine a noisy copy keeps to its source vector on average, for {@code noise} per
     * component in {@code dimension} dimensions: 1 / sqrt(1 + dimension * noise^2).
     */
    public static double expectedCosine(double noise, int dimension) {
        return 1 / Math.sqrt(1 + dimension * noise * noise);
    }

    private static long mix(long seed, long i) {
        long z = seed + 0x9E3779B97F4A7C15L * (i + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
