package dev.lectern.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.indexing.lucene.LuceneIndex;
import dev.lectern.parsing.model.Document;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed (SIGKILL, no shutdown hooks) in the middle of an ingest leaves the index at its
 * last commit, and ingesting the same files again completes it without duplicates.
 */
class CrashResumeTest {
    @TempDir
    Path dir;

    /** The child process: ingests every file of a folder, one commit each, slowly, until killed. */
    public static void main(String[] args) throws Exception {
        Path index = Path.of(args[0]);
        Path docs = Path.of(args[1]);
        try (LuceneIndex i = LuceneIndex.open(index, null)) {
            List<Path> files;
            try (var s = Files.list(docs)) {
                files = s.sorted().toList();
            }
            for (Path f : files) {
                Document d = TestCorpus.parse(f);
                i.addDocument(d, TestCorpus.chunks(d));
                System.out.println("committed " + f.getFileName());
                System.out.flush();
                Thread.sleep(150);
            }
            System.out.println("done");
        }
    }

    @Test
    void killDuringIngestLeavesTheLastCommitAndTheNextIngestResumesWithoutDuplicates() throws Exception {
        Path docs = Files.createDirectories(dir.resolve("docs"));
        for (int i = 0; i < 30; i++) {
            TestCorpus.write(docs, String.format("doc-%02d.txt", i), "Document number " + i + ".\n\n"
                    + TestCorpus.NDA.replace("three years", (i + 2) + " years"));
        }
        Path indexDir = dir.resolve("index");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashResumeTest.class.getName(), indexDir.toString(),
                docs.toString()).redirectErrorStream(true).start();
        List<String> committed = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("committed ")) {
                    committed.add(line.substring("committed ".length()));
                    if (committed.size() == 5) {
                        child.destroyForcibly(); // SIGKILL: no hooks, no close, mid-way through the batch
                        break;
                    }
                }
            }
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(committed).hasSize(5);

        try (LuceneIndex index = LuceneIndex.open(indexDir, null)) {
            // everything reported committed is there; nothing half-written is
            assertThat(index.documents().size()).isBetween(5, 6);
            assertThat(index.documents()).allMatch(d -> d.chunks() > 0);
            long chunksBefore = index.chunkCount();
            assertThat(distinctChunkIds(indexDir, chunksBefore)).isPositive();

            // resume: ingest the whole folder again
            try (var s = Files.list(docs)) {
                for (Path f : s.sorted().toList()) {
                    Document d = TestCorpus.parse(f);
                    index.addDocument(d, TestCorpus.chunks(d));
                }
            }
            assertThat(index.documents()).hasSize(30);
            assertThat(distinctChunkIds(indexDir, index.chunkCount())).isPositive();
            Set<String> paths = new HashSet<>();
            index.documents().forEach(d -> paths.add(d.path()));
            assertThat(paths).hasSize(30);
        }
    }

    /**
     * Reads the committed index directly: the number of distinct chunk ids among the chunk records.
     * A duplicate would make the records outnumber the ids.
     */
    private static long distinctChunkIds(Path indexDir, long expected) throws Exception {
        try (FSDirectory d = FSDirectory.open(indexDir); DirectoryReader r = DirectoryReader.open(d)) {
            IndexSearcher s = new IndexSearcher(r);
            TopDocs td = s.search(new TermQuery(new Term("type", "chunk")), Math.max(1, r.maxDoc()));
            Set<String> ids = new HashSet<>();
            for (ScoreDoc sd : td.scoreDocs) {
                ids.add(s.storedFields().document(sd.doc).get("id"));
            }
            assertThat(td.scoreDocs.length).as("chunk records").isEqualTo(ids.size());
            assertThat(ids.size()).as("chunks in the registry").isEqualTo(expected);
            return ids.size();
        }
    }
}
