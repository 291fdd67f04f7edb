package dev.lectern.indexing.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lectern.indexing.lucene.SyntheticIndexWriter.ChunkRecord;
import dev.lectern.indexing.lucene.SyntheticIndexWriter.DocRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticCorpusTest {
    private static final int DIM = 32;

    private static final List<DocRecord> DOCS = List.of(
            new DocRecord("1".repeat(64), "/d/lease.txt", "Lease", "text/plain", "en", 1, false, "lease\nLease", List.of()),
            new DocRecord("2".repeat(64), "/d/acme-10k.pdf", "Acme 10-K", "application/pdf", "en", 9, true,
                    "acme 10k\nAcme 10-K", List.of()));

    private static final List<SyntheticCorpus.Source> SOURCES = List.of(
            new SyntheticCorpus.Source(0, "The tenant pays rent. Rent is due monthly. Late rent costs a fee.",
                    List.of("Rent"), 1, 1, 0),
            new SyntheticCorpus.Source(0, "Either party may end the lease. Notice must be written.", List.of("Term"), 1, 1, 70),
            new SyntheticCorpus.Source(1, "Revenue grew ten percent. Margins fell slightly. Cash rose.", List.of(), 3, 4, 0),
            new SyntheticCorpus.Source(1, "Capital expenditure was 1,577 million dollars", List.of("Cash flow"), 6, 6, 500));

    private static float[] unit(Random rnd) {
        float[] v = new float[DIM];
        double sum = 0;
        for (int k = 0; k < DIM; k++) {
            v[k] = (float) rnd.nextGaussian();
            sum += v[k] * v[k];
        }
        for (int k = 0; k < DIM; k++) {
            v[k] /= (float) Math.sqrt(sum);
        }
        return v;
    }

    /** Vectors for sources 0 and 2 only, as when a sample is embedded. */
    private static final float[][] VECTORS = {unit(new Random(1)), unit(new Random(2))};
    private static final int[] VECTOR_SOURCES = {0, 2};

    private static SyntheticCorpus corpus(double noise) {
        return new SyntheticCorpus(DOCS, SOURCES, VECTORS, VECTOR_SOURCES, noise, 7);
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += (double) a[k] * b[k];
        }
        return s;
    }

    @Test
    void theFirstCopyIsTheSourcesAsTheyAre() {
        SyntheticCorpus c = corpus(0);
        for (int i = 0; i < SOURCES.size(); i++) {
            ChunkRecord r = c.record(i);
            SyntheticCorpus.Source s = SOURCES.get(i);
            assertThat(r.text()).isEqualTo(s.text());
            assertThat(r.docId()).isEqualTo(DOCS.get(s.doc()).id());
            assertThat(r.headingPath()).isEqualTo(s.headingPath());
            assertThat(List.of(r.start(), r.end(), r.pageStart(), r.pageEnd()))
                    .isEqualTo(List.of(s.start(), s.start() + s.text().length(), s.pageStart(), s.pageEnd()));
        }
        assertThat(c.record(0).vector()).isEqualTo(VECTORS[0]);
        assertThat(c.record(2).vector()).isEqualTo(VECTORS[1]);
        assertThat(List.of(c.record(0).ordinal(), c.record(1).ordinal(), c.record(2).ordinal(), c.record(3).ordinal()))
                .containsExactly(0, 1, 0, 1);
    }

    @Test
    void laterCopiesShuffleTheSentencesOrSpliceTwoSourcesInDocumentsOfTheirOwn() {
        SyntheticCorpus c = corpus(0);
        Set<String> kinds = new HashSet<>();
        for (long i = SOURCES.size(); i < 40 * SOURCES.size(); i++) {
            ChunkRecord r = c.record(i);
            SyntheticCorpus.Source s = SOURCES.get((int) (i % SOURCES.size()));
            List<String> own = new ArrayList<>(SyntheticCorpus.sentences(s.text()));
            List<String> got = new ArrayList<>(SyntheticCorpus.sentences(r.text()));
            own.sort(null);
            got.sort(null);
            if (own.size() >= 2 && own.equals(got)) {
                kinds.add("shuffled");
            } else {
                String firstHalf = s.text().substring(0, s.text().indexOf(' ', s.text().length() / 2));
                assertThat(r.text()).startsWith(firstHalf);
                assertThat(SOURCES.stream().anyMatch(o -> o != s && r.text().endsWith(
                        o.text().substring(o.text().indexOf(' ', o.text().length() / 2)).strip()))).isTrue();
                kinds.add("spliced");
            }
            assertThat(r.docId()).isNotIn(DOCS.get(0).id(), DOCS.get(1).id()).hasSize(64);
        }
        assertThat(kinds).containsExactlyInAnyOrder("shuffled", "spliced");
    }

    @Test
    void vectorsAreUnitLengthAndStayNearTheirSourceVector() {
        double noise = 0.05;
        SyntheticCorpus c = corpus(noise);
        double sum = 0;
        int n = 400;
        for (int i = 0; i < n; i++) {
            ChunkRecord r = c.record(i);
            assertThat(dot(r.vector(), r.vector())).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
            int source = i % SOURCES.size();
            // sources 0 and 2 have their own vectors; 1 and 3 borrow one of the sample
            float[] base = source == 0 ? VECTORS[0] : source == 2 ? VECTORS[1]
                    : dot(r.vector(), VECTORS[0]) > dot(r.vector(), VECTORS[1]) ? VECTORS[0] : VECTORS[1];
            sum += dot(r.vector(), base);
        }
        assertThat(sum / n).isCloseTo(SyntheticCorpus.expectedCosine(noise, DIM), org.assertj.core.data.Offset.offset(0.02));
        assertThat(SyntheticCorpus.expectedCosine(0.02, 384)).isCloseTo(0.93, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void aRecordDependsOnlyOnItsIndexAndTheSeed() {
        SyntheticCorpus a = corpus(0.02);
        SyntheticCorpus b = corpus(0.02);
        for (long i : new long[] {37, 5, 0, 37, 123}) {
            ChunkRecord x = a.record(i);
            ChunkRecord y = b.record(i);
            assertThat(y.text()).isEqualTo(x.text());
            assertThat(y.id()).isEqualTo(x.id());
            assertThat(Arrays.equals(y.vector(), x.vector())).isTrue();
        }
        ChunkRecord other = new SyntheticCorpus(DOCS, SOURCES, VECTORS, VECTOR_SOURCES, 0.02, 8).record(37);
        assertThat(Arrays.equals(other.vector(), a.record(37).vector())).isFalse();
    }

    @Test
    void chunkIdsAreUniqueAndTheDocumentsHoldEveryRecord() {
        SyntheticCorpus c = corpus(0.02);
        long n = 4 * 25 + 3; // 25 full copies and part of one more
        Set<String> ids = new HashSet<>();
        Map<String, Integer> perDoc = new HashMap<>();
        for (long i = 0; i < n; i++) {
            ChunkRecord r = c.record(i);
            assertThat(ids.add(r.id())).as(r.id()).isTrue();
            assertThat(r.id()).startsWith(r.docId().substring(0, 16) + "-");
            perDoc.merge(r.docId(), 1, Integer::sum);
        }
        List<DocRecord> docs = c.documents(n);
        assertThat(docs).extracting(DocRecord::id).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(perDoc.keySet());
        assertThat(docs).hasSize(2 * 26);
        assertThat(docs.get(0)).isEqualTo(DOCS.get(0));
        DocRecord copy = docs.get(2);
        assertThat(copy.path()).isEqualTo("/d/lease.txt#copy-1");
        assertThat(copy.routeText()).isEqualTo(DOCS.get(0).routeText());
    }

    @Test
    void refusesSourcesWhoseChunkIdsWouldCollide() {
        List<SyntheticCorpus.Source> twice = List.of(SOURCES.get(0), SOURCES.get(0));
        assertThatThrownBy(() -> new SyntheticCorpus(DOCS, twice, VECTORS, new int[] {0, 1}, 0, 1))
                .hasMessageContaining("collide");
        assertThatThrownBy(() -> new SyntheticCorpus(DOCS, List.of(), VECTORS, VECTOR_SOURCES, 0, 1))
                .hasMessageContaining("no source chunks");
    }
}
