package dev.lectern.app.answer;

import dev.lectern.app.Counts;
import dev.lectern.app.answer.CitationParser.ParsedAnswer;
import dev.lectern.app.answer.CitationParser.ParsedSentence;
import dev.lectern.indexing.IndexedDocument;
import dev.lectern.indexing.Passage;
import dev.lectern.indexing.SearchRequest;
import dev.lectern.indexing.WorkspaceIndex;
import dev.lectern.inference.ChatMessage;
import dev.lectern.inference.Generation;
import dev.lectern.inference.GenerationException;
import dev.lectern.inference.GenerationRequest;
import dev.lectern.inference.Generator;
import dev.lectern.parsing.Chunker;
import dev.lectern.parsing.ParseException;
import dev.lectern.parsing.TextExtractor;
import dev.lectern.parsing.model.Chunk;
import dev.lectern.parsing.model.Document;
import dev.lectern.parsing.model.PageSpan;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.ToIntFunction;

/**
 * Requests about a whole document ("summarise this contract", "list every termination right")
 * read all of it, not the top passages: in one prompt when it fits the model's context, otherwise
 * map-reduce over consecutive parts, each answered with citations that keep pointing at the exact
 * passages. The answer ends by saying which pages were read. Without a model, every sentence on
 * the subject (or each section's opening) is quoted and cited instead.
 */
public final class WholeDocumentAnswerer {
    static final int MAX_EVIDENCE_QUOTES = 30;
    private static final int PART_ANSWER_TOKENS = 256;

    private final WorkspaceIndex index;
    private final TextExtractor extractor;
    private final Chunker chunker;
    private final SentenceSplitter splitter = new SentenceSplitter();
    private final CitationParser citations = new CitationParser();
    private final AnswerVerifier verifier;

    /** Reads documents again with {@code extractor} and splits them into the parser's default structure chunks. */
    public WholeDocumentAnswerer(WorkspaceIndex index, TextExtractor extractor) {
        this(index, extractor, new dev.lectern.parsing.chunk.StructureChunker(dev.lectern.parsing.TokenCounter.APPROXIMATE,
                dev.lectern.parsing.chunk.StructureChunker.DEFAULT_MAX_TOKENS));
    }

    /** Documents are read again from their files with {@code extractor}, so offsets match the index's. */
    public WholeDocumentAnswerer(WorkspaceIndex index, TextExtractor extractor, Chunker chunker) {
        this.index = Objects.requireNonNull(index, "index");
        this.extractor = Objects.requireNonNull(extractor, "extractor");
        this.chunker = Objects.requireNonNull(chunker, "chunker");
        this.verifier = Answerer.verifierFor(index);
    }

    /** The answer, or null when the workspace has no document to read. */
    AnswerOutcome answer(String question, WholeDocumentRequest request, Generator generator, AnswerListener listener,
                         BooleanSupplier cancelled, List<String> notices) throws IOException {
        long t0 = System.nanoTime();
        Optional<IndexedDocument> target = target(question);
        if (target.isEmpty()) {
            return null;
        }
        IndexedDocument entry = target.get();
        Document doc;
        try {
            doc = extractor.extract(Path.of(entry.path()));
        } catch (ParseException e) {
            notices.add("Could not read the whole of " + entry.path() + " again (" + e.getMessage()
                    + "); answering from the best passages instead.");
            return null;
        }
        listener.status("Reading all of " + PromptBuilder.fileName(entry.path())
                + (doc.paginated() ? " (" + Counts.of(doc.pages().size(), "page") + ")" : ""));
        List<Source> sources = sources(entry, doc);
        String pagesNote = pagesNote(entry, doc);
        Answer answer;
        int promptTokens = 0;
        long first = -1;
        if (generator == null) {
            answer = evidence(request, sources, pagesNote, doc);
        } else {
            try {
                Generated g = generate(question, sources, generator, listener, cancelled, notices);
                promptTokens = g.promptTokens;
                first = g.firstTokenMillis;
                answer = assemble(g.text, sources, pagesNote, doc);
            } catch (GenerationException e) {
                notices.add(e.getMessage() + " Showing quoted passages instead.");
                answer = evidence(request, sources, pagesNote, doc);
            }
        }
        return new AnswerOutcome(answer, question, notices, promptTokens, 0, first, (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * The only document, the one the question names by its file name or title ("summarise
     * sample-nda.pdf", "summarise the NDA"), or else the one it points to (the top passage's, with
     * routing on). Passages alone picked the annual report for "summarise the NDA": no passage of an
     * NDA says "NDA", its file name does.
     */
    private Optional<IndexedDocument> target(String question) throws IOException {
        List<IndexedDocument> docs = index.documents();
        if (docs.isEmpty()) {
            return Optional.empty();
        }
        if (docs.size() == 1) {
            return Optional.of(docs.get(0));
        }
        Optional<IndexedDocument> named = named(question, docs);
        if (named.isPresent()) {
            return named;
        }
        List<Passage> top = index.retrieve(SearchRequest.of(question, 1));
        return top.isEmpty() ? Optional.empty() : index.document(top.get(0).docId());
    }

    /**
     * The document whose file name or title shares the most rare words with the question, each word
     * weighted by how few documents' names hold it; empty when none shares one, or two unrelated
     * documents tie. Two files of one name ("nda.pdf", "nda.docx") tie as one: the extension the
     * question gives decides, else the one with pages, whose citations give a page.
     */
    static Optional<IndexedDocument> named(String question, List<IndexedDocument> docs) {
        String q = question.toLowerCase(Locale.ROOT);
        Set<String> asked = new HashSet<>(List.of(q.split("[^\\p{L}\\p{N}]+")));
        List<Set<String>> names = new ArrayList<>();
        Map<String, Integer> df = new HashMap<>();
        for (IndexedDocument d : docs) {
            Set<String> words = new HashSet<>();
            for (String w : (stem(d) + " " + (d.title() == null ? "" : d.title().toLowerCase(Locale.ROOT)))
                    .split("[^\\p{L}\\p{N}]+")) {
                if (w.length() > 1 && !NAME_NOISE.contains(w)) {
                    words.add(w);
                }
            }
            names.add(words);
            words.forEach(w -> df.merge(w, 1, Integer::sum));
        }
        double[] score = new double[docs.size()];
        int best = -1;
        for (int i = 0; i < docs.size(); i++) {
            for (String w : names.get(i)) {
                if (asked.contains(w)) {
                    score[i] += Math.log(1 + docs.size() / (double) df.get(w));
                }
            }
            if (score[i] > 0 && (best < 0 || score[i] > score[best])) {
                best = i;
            }
        }
        if (best < 0) {
            return Optional.empty();
        }
        String stem = stem(docs.get(best));
        double runnerUp = 0;
        List<Integer> top = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            if (stem(docs.get(i)).equals(stem)) {
                if (score[i] >= score[best] - 1e-9) {
                    top.add(i);
                }
            } else {
                runnerUp = Math.max(runnerUp, score[i]);
            }
        }
        if (runnerUp * 2 > score[best]) {
            return Optional.empty(); // the question fits another document nearly as well: let the passages decide
        }
        for (int i : top) {
            if (q.contains(fileName(docs.get(i)))) {
                return Optional.of(docs.get(i));
            }
        }
        return top.stream().map(docs::get).filter(IndexedDocument::paginated).findFirst()
                .or(() -> Optional.of(docs.get(top.get(0))));
    }

    /** The file name in lower case: "sample-nda.pdf". */
    private static String fileName(IndexedDocument d) {
        return PromptBuilder.fileName(d.path()).toLowerCase(Locale.ROOT);
    }

    /** The file name without its extension, in lower case: "sample-nda". */
    private static String stem(IndexedDocument d) {
        String file = fileName(d);
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }

    /** Words of file names and titles that name no particular document. */
    private static final Set<String> NAME_NOISE = Set.of("the", "of", "and", "for", "to", "in", "on", "a", "an",
            "this", "that", "final", "draft", "copy", "scan", "scanned", "signed", "version", "doc", "document",
            "file", "pdf", "docx", "summary", "summarise", "summarize", "list", "every", "all");

    private List<Source> sources(IndexedDocument entry, Document doc) {
        List<Source> out = new ArrayList<>();
        int n = 1;
        for (Chunk c : chunker.chunk(doc)) {
            String text = doc.text().substring(c.start(), c.end());
            if (text.isBlank()) {
                continue;
            }
            out.add(new Source(n++, entry.id(), entry.path(), pageAt(doc, c.start()), pageAt(doc, c.end() - 1), c.start(),
                    c.end(), text, 1.0));
        }
        return out;
    }

    private record Generated(String text, int promptTokens, long firstTokenMillis) {
    }

    private Generated generate(String question, List<Source> sources, Generator generator, AnswerListener listener,
                               BooleanSupplier cancelled, List<String> notices) throws GenerationException {
        ToIntFunction<String> tokens = PromptBuilder.tokenCounter(generator);
        PromptBuilder builder = new PromptBuilder(tokens, generator.contextSize(), PART_ANSWER_TOKENS * 2);
        int budget = builder.sourceBudget(question);
        Map<String, Integer> globalBySpan = new java.util.HashMap<>();
        sources.forEach(src -> globalBySpan.put(span(src), src.n()));
        List<List<Source>> parts = parts(sources, tokens, budget);
        if (parts.size() == 1) {
            PromptBuilder.Prompt p = builder.build(question, sources);
            Generation g = generator.generate(GenerationRequest.of(p.messages(), PART_ANSWER_TOKENS * 2), listener::token,
                    cancelled);
            return new Generated(renumber(g.text(), p.sources(), globalBySpan), g.promptTokens(), g.firstTokenMillis());
        }
        // map: each part answered on its own, its citations renumbered to the whole document's sources
        StringBuilder notes = new StringBuilder();
        int promptTokens = 0;
        long first = -1;
        for (int i = 0; i < parts.size() && !cancelled.getAsBoolean(); i++) {
            listener.status("Reading part " + (i + 1) + " of " + parts.size());
            PromptBuilder.Prompt p = builder.build(question + " (This is part " + (i + 1) + " of " + parts.size()
                    + " of the document: answer only from these sources; reply NOT_FOUND if they have nothing on it.)",
                    parts.get(i));
            Generation g = generator.generate(GenerationRequest.of(p.messages(), PART_ANSWER_TOKENS), x -> { }, cancelled);
            promptTokens += g.promptTokens();
            first = first < 0 ? g.firstTokenMillis() : first;
            if (!PromptBuilder.saysNotFound(g.text())) {
                notes.append(renumber(g.text(), p.sources(), globalBySpan).strip()).append("\n");
            }
        }
        String combined = notes.toString().strip();
        if (combined.isEmpty()) {
            return new Generated(PromptBuilder.NOT_FOUND, promptTokens, first);
        }
        // reduce: one pass over the parts' answers when they fit, keeping their citation numbers
        List<ChatMessage> reduce = List.of(ChatMessage.system("""
                        You combine partial answers about parts of one document into a single answer to the question. \
                        Keep every citation marker such as [12] exactly as written, at the end of the sentence it \
                        supports. Do not add facts that the partial answers do not state."""),
                ChatMessage.user("Question: " + question + "\n\nPartial answers:\n" + combined));
        int reduceTokens = tokens.applyAsInt(reduce.get(0).content()) + tokens.applyAsInt(reduce.get(1).content());
        if (reduceTokens + PART_ANSWER_TOKENS * 2 > generator.contextSize()) {
            notices.add("The parts' answers were too long to combine; they are shown one after another.");
            return new Generated(combined, promptTokens, first);
        }
        listener.status("Combining " + Counts.of(parts.size(), "part"));
        Generation g = generator.generate(GenerationRequest.of(reduce, PART_ANSWER_TOKENS * 2), listener::token, cancelled);
        return new Generated(g.text(), promptTokens + g.promptTokens(), first);
    }

    /** Consecutive runs of sources that each fit {@code budget} tokens. */
    static List<List<Source>> parts(List<Source> sources, ToIntFunction<String> tokens, int budget) {
        List<List<Source>> parts = new ArrayList<>();
        List<Source> current = new ArrayList<>();
        int used = 0;
        for (Source s : sources) {
            int cost = tokens.applyAsInt(s.text()) + 24; // the source tag and separators
            if (!current.isEmpty() && used + cost > budget) {
                parts.add(current);
                current = new ArrayList<>();
                used = 0;
            }
            current.add(s);
            used += cost;
        }
        if (!current.isEmpty()) {
            parts.add(current);
        }
        return parts;
    }

    /** Rewrites a prompt's local [n] markers as the document-wide numbers of the same sources. */
    private String renumber(String text, List<Source> local, Map<String, Integer> globalBySpan) {
        ParsedAnswer parsed = citations.parse(text, local.size());
        StringBuilder out = new StringBuilder();
        for (ParsedSentence s : parsed.sentences()) {
            out.append(s.text().strip());
            for (int n : s.citations()) {
                Source src = local.get(n - 1);
                out.append(" [").append(globalBySpan.getOrDefault(span(src), src.n())).append(']');
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String span(Source s) {
        return s.docId() + ":" + s.start() + ":" + s.end();
    }

    private Answer assemble(String raw, List<Source> sources, String pagesNote, Document doc) {
        String text = raw.strip();
        if (PromptBuilder.saysNotFound(text)) {
            String none = "The document does not seem to address this. " + pagesNote;
            return new Answer(Answer.Mode.NOT_FOUND, none, List.of(new AnswerSentence(none, List.of(), true)), List.of(),
                    List.of(), pagesRead(doc));
        }
        Answerer.Checked checked = Answerer.check(text, sources, citations, verifier);
        List<AnswerSentence> sentences = new ArrayList<>(checked.sentences());
        sentences.add(new AnswerSentence(pagesNote, List.of(), true));
        return new Answer(Answer.Mode.GENERATED, text + "\n\n" + pagesNote, sentences, checked.citations(),
                List.of(), pagesRead(doc));
    }

    /** Without a model: each sentence on the subject for "list every", each section's opening for a summary. */
    private Answer evidence(WholeDocumentRequest request, List<Source> sources, String pagesNote, Document doc) {
        Set<String> subject = Terms.contentTerms(request.subject());
        List<Source> quotes = new ArrayList<>();
        for (Source s : sources) {
            for (SentenceSplitter.Sentence sentence : splitter.split(s.text())) {
                String text = sentence.text(s.text());
                boolean wanted = request.kind() == WholeDocumentRequest.Kind.SUMMARY
                        ? quotes.stream().noneMatch(q -> q.start() >= s.start() && q.end() <= s.end())
                        && sentence.kind() != SentenceSplitter.Kind.HEADING
                        : !subject.isEmpty() && Terms.contentTerms(text).stream().anyMatch(subject::contains);
                int start = s.start() + sentence.start();
                if (isHeading(doc, start, s.start() + sentence.end(), text, sentence)) {
                    continue;
                }
                if (wanted && quotes.size() < MAX_EVIDENCE_QUOTES && !text.isBlank()) {
                    int end = s.start() + sentence.end();
                    quotes.add(new Source(quotes.size() + 1, s.docId(), s.doc(), pageAt(doc, start),
                            pageAt(doc, Math.max(start, end - 1)), start, end, text, 1.0));
                }
            }
        }
        if (quotes.isEmpty()) {
            String none = "No sentence of the document mentions " + request.subject() + ". " + pagesNote;
            return new Answer(Answer.Mode.NOT_FOUND, none, List.of(new AnswerSentence(none, List.of(), true)), List.of(),
                    List.of(), pagesRead(doc));
        }
        StringBuilder text = new StringBuilder();
        List<AnswerSentence> sentences = new ArrayList<>();
        List<Citation> cites = new ArrayList<>();
        for (Source q : quotes) {
            String quote = EvidenceAnswerer.readable(q.text());
            text.append("- ").append(quote).append(" [").append(q.n()).append("]\n");
            sentences.add(new AnswerSentence(quote, List.of(q.n()), true));
            cites.add(Citation.of(q));
        }
        text.append('\n').append(pagesNote).append(' ').append(EvidenceAnswerer.MODEL_NOTE);
        sentences.add(new AnswerSentence(pagesNote, List.of(), true));
        sentences.add(new AnswerSentence(EvidenceAnswerer.MODEL_NOTE, List.of(), true));
        return new Answer(Answer.Mode.EVIDENCE, text.toString(), sentences, cites, List.of(), pagesRead(doc));
    }

    /** A heading line answers nothing by itself: it is where the parse put a section title, or looks like one. */
    private static boolean isHeading(Document doc, int start, int end, String text, SentenceSplitter.Sentence s) {
        if (s.kind() == SentenceSplitter.Kind.HEADING || EvidenceSelector.headingLike(text)) {
            return true;
        }
        return doc.sections().stream().anyMatch(sec -> start < sec.headingEnd() && end > sec.headingStart());
    }

    private static String pagesNote(IndexedDocument entry, Document doc) {
        int pages = doc.paginated() ? doc.pages().size() : 0;
        return pages > 0 ? "Read pages 1\u2013" + pages + " of " + PromptBuilder.fileName(entry.path()) + "."
                : "Read all of " + PromptBuilder.fileName(entry.path()) + ".";
    }

    private static int pagesRead(Document doc) {
        return doc.pages().size();
    }

    static int pageAt(Document doc, int offset) {
        if (!doc.paginated()) {
            return 0;
        }
        for (PageSpan p : doc.pages()) {
            if (offset >= p.start() && offset < Math.max(p.end(), p.start() + 1)) {
                return p.number();
            }
        }
        return doc.pages().isEmpty() ? 0 : doc.pages().get(doc.pages().size() - 1).number();
    }
}
