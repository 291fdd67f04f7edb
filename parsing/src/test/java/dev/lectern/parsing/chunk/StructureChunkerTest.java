package dev.lectern.parsing.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lectern.parsing.DocumentParser;
import dev.lectern.parsing.ParseOptions;
import dev.lectern.parsing.TokenCounter;
import dev.lectern.parsing.model.Chunk;
import dev.lectern.parsing.model.Document;
import dev.lectern.parsing.model.Metadata;
import dev.lectern.parsing.model.OcrStatus;
import dev.lectern.parsing.model.PageSpan;
import dev.lectern.parsing.model.Section;
import dev.lectern.parsing.model.Table;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StructureChunker} on documents built here, offset by offset: random documents for the
 * invariants (coverage, order, budget, pages, ids), and named documents for the structural rules
 * (headings travel with their body, tables split only between rows, sections start chunks).
 */
class StructureChunkerTest {

    /** One token per whitespace-separated word: makes budgets in the named cases easy to reason about. */
    private static final TokenCounter WORDS = (text, start, end) -> {
        int words = 0;
        boolean inWord = false;
        for (int i = start; i < end; i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space && !inWord) {
                words++;
            }
            inWord = !space;
        }
        return words;
    };

    @TempDir
    Path dir;

    // ---- random documents ---------------------------------------------------------------------

    @Test
    void randomTextIsCoveredWithoutGapsAndWithinBudget() {
        for (int seed = 0; seed < 200; seed++) {
            Random random = new Random(seed * 7_919L + 17);
            int budget = 16 + random.nextInt(385);
            Document doc = randomDocument(random, budget, false);
            StructureChunker chunker = new StructureChunker(TokenCounter.APPROXIMATE, budget);

            List<Chunk> chunks = chunker.chunk(doc);

            String context = "seed " + seed + ", budget " + budget + ", text length " + doc.text().length();
            String text = doc.text();
            int[] owners = new int[text.length()];
            int previousEnd = 0;
            for (Chunk c : chunks) {
                String where = context + ", chunk [" + c.start() + ", " + c.end() + ")";
                assertThat(c.start()).as(where).isGreaterThanOrEqualTo(previousEnd);
                assertThat(c.end()).as(where).isGreaterThan(c.start()).isLessThanOrEqualTo(text.length());
                assertThat(c.text()).as(where).isEqualTo(text.substring(c.start(), c.end()));
                assertThat(c.text()).as(where).isNotBlank();
                assertThat(c.documentId()).isEqualTo(doc.id());
                assertThat(c.tokens()).as(where).isEqualTo(TokenCounter.APPROXIMATE.count(text, c.start(), c.end()))
                        .isLessThanOrEqualTo(budget);
                int[] pages = doc.pageRange(c.start(), c.end());
                assertThat(new int[] {c.pageStart(), c.pageEnd()}).as(where).containsExactly(pages);
                assertThat(c.headingPath()).as(where).isEqualTo(doc.headingPathAt(c.start()));
                assertThat(Character.isLowSurrogate(text.charAt(c.start()))).as(where + " starts inside a surrogate pair")
                        .isFalse();
                assertThat(Character.isHighSurrogate(text.charAt(c.end() - 1))).as(where + " ends inside a surrogate pair")
                        .isFalse();
                for (int i = c.start(); i < c.end(); i++) {
                    owners[i]++;
                }
                previousEnd = c.end();
            }
            for (int i = 0; i < text.length(); i++) {
                if (!Character.isWhitespace(text.charAt(i))) {
                    assertThat(owners[i]).as("%s: chunks holding character %d '%s'", context, i, text.charAt(i))
                            .isEqualTo(1);
                }
            }

            List<String> ids = chunks.stream().map(Chunk::id).toList();
            assertThat(new HashSet<>(ids)).as(context + ": ids are unique").hasSameSizeAs(ids);
            assertThat(new StructureChunker(TokenCounter.APPROXIMATE, budget).chunk(doc))
                    .as(context + ": chunking again gives the same chunks").isEqualTo(chunks);
        }
    }

    @Test
    void headingsNeverEndAChunkInRandomDocuments() {
        for (int seed = 0; seed < 200; seed++) {
            Random random = new Random(seed * 104_729L + 3);
            int budget = 64 + random.nextInt(337);
            Document doc = randomDocument(random, budget, true);

            List<Chunk> chunks = new StructureChunker(TokenCounter.APPROXIMATE, budget).chunk(doc);

            assertNoChunkButTheLastEndsWithAHeading(doc, chunks, "seed " + seed + ", budget " + budget);
        }
    }

    // ---- named cases --------------------------------------------------------------------------

    @Test
    void aHeadingIsNeverLeftAtTheEndOfAChunk() {
        // a short intro, three headings in a row, then a body that does not fit beside the intro
        String intro = "This agreement binds both parties.";
        List<String> headings = List.of("ARTICLE IV TERM AND TERMINATION", "Section 4.1 Term", "4.1.1 Initial Term");
        String body = words("The initial term runs", 25);
        DocBuilder b = new DocBuilder();
        b.paragraph(intro);
        b.heading(1, headings.get(0));
        b.heading(2, headings.get(1));
        b.heading(3, headings.get(2));
        b.paragraph(body);
        b.paragraph("Renewal is automatic.");
        Document doc = b.build();
        int budget = 40;
        // preconditions: the intro is too small to close a chunk at a section start (under a fifth of
        // the budget); intro, headings and body do not fit together, the headings and body do
        int headingWords = headings.stream().mapToInt(WORDS::count).sum();
        assertThat(WORDS.count(intro)).isLessThan(budget / 5);
        assertThat(WORDS.count(intro) + headingWords + WORDS.count(body)).isGreaterThan(budget);
        assertThat(headingWords + WORDS.count(body)).isLessThanOrEqualTo(budget);

        List<Chunk> chunks = new StructureChunker(WORDS, budget).chunk(doc);

        assertNoChunkButTheLastEndsWithAHeading(doc, chunks, "named case");
        Chunk withBody = chunkContaining(doc, chunks, "The initial term runs");
        assertThat(withBody.text()).startsWith("ARTICLE IV TERM AND TERMINATION\n\nSection 4.1 Term\n\n4.1.1 Initial Term");
        assertThat(withBody.headingPath()).containsExactly("ARTICLE IV TERM AND TERMINATION");
    }

    @Test
    void aCaptionTravelsWithItsTable() {
        DocBuilder b = new DocBuilder();
        b.paragraph(words("Revenue grew in every region", 30));
        b.paragraph("Table 7 Quarterly revenue by region");
        b.table("Table 7 Quarterly revenue by region", tableRows(8));
        Document doc = b.build();

        List<Chunk> chunks = new StructureChunker(WORDS, 40).chunk(doc);

        Chunk caption = chunkContaining(doc, chunks, "Table 7 Quarterly revenue by region");
        assertThat(caption.text()).startsWith("Table 7 Quarterly revenue by region").contains("| Region | Quarter |");
    }

    @Test
    void aTableIsSplitOnlyBetweenRows() {
        DocBuilder b = new DocBuilder();
        b.paragraph("The regional figures follow.");
        b.paragraph("Table 7 Quarterly revenue by region");
        List<String> rows = tableRows(60);
        b.table("Table 7 Quarterly revenue by region", rows);
        b.paragraph("Figures are unaudited.");
        Document doc = b.build();
        Table table = doc.tables().get(0);
        int budget = 64;

        List<Chunk> chunks = new StructureChunker(TokenCounter.APPROXIMATE, budget).chunk(doc);

        String text = doc.text();
        Set<Integer> rowStarts = new HashSet<>();
        Set<Integer> rowEnds = new HashSet<>();
        for (int pos = table.start(), r = 0; pos < table.end(); r++) {
            int end = text.indexOf('\n', pos);
            end = end < 0 || end > table.end() ? table.end() : end;
            if (r != 1) { // the --- separator line never starts a chunk, the header line never ends one
                rowStarts.add(pos);
            }
            if (r != 0) {
                rowEnds.add(end);
            }
            pos = end + 1;
        }
        List<Chunk> inTable = chunks.stream().filter(c -> c.start() < table.end() && c.end() > table.start()).toList();
        assertThat(inTable).hasSizeGreaterThan(2);
        for (Chunk c : inTable) {
            if (c.start() > table.start()) {
                assertThat(rowStarts).as("chunk %s starts at a row", c.text()).contains(c.start());
            }
            if (c.end() < table.end()) {
                assertThat(rowEnds).as("chunk %s ends at a row end", c.text()).contains(c.end());
            }
            assertThat(c.tokens()).isLessThanOrEqualTo(budget);
        }
        Chunk header = chunkContaining(doc, chunks, "| Region | Quarter |");
        assertThat(header.text()).contains("| Region | Quarter | Revenue |\n| --- | --- | --- |\n" + rows.get(2));
        assertThat(header.text()).as("the caption travels with the header row")
                .contains("Table 7 Quarterly revenue by region\n\n| Region | Quarter | Revenue |");
    }

    @Test
    void aTableRowLongerThanTheBudgetIsKeptWhole() {
        DocBuilder b = new DocBuilder();
        String longRow = "| " + words("very long cell", 60) + " | 1 |";
        b.table("", List.of("| Item | Value |", "| --- | --- |", "| short | 2 |", longRow, "| after | 3 |"));
        Document doc = b.build();

        List<Chunk> chunks = new StructureChunker(WORDS, 20).chunk(doc);

        assertThat(chunks).anySatisfy(c -> {
            assertThat(c.text()).isEqualTo(longRow);
            assertThat(c.tokens()).isGreaterThan(20);
        });
        assertThat(chunks).allSatisfy(c -> assertThat(c.text()).startsWith("|").endsWith("|"));
    }

    @Test
    void newSectionStartsANewChunk() {
        DocBuilder b = new DocBuilder();
        b.heading(1, "ARTICLE I DEFINITIONS");
        b.paragraph(words("Confidential Information means", 25));
        b.heading(1, "ARTICLE II OBLIGATIONS");
        b.paragraph(words("The receiving party shall", 10));
        Document doc = b.build();

        List<Chunk> chunks = new StructureChunker(WORDS, 100).chunk(doc); // everything would fit in one

        assertThat(chunks).hasSize(2);
        assertThat(chunks.get(0).text()).startsWith("ARTICLE I DEFINITIONS").doesNotContain("ARTICLE II");
        assertThat(chunks.get(1).text()).startsWith("ARTICLE II OBLIGATIONS");
        assertThat(chunks.get(1).start()).isEqualTo(doc.text().indexOf("ARTICLE II OBLIGATIONS"));
    }

    @Test
    void aSectionTooSmallToStandAloneSharesItsChunk() {
        DocBuilder b = new DocBuilder();
        b.heading(1, "ARTICLE I DEFINITIONS");
        b.paragraph("Terms are defined below."); // 4 words: under a fifth of the budget
        b.heading(1, "ARTICLE II OBLIGATIONS");
        b.paragraph(words("The receiving party shall", 10));
        Document doc = b.build();

        List<Chunk> chunks = new StructureChunker(WORDS, 100).chunk(doc);

        assertThat(chunks).hasSize(1);
        assertThat(chunks.get(0).text()).isEqualTo(doc.text());
    }

    @Test
    void headingPathIsCarried() {
        DocBuilder b = new DocBuilder();
        b.heading(1, "ARTICLE I DEFINITIONS");
        b.heading(3, "1.1 Confidential Information");
        for (int i = 0; i < 6; i++) {
            b.paragraph(words("Confidential paragraph " + i + " says", 14));
        }
        b.heading(3, "1.2 Affiliate");
        b.paragraph(words("Affiliate means", 12));
        b.heading(1, "ARTICLE II OBLIGATIONS");
        b.paragraph(words("Obligations apply", 12));
        Document doc = b.build();

        List<Chunk> chunks = new StructureChunker(WORDS, 30).chunk(doc);

        assertThat(chunks).hasSizeGreaterThan(4);
        for (Chunk c : chunks) {
            // the path is that of the innermost section open where the chunk starts
            List<String> expected;
            if (c.text().startsWith("ARTICLE I DEFINITIONS")) {
                expected = List.of("ARTICLE I DEFINITIONS");
            } else if (c.text().startsWith("Confidential paragraph")) {
                expected = List.of("ARTICLE I DEFINITIONS", "1.1 Confidential Information");
            } else if (c.text().startsWith("1.2 Affiliate") || c.text().startsWith("Affiliate means")) {
                expected = List.of("ARTICLE I DEFINITIONS", "1.2 Affiliate");
            } else if (c.text().startsWith("ARTICLE II OBLIGATIONS") || c.text().startsWith("Obligations apply")) {
                expected = List.of("ARTICLE II OBLIGATIONS");
            } else {
                throw new AssertionError("unexpected chunk start: " + c.text());
            }
            assertThat(c.headingPath()).as("heading path of %s", c.text()).isEqualTo(expected);
        }
        assertThat(chunks.stream().filter(c -> c.text().startsWith("Confidential paragraph")).count())
                .as("a long section continues over several chunks that all carry its path").isGreaterThan(1);
    }

    @Test
    void markdownHeadingsLeadTheirChunks() throws Exception {
        Path file = Files.writeString(dir.resolve("guide.md"), "# Installation Guide\n\n"
                + words("Lectern runs on every desktop", 30) + "\n\n"
                + "## Requirements\n\n"
                + words("Java and Maven are needed", 30) + "\n\n"
                + "## Usage\n\n"
                + words("Run the launcher from a shell", 30) + "\n", StandardCharsets.UTF_8);
        Document doc = new DocumentParser(ParseOptions.DEFAULTS.withOcr(false)).extract(file);

        List<Chunk> chunks = new StructureChunker(WORDS, 40).chunk(doc);

        assertThat(chunks.get(0).headingPath()).containsExactly("Installation Guide");
        Chunk requirements = chunkContaining(doc, chunks, "## Requirements");
        assertThat(requirements.text()).startsWith("## Requirements").contains("Java and Maven are needed");
        assertThat(requirements.headingPath()).containsExactly("Installation Guide", "Requirements");
        Chunk usage = chunkContaining(doc, chunks, "## Usage");
        assertThat(usage.text()).startsWith("## Usage").contains("Run the launcher");
        assertThat(usage.headingPath()).containsExactly("Installation Guide", "Usage");
    }

    @Test
    void rejectsABudgetTooSmallToHoldASentence() {
        assertThatThrownBy(() -> new StructureChunker(TokenCounter.APPROXIMATE, 15))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 16");
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static void assertNoChunkButTheLastEndsWithAHeading(Document doc, List<Chunk> chunks, String context) {
        Set<Integer> headingEnds = new HashSet<>();
        for (Section s : doc.sections()) {
            headingEnds.add(s.headingEnd());
        }
        for (int i = 0; i < chunks.size() - 1; i++) {
            Chunk c = chunks.get(i);
            assertThat(headingEnds).as("%s: chunk %d of %d ends with a heading: [%s]", context, i + 1, chunks.size(),
                    c.text()).doesNotContain(c.end());
        }
    }

    private static Chunk chunkContaining(Document doc, List<Chunk> chunks, String needle) {
        int at = doc.text().indexOf(needle);
        assertThat(at).as("'%s' is in the text", needle).isGreaterThanOrEqualTo(0);
        return chunks.stream().filter(c -> c.start() <= at && at < c.end()).findFirst()
                .orElseThrow(() -> new AssertionError("no chunk holds '" + needle + "'"));
    }

    /** {@code prefix} followed by filler words up to {@code count} words in all. */
    private static String words(String prefix, int count) {
        StringBuilder out = new StringBuilder(prefix);
        int have = prefix.split("\\s+").length;
        String[] filler = {"for", "the", "term", "of", "this", "agreement", "and", "any", "renewal", "period"};
        for (int i = have; i < count; i++) {
            out.append(' ').append(filler[i % filler.length]);
        }
        return out.append('.').toString();
    }

    private static List<String> tableRows(int dataRows) {
        List<String> rows = new ArrayList<>();
        rows.add("| Region | Quarter | Revenue |");
        rows.add("| --- | --- | --- |");
        String[] regions = {"North", "South", "East", "West"};
        for (int r = 0; r < dataRows; r++) {
            rows.add("| " + regions[r % 4] + " " + (r / 4 + 1) + " | Q" + (r % 4 + 1) + " | " + (900 + 37 * r) + " |");
        }
        return rows;
    }

    @Test
    void aClauseNumberIsNeverCutFromItsClause() {
        // numbered clauses on their own lines, one paragraph, each clause long enough that a cut must fall inside the list
        List<String> clauses = List.of("6.1. " + words("The Receiving Party shall keep", 14) + ".",
                "6.2. " + words("The Parties acknowledge that", 14) + ".",
                "6.3. " + words("Subject to 6.5, the Receiving Party agrees", 14) + ".",
                "(d) " + words("erase and destroy any copy", 14) + ".");
        Document doc = new DocBuilder().paragraph(String.join("\n", clauses)).build();

        List<Chunk> chunks = new StructureChunker(WORDS, 20).chunk(doc);

        assertThat(chunks).hasSizeGreaterThan(1);
        for (Chunk c : chunks) {
            assertThat(c.text().strip()).as("chunk %s", c.text())
                    .doesNotMatch("(?s).*(^|\n)\\(?[0-9a-z.]{1,5}\\)?\\.?$");
        }
        for (String clause : clauses) {
            assertThat(chunkContaining(doc, chunks, clause.substring(0, clause.indexOf(' '))).text()).contains(clause);
        }
    }

    @Test
    void onlyALineOpeningClauseNumberHoldsItsPeriod() {
        String text = "6.3. Subject to 6.5 the party agrees. It ends here.\n(d) erase it. Then stop.";
        assertThat(StructureChunker.opensLineAsClauseNumber(text, text.indexOf("6.3.") + 3)).isTrue();
        assertThat(StructureChunker.opensLineAsClauseNumber(text, text.indexOf("agrees.") + 6)).isFalse();
        assertThat(StructureChunker.opensLineAsClauseNumber(text, text.indexOf("it.") + 2)).isFalse();
    }

    /**
     * Appends blocks with the separators {@link dev.lectern.parsing.text.TextBuilder} produces
     * (a blank line between paragraphs) and records pages, sections and tables with exact offsets.
     */
    private static final class DocBuilder {
        private final StringBuilder text = new StringBuilder();
        private final List<int[]> headings = new ArrayList<>(); // level, start, end
        private final List<String> headingTexts = new ArrayList<>();
        private final List<Table> tables = new ArrayList<>();
        private final List<Integer> pageStarts = new ArrayList<>(List.of(0));

        private int begin(String separator) {
            // like TextBuilder: no separator at the start of the text or of a page
            if (text.length() > 0 && pageStarts.get(pageStarts.size() - 1) != text.length()) {
                text.append(separator);
            }
            return text.length();
        }

        DocBuilder paragraph(String paragraph) {
            return paragraph(paragraph, "\n\n");
        }

        DocBuilder paragraph(String paragraph, String separator) {
            begin(separator);
            text.append(paragraph);
            return this;
        }

        DocBuilder heading(int level, String heading) {
            int start = begin("\n\n");
            text.append(heading);
            headings.add(new int[] {level, start, text.length()});
            headingTexts.add(heading);
            return this;
        }

        DocBuilder table(String caption, List<String> rows) {
            int start = begin("\n\n");
            String markdown = String.join("\n", rows);
            text.append(markdown);
            int columns = (int) rows.get(0).chars().filter(c -> c == '|').count() - 1;
            tables.add(new Table(caption, markdown, start, text.length(), rows.size() - 1, columns));
            return this;
        }

        /** Starts a new page where the next block begins (after its separator). */
        DocBuilder pageBreak() {
            if (text.length() > 0 && pageStarts.get(pageStarts.size() - 1) != text.length()) {
                text.append("\n\n");
            }
            pageStarts.add(text.length());
            return this;
        }

        int tokens(TokenCounter counter) {
            return counter.count(text);
        }

        Document build() {
            String finalText = text.toString();
            List<PageSpan> pages = new ArrayList<>();
            for (int i = 0; i < pageStarts.size(); i++) {
                int end = i + 1 < pageStarts.size() ? pageStarts.get(i + 1) : finalText.length();
                pages.add(new PageSpan(i + 1, pageStarts.get(i), end));
            }
            return new Document(sha256(finalText), Path.of("generated.txt"), "text/plain", "generated",
                    Metadata.EMPTY, "en", finalText, pages.size() > 1, pages, sections(finalText.length()), tables,
                    List.of(), OcrStatus.NOT_NEEDED, List.of(), null);
        }

        private List<Section> sections(int length) {
            List<Section> out = new ArrayList<>();
            Deque<Integer> path = new ArrayDeque<>();
            for (int i = 0; i < headings.size(); i++) {
                int[] h = headings.get(i);
                while (!path.isEmpty() && headings.get(path.peekLast())[0] >= h[0]) {
                    path.removeLast();
                }
                path.addLast(i);
                int end = length;
                for (int j = i + 1; j < headings.size(); j++) {
                    if (headings.get(j)[0] <= h[0]) {
                        end = headings.get(j)[1];
                        break;
                    }
                }
                List<String> names = path.stream().map(headingTexts::get).toList();
                out.add(new Section(names, h[0], h[1], h[2], h[1], end));
            }
            return out;
        }
    }

    private static final String[] VOCABULARY = {"the", "party", "shall", "notice", "agreement", "term", "of", "and",
        "Müller", "naïve", "日本語", "😀", "a😀b", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "(412)", "1,204", "§", "—", "to", "in"};

    /**
     * A random document: sentences, lines, long paragraphs without punctuation, very long words of
     * letters, digits, punctuation or emoji, random page breaks (empty pages included) and, when
     * {@code withHeadings}, numbered headings up to three in a row with paragraphs small enough that
     * any heading group and the unit after it fit in the budget together.
     */
    private static Document randomDocument(Random random, int budget, boolean withHeadings) {
        DocBuilder b = new DocBuilder();
        int blocks = 1 + random.nextInt(30);
        int headingLimit = 12;
        int paragraphLimit = withHeadings ? budget - 3 * headingLimit : Integer.MAX_VALUE;
        int headingsInARow = 0;
        for (int k = 0; k < blocks; k++) {
            if (random.nextInt(10) == 0 && k > 0) {
                b.pageBreak();
                if (random.nextInt(4) == 0) {
                    b.pageBreak(); // an empty page
                }
            }
            int kind = random.nextInt(withHeadings ? 8 : 7);
            if (withHeadings && (kind >= 5 || random.nextInt(4) == 0) && headingsInARow < 3) {
                int level = 1 + random.nextInt(3);
                String heading = randomHeading(random, level);
                assertThat(TokenCounter.APPROXIMATE.count(heading)).isLessThanOrEqualTo(headingLimit);
                b.heading(level, heading);
                headingsInARow++;
                continue;
            }
            headingsInARow = 0;
            String paragraph = switch (withHeadings ? 0 : kind) {
                // with headings: short paragraphs and paragraphs that fill most of what is left
                case 0, 1, 2 -> sentences(random, withHeadings && random.nextBoolean() ? 40 : 1 + random.nextInt(8),
                        paragraphLimit);
                case 3 -> unpunctuated(random, 50 + random.nextInt(1500));
                case 4 -> sentences(random, 1, Integer.MAX_VALUE) + " " + longWord(random) + " "
                        + sentences(random, 1, Integer.MAX_VALUE);
                case 5 -> String.join("\n", sentences(random, 1, Integer.MAX_VALUE), sentences(random, 2, Integer.MAX_VALUE),
                        unpunctuated(random, 5 + random.nextInt(30)));
                default -> longWord(random);
            };
            b.paragraph(paragraph, !withHeadings && random.nextInt(12) == 0 ? "\n" : "\n\n");
        }
        if (b.tokens(TokenCounter.APPROXIMATE) == 0) {
            b.paragraph("Fallback text.");
        }
        return b.build();
    }

    private static String randomHeading(Random random, int level) {
        String[] titles = {"Definitions", "Term and Termination", "Payment", "Confidentiality", "Governing Law",
            "Indemnification and Liability"};
        String title = titles[random.nextInt(titles.length)];
        return switch (level) {
            case 1 -> "ARTICLE " + (1 + random.nextInt(12)) + " " + title.toUpperCase(java.util.Locale.ROOT);
            case 2 -> "Section " + (1 + random.nextInt(9)) + "." + (1 + random.nextInt(9)) + " " + title;
            default -> (1 + random.nextInt(9)) + "." + (1 + random.nextInt(9)) + "." + (1 + random.nextInt(9)) + " " + title;
        };
    }

    /** Up to {@code count} sentences, stopping before the paragraph would pass {@code limit} tokens. */
    private static String sentences(Random random, int count, int limit) {
        StringBuilder out = new StringBuilder();
        for (int s = 0; s < count; s++) {
            StringBuilder sentence = new StringBuilder();
            int words = 3 + random.nextInt(15);
            for (int w = 0; w < words; w++) {
                String word = random.nextInt(3) == 0 ? VOCABULARY[random.nextInt(VOCABULARY.length)] : letters(random, 1 + random.nextInt(12));
                sentence.append(w == 0 ? "" : " ").append(word);
            }
            sentence.append(".?!;".charAt(random.nextInt(4)));
            String candidate = out.length() == 0 ? sentence.toString() : out + " " + sentence;
            if (TokenCounter.APPROXIMATE.count(candidate) > limit) {
                break;
            }
            out.setLength(0);
            out.append(candidate);
        }
        return out.length() == 0 ? "Short." : out.toString();
    }

    private static String unpunctuated(Random random, int words) {
        StringBuilder out = new StringBuilder();
        for (int w = 0; w < words; w++) {
            out.append(w == 0 ? "" : " ").append(random.nextInt(4) == 0
                    ? VOCABULARY[random.nextInt(VOCABULARY.length)] : letters(random, 1 + random.nextInt(10)));
        }
        return out.toString();
    }

    private static String longWord(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> letters(random, 50 + random.nextInt(4000));
            case 1 -> digits(random, 50 + random.nextInt(1500));
            case 2 -> "=".repeat(20 + random.nextInt(800));
            default -> "😀".repeat(10 + random.nextInt(500)) + letters(random, random.nextInt(20));
        };
    }

    private static String letters(Random random, int n) {
        StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            char c = (char) ('a' + random.nextInt(26));
            out.append(random.nextInt(10) == 0 ? Character.toUpperCase(c) : c);
        }
        return out.toString();
    }

    private static String digits(Random random, int n) {
        StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            out.append((char) ('0' + random.nextInt(10)));
        }
        return out.toString();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
