package dev.lectern.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.indexing.lucene.LuceneIndex;
import dev.lectern.indexing.lucene.RetrievalTuning;
import dev.lectern.parsing.model.Document;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A PDF is cited by page: the first results show several pages, not one page's chunks over and over. */
class PageCrowdingTest {
    @TempDir
    Path dir;

    @Test
    void furtherPassagesOfAListedPageMakeRoomForOtherPages() throws Exception {
        String filler = " The figures were gathered by the regional offices, checked by the finance team, and reported"
                + " to the board at its quarterly meeting, together with the notes on each product line.";
        Path pdf = writePdf(dir.resolve("report.pdf"), List.of(
                List.of("Warranty claims rose in the north region this year." + filler,
                        "Warranty claims rose in the south region too." + filler,
                        "Warranty claims rose in the east region as well." + filler,
                        "Warranty claims rose in the west region again." + filler),
                List.of("Warranty claims reserve policy: the reserve covers expected claims." + filler)));
        Document d = TestCorpus.parse(pdf);
        List<dev.lectern.parsing.model.Chunk> chunks = TestCorpus.chunks(d);
        assertThat(chunks.stream().filter(c -> c.pageStart() == 1).count()).as("chunks on page 1").isGreaterThan(2);
        assertThat(topPages(d, chunks, RetrievalTuning.DEFAULTS.withPageCrowding(1.0))).as("without crowding").doesNotContain(2);
        assertThat(topPages(d, chunks, RetrievalTuning.DEFAULTS)).as("with crowding").contains(1, 2);
    }

    private List<Integer> topPages(Document d, List<dev.lectern.parsing.model.Chunk> chunks, RetrievalTuning tuning) throws Exception {
        Path folder = Files.createTempDirectory(dir, "i");
        try (LuceneIndex index = LuceneIndex.open(folder, null, tuning, false)) {
            index.addDocument(d, chunks);
            return index.retrieve(new SearchRequest("warranty claims rose", 2, SearchMode.BM25, true)).stream()
                    .map(Passage::pageStart).toList();
        }
    }

    private static Path writePdf(Path file, List<List<String>> pages) throws Exception {
        try (PDDocument doc = new PDDocument()) {
            for (List<String> paragraphs : pages) {
                PDPage page = new PDPage();
                doc.addPage(page);
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    float y = 720;
                    for (String p : paragraphs) {
                        List<String> lines = new java.util.ArrayList<>();
                        StringBuilder line = new StringBuilder();
                        for (String word : p.split(" ")) {
                            if (line.length() + word.length() > 80) {
                                lines.add(line.toString().strip());
                                line.setLength(0);
                            }
                            line.append(word).append(' ');
                        }
                        lines.add(line.toString().strip());
                        for (String l : lines) {
                            cs.beginText();
                            cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 10);
                            cs.newLineAtOffset(72, y);
                            cs.showText(l);
                            cs.endText();
                            y -= 13;
                        }
                        y -= 30; // a gap between paragraphs
                    }
                }
            }
            doc.save(file.toFile());
        }
        return file;
    }
}
