package dev.lectern.app.answer;

import dev.lectern.app.Counts;
import dev.lectern.app.answer.CitationParser.ParsedAnswer;
import dev.lectern.app.answer.CitationParser.ParsedSentence;
import dev.lectern.indexing.IndexedDocument;
import dev.lectern.indexing.Passage;
import dev.lectern.indexing.SearchRequest;
import dev.lectern.indexing.WorkspaceIndex;
import dev.lectern.inference.Generation;
import dev.lectern.inference.GenerationException;
import dev.lectern.inference.GenerationRequest;
import dev.lectern.inference.Generator;
import dev.lectern.inference.StopReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * Answers a question from a workspace: rewrite a follow-up to stand alone, retrieve, decide whether
 * the documents answer it at all, select the sentences that do (with enough context to read them
 * right) under a small token budget, ask the model for an answer citing numbered sources, then map
 * every citation to its document, page and exact offsets and check each sentence against what it
 * cites. Without a model the best sentences are quoted instead (evidence mode). A model crash costs
 * the generated answer only: the evidence answer is returned with a notice saying what happened.
 */
public final class Answerer {
    private static final Logger LOG = LoggerFactory.getLogger(Answerer.class);

    /**
     * @param k            passages retrieved per question
     * @param answerTokens tokens kept free for (and the limit of) the model's answer
     * @param sourceTokens at most this many tokens of source text per prompt: on a 2-core laptop a
     *                     model reads ~100 prompt tokens/s, so every source token is felt
     */
    public record Options(int k, int answerTokens, int sourceTokens) {
        public static final Options DEFAULTS = new Options(12, 384, 700);

        public Options withK(int passages) {
            return new Options(passages, answerTokens, sourceTokens);
        }

        public Options {
            if (k < 1 || answerTokens < 16 || sourceTokens < 64) {
                throw new IllegalArgumentException("k >= 1, answerTokens >= 16 and sourceTokens >= 64 are needed, got "
                        + k + ", " + answerTokens + ", " + sourceTokens);
            }
        }
    }

    private final WorkspaceIndex index;
    private final Generator generator;
    private final Options options;
    private final PageLocator pages;
    /** The names check, run once, before anything is retrieved or read whole ({@link Abstention#unnamed}). */
    private final Abstention names;
    /** The checks on the retrieved passages (evidence mode makes the same); the names were checked already. */
    private final Abstention abstention = new Abstention();
    private final AnswerVerifier verifier;
    private final CitationParser citations = new CitationParser();
    private final QuestionRewriter rewriter = new QuestionRewriter();
    private final WholeDocumentAnswerer wholeDocument;

    /** {@code generator} may be null: evidence mode. */
    public Answerer(WorkspaceIndex index, Generator generator, Options options, WholeDocumentAnswerer wholeDocument) {
        this.index = Objects.requireNonNull(index, "index");
        this.generator = generator;
        this.options = Objects.requireNonNull(options, "options");
        this.pages = PageLocator.of(index);
        this.names = Abstention.forIndex(index);
        this.wholeDocument = wholeDocument;
        this.verifier = verifierFor(index);
    }

    public boolean hasModel() {
        return generator != null;
    }

    public AnswerOutcome ask(Conversation conversation, String question, AnswerListener listener,
                             BooleanSupplier cancelled) throws IOException {
        AnswerOutcome o = answer(conversation, question, listener, cancelled);
        List<String> more = new ArrayList<>();
        if (o.answer().mode() != Answer.Mode.NOT_FOUND) {
            unusedWordsNotice(o.standaloneQuestion()).ifPresent(more::add);
        }
        more.addAll(staleSources(o.answer()));
        if (more.isEmpty()) {
            return o;
        }
        List<String> notices = new ArrayList<>(o.notices());
        notices.addAll(more);
        return new AnswerOutcome(o.answer(), o.standaloneQuestion(), notices, o.promptTokens(), o.retrievalMillis(),
                o.firstTokenMillis(), o.totalMillis());
    }

    /**
     * A notice for each cited document whose file is gone or has changed since it was indexed: the
     * quotes come from the indexed text, which the file on disk may no longer say. A file written
     * after it was indexed is read again to compare its content (a copy or a touch keeps it).
     */
    private List<String> staleSources(Answer a) {
        java.util.Set<String> docs = new java.util.LinkedHashSet<>();
        a.citations().forEach(c -> docs.add(c.doc()));
        a.closest().forEach(p -> docs.add(p.docPath()));
        List<String> out = new ArrayList<>();
        for (IndexedDocument d : index.documents()) {
            if (!docs.contains(d.path())) {
                continue;
            }
            java.nio.file.Path file = java.nio.file.Path.of(d.path());
            String name = PromptBuilder.fileName(d.path());
            try {
                if (!java.nio.file.Files.isRegularFile(file)) {
                    out.add(name + " is no longer at " + file.getParent() + ": these quotes are from the copy indexed on "
                            + DAY.format(d.added()) + ". Add the file again where it is now, or remove it from the workspace.");
                } else if (java.nio.file.Files.getLastModifiedTime(file).toInstant().isAfter(d.added())
                        && !dev.lectern.parsing.DocumentParser.sha256(file).equals(d.id())) {
                    out.add(name + " has changed since it was indexed on " + DAY.format(d.added())
                            + ": these quotes are from that version. Run lectern ingest (or Re-index) to read it again.");
                }
            } catch (IOException e) {
                LOG.debug("could not check {} for changes", file, e);
            }
        }
        return out;
    }

    /**
     * A caution when a word the question turns on is in no passage of the workspace ("arbitration",
     * "non-compete", "2019"): the passages found are then about something near it, and may not answer.
     * Not a refusal: people ask in their own words ("workout", "hackers") about documents that answer
     * in others, so the reader is told which word is missing and judges the quotes. Names are
     * {@link QuestionNames}' business, and a question about a name no document has is declined.
     */
    private java.util.Optional<String> unusedWordsNotice(String question) throws IOException {
        String asked = NamedFiles.without(dev.lectern.indexing.QuestionClauses.withoutNamingClause(question, clause -> true));
        Set<String> nameWords = new java.util.HashSet<>();
        for (String n : QuestionNames.of(question)) {
            Terms.words(n).forEach(w -> nameWords.add(w.text().toLowerCase(Locale.ROOT)));
        }
        Set<String> unused = new java.util.LinkedHashSet<>();
        java.util.regex.Matcher m = HYPHENATED_WORD.matcher(asked);
        while (m.find() && unused.size() < 3) {
            String token = m.group();
            String lower = token.toLowerCase(Locale.ROOT);
            if (token.length() < 3 || nameWords.contains(lower) || FRAMING.contains(lower)
                    || lower.chars().anyMatch(c -> c == '\'' || c == '\u2019')) {
                continue; // contractions and possessives ("i'm", "APIC's") are not what a passage would say
            }
            boolean content = false;
            for (String part : lower.split("-")) {
                content |= Terms.isContent(part) && part.length() > 2;
            }
            if (content && !QuestionRewriter.REQUEST_WORDS.contains(lower) && !mentionedInSomeForm(token)) {
                unused.add(token);
            }
        }
        if (unused.isEmpty()) {
            return java.util.Optional.empty();
        }
        List<String> quoted = unused.stream().map(w -> "\u201C" + w + "\u201D").toList();
        return java.util.Optional.of("No passage of your documents uses " + (quoted.size() == 1 ? "the word " : "the words ")
                + Counts.series(quoted, "and") + ": what is quoted may not answer the question.");
    }

    /** Words about how a question is asked ("does the agreement name...", "what does it say"), not what about. */
    private static final Set<String> FRAMING = Set.of("name", "names", "named", "say", "says", "said", "mention",
            "mentions", "mentioned", "state", "states", "stated", "specify", "specifies", "specified", "indicate",
            "indicates", "contain", "contains", "document", "documents", "tell", "tells", "give", "gives", "list");

    /** Whether a passage uses {@code word}, or the word without a common ending ("monthly": "month"). */
    private boolean mentionedInSomeForm(String word) throws IOException {
        String w = word.replace('-', ' ');
        if (index.mentions(w)) {
            return true;
        }
        String lower = w.toLowerCase(Locale.ROOT);
        for (String ending : List.of("ly", "ed", "es", "s", "ing", "ment", "al")) {
            if (lower.endsWith(ending) && lower.length() - ending.length() >= 3
                    && index.mentions(lower.substring(0, lower.length() - ending.length()))) {
                return true;
            }
        }
        return false;
    }

    private static final java.util.regex.Pattern HYPHENATED_WORD =
            java.util.regex.Pattern.compile("[\\p{L}\\p{N}]+(?:['\u2019\\-][\\p{L}\\p{N}]+)*");

    /**
     * The passages of the files the question names, when it names some and they are among the
     * passages: asked about sample-nda.pdf, the answer cites it, not its Word copy.
     */
    private static List<Passage> onlyNamed(List<Passage> passages, NamedFiles files) {
        if (files.named().isEmpty()) {
            return passages;
        }
        Set<String> ids = new java.util.HashSet<>();
        files.named().forEach(d -> ids.add(d.id()));
        List<Passage> kept = passages.stream().filter(p -> ids.contains(p.docId())).toList();
        return kept.isEmpty() ? passages : kept;
    }

    private static final java.time.format.DateTimeFormatter DAY = java.time.format.DateTimeFormatter
            .ofPattern("d MMM yyyy", java.util.Locale.ENGLISH).withZone(java.time.ZoneId.systemDefault());

    private AnswerOutcome answer(Conversation conversation, String question, AnswerListener listener,
                                 BooleanSupplier cancelled) throws IOException {
        Objects.requireNonNull(question, "question");
        if (question.isBlank()) {
            throw new IllegalArgumentException("the question is empty: type a question about your documents");
        }
        if (!SearchRequest.hasWords(question)) {
            throw new IllegalArgumentException("the question '" + question.strip()
                    + "' has no letters or digits: type a question about your documents");
        }
        long t0 = System.nanoTime();
        List<String> notices = new ArrayList<>();
        String standalone = standalone(conversation, question, notices, cancelled);
        // before anything reads a whole document: "summarise the Kraft Heinz lease" must not summarise another one
        java.util.Optional<Abstention.Decision> unnamed = names.unnamed(standalone);
        if (unnamed.isPresent()) {
            LOG.debug("not found before retrieval: {}", unnamed.get().reason());
            return notFoundBeforeReading(standalone, unnamed.get().forReader(), notices, t0);
        }
        // a file named that no document has: "summarise nda-2019.pdf" must not read sample-nda.pdf instead
        NamedFiles files = NamedFiles.in(standalone, index.documents());
        if (!files.missing().isEmpty()) {
            return notFoundBeforeReading(standalone, files.missingReason(index.documents()), notices, t0);
        }
        if (wholeDocument != null) {
            var whole = WholeDocumentRequest.detect(standalone);
            if (whole.isEmpty() && files.named().size() == 1 && Terms.contentTerms(NamedFiles.without(standalone)).isEmpty()) {
                // "what does nda.md say?" asks for nothing but the file: read it, as for a summary
                whole = java.util.Optional.of(new WholeDocumentRequest(WholeDocumentRequest.Kind.SUMMARY,
                        NamedFiles.fileName(files.named().get(0))));
            }
            if (whole.isPresent()) {
                AnswerOutcome o = wholeDocument.answer(standalone, whole.get(), generator, listener, cancelled, notices);
                if (o != null) {
                    return o;
                }
            }
        }
        listener.status("Searching " + Counts.of(index.documents().size(), "document"));
        List<Passage> passages = onlyNamed(Retrieval.wholeChunks(index, SearchRequest.of(standalone, options.k())), files);
        // which file is asked about is not what is asked: "what does scanned-letter.png say?" asks for its text
        String asked = files.named().isEmpty() ? standalone : NamedFiles.without(standalone);
        long retrieved = System.nanoTime();
        if (generator == null) {
            Answer a = EvidenceAnswerer.withDefaults(r -> passages, pages, EvidenceSelector.Meaning.of(index)).answer(asked);
            return new AnswerOutcome(a, standalone, notices, 0, ms(t0, retrieved), -1, ms(t0, System.nanoTime()));
        }
        Abstention.Decision d = abstention.decide(asked, passages);
        if (d.abstain()) {
            LOG.debug("not found before generation: {}", d.reason());
            return new AnswerOutcome(EvidenceAnswerer.notFound(passages, EvidenceAnswerer.pagesRead(passages), d.forReader()),
                    standalone, notices, 0, ms(t0, retrieved), -1,
                    ms(t0, System.nanoTime()));
        }
        // a small context (--ctx 1024) keeps at least three quarters for the question and its sources
        int answerTokens = Math.max(16, Math.min(options.answerTokens(), generator.contextSize() / 4));
        PromptBuilder builder = generator.contextSize() >= answerTokens + 256
                ? PromptBuilder.forGenerator(generator, answerTokens) : null;
        int budget = builder == null ? 0 : Math.min(options.sourceTokens(), builder.sourceBudget(standalone));
        if (budget < 32) {
            notices.add("The model's context (" + generator.contextSize() + " tokens) leaves no room for sources: "
                    + "use a larger context (--ctx). Showing the most relevant passages instead.");
            Answer a = EvidenceAnswerer.withDefaults(r -> passages, pages, EvidenceSelector.Meaning.of(index)).answer(standalone);
            return new AnswerOutcome(a, standalone, notices, 0, ms(t0, retrieved), -1, ms(t0, System.nanoTime()));
        }
        EvidenceSelector selector = new EvidenceSelector(PromptBuilder.tokenCounter(generator), budget, pages,
                EvidenceSelector.Meaning.of(index));
        List<Source> selected = selector.select(standalone, passages);
        if (selected.isEmpty()) {
            return new AnswerOutcome(notFound(passages), standalone, notices, 0, ms(t0, retrieved), -1,
                    ms(t0, System.nanoTime()));
        }
        PromptBuilder.Prompt prompt = builder.build(standalone, selected);
        listener.status("Reading " + Counts.of(prompt.sources().size(), "source") + " (" + prompt.tokens() + " tokens)");
        Generation g;
        try {
            g = generator.generate(GenerationRequest.of(prompt.messages(), answerTokens), listener::token,
                    cancelled);
        } catch (GenerationException e) {
            notices.add(e.getMessage() + " Showing the most relevant passages instead.");
            Answer a = EvidenceAnswerer.withDefaults(r -> passages, pages, EvidenceSelector.Meaning.of(index)).answer(standalone);
            return new AnswerOutcome(a, standalone, notices, prompt.tokens(), ms(t0, retrieved), -1,
                    ms(t0, System.nanoTime()));
        }
        if (g.stop() == StopReason.CANCELLED) {
            notices.add("Stopped: the answer is incomplete.");
        } else if (g.stop() == StopReason.LENGTH) {
            notices.add("The answer reached its length limit of " + answerTokens + " tokens and may be cut short.");
        }
        Answer answer = PromptBuilder.saysNotFound(g.text()) ? notFound(passages)
                : assemble(g.text(), prompt.sources(), EvidenceAnswerer.pagesRead(passages));
        return new AnswerOutcome(answer, standalone, notices, g.promptTokens(), ms(t0, retrieved), g.firstTokenMillis(),
                ms(t0, System.nanoTime()));
    }

    /**
     * Lexical checks, plus meaning by embeddings where the workspace has them: MiniLM puts a faithful
     * paraphrase of a passage above 0.6 cosine and unrelated sentences well below it.
     */
    static AnswerVerifier verifierFor(WorkspaceIndex index) {
        return new LexicalAnswerVerifier(LexicalAnswerVerifier.DEFAULT_OVERLAP,
                (a, b) -> index.similarity(a, b).orElse(-1), PARAPHRASE_SIMILARITY);
    }

    static final double PARAPHRASE_SIMILARITY = 0.6;

    /** A model's answer taken apart into cited, checked sentences. */
    Answer assemble(String raw, List<Source> sources, int pagesRead) {
        String text = raw.strip();
        Checked c = check(text, sources, citations, verifier);
        return new Answer(Answer.Mode.GENERATED, text, c.sentences(), c.citations(), List.of(), pagesRead);
    }

    /** An answer's sentences with their citations and verdicts, and the citations they use. */
    record Checked(List<AnswerSentence> sentences, List<Citation> citations) {
    }

    /** Parses {@code text}'s [n] markers against {@code sources} (found by number) and checks each sentence. */
    static Checked check(String text, List<Source> sources, CitationParser parser, AnswerVerifier verifier) {
        ParsedAnswer parsed = parser.parse(text, sources.size());
        List<AnswerVerifier.Verdict> verdicts = verifier.verify(parsed.sentences(), sources);
        Map<Integer, Source> byNumber = new TreeMap<>();
        sources.forEach(s -> byNumber.put(s.n(), s));
        Map<Integer, Citation> cited = new TreeMap<>();
        List<AnswerSentence> sentences = new ArrayList<>();
        for (int i = 0; i < parsed.sentences().size(); i++) {
            ParsedSentence s = parsed.sentences().get(i);
            for (int n : s.citations()) {
                cited.computeIfAbsent(n, x -> Citation.of(byNumber.get(x)));
            }
            sentences.add(new AnswerSentence(s.text(), s.citations(), verdicts.get(i).supported()));
        }
        if (!parsed.outOfRange().isEmpty()) {
            LOG.debug("the model cited sources that do not exist: {}", parsed.outOfRange());
        }
        return new Checked(sentences, new ArrayList<>(cited.values()));
    }

    private String standalone(Conversation conversation, String question, List<String> notices, BooleanSupplier cancelled) {
        if (conversation == null || conversation.isEmpty() || !rewriter.isFollowUp(question)) {
            return question.strip();
        }
        String previous = conversation.last().map(Conversation.Turn::standalone).orElse(null);
        if (generator != null) {
            try {
                Generation g = generator.generate(GenerationRequest.of(
                        rewriter.modelPrompt(question, conversation.history()), 64), p -> { }, cancelled);
                String rewritten = rewriter.parseModelReply(g.text(), question);
                if (!rewritten.isBlank()) {
                    return rewritten;
                }
            } catch (GenerationException e) {
                notices.add(e.getMessage());
            }
        }
        return rewriter.rewrite(question, previous);
    }

    private static Answer notFound(List<Passage> passages) {
        return EvidenceAnswerer.notFound(passages, EvidenceAnswerer.pagesRead(passages));
    }

    /** Not found for {@code why}, decided from the question alone: the closest passages are still shown. */
    private AnswerOutcome notFoundBeforeReading(String standalone, String why, List<String> notices, long t0)
            throws IOException {
        List<Passage> closest = Retrieval.wholeChunks(index, SearchRequest.of(standalone, options.k()));
        long done = ms(t0, System.nanoTime());
        return new AnswerOutcome(EvidenceAnswerer.notFound(closest, EvidenceAnswerer.pagesRead(closest), why), standalone,
                notices, 0, done, -1, done);
    }

    private static long ms(long from, long to) {
        return (to - from) / 1_000_000;
    }
}
