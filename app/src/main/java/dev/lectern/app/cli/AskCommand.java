package dev.lectern.app.cli;

import dev.lectern.app.answer.Answer;
import dev.lectern.app.answer.AnswerListener;
import dev.lectern.app.answer.AnswerOutcome;
import dev.lectern.app.answer.AnswerSentence;
import dev.lectern.app.answer.Answerer;
import dev.lectern.app.answer.Citation;
import dev.lectern.app.answer.WholeDocumentAnswerer;
import dev.lectern.app.json.AnswerJson;
import dev.lectern.app.workspace.FileOutcome;
import dev.lectern.app.workspace.IngestReport;
import dev.lectern.app.workspace.Workspace;
import dev.lectern.app.workspace.Workspaces;
import dev.lectern.indexing.Passage;
import dev.lectern.indexing.SearchRequest;
import dev.lectern.inference.Generator;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "ask", mixinStandardHelpOptions = true,
        description = {"Answer a question from a workspace's documents, citing document, page and passage.",
                "With no model installed the answer quotes the most relevant sentences (evidence mode)."})
final class AskCommand implements Callable<Integer> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AskCommand.class);

    @Spec
    CommandSpec spec;

    @ParentCommand
    LecternCommand root;

    @Parameters(paramLabel = "QUESTION", arity = "0..1", description = "The question, in plain language.")
    String question;

    @Option(names = {"-w", "--workspace"}, paramLabel = "NAME", defaultValue = Workspaces.DEFAULT,
            description = "Workspace to answer from (default: ${DEFAULT-VALUE}).")
    String workspace;

    @Option(names = "--docs", paramLabel = "PATH", arity = "1..*",
            description = "Answer from these files or folders instead: they are ingested into a scratch workspace first.")
    java.util.ArrayList<Path> docs;

    @Option(names = "--json", description = "Print one JSON object: answer, mode, sentences, citations.")
    boolean json;

    @Option(names = "-k", defaultValue = "12", description = "Passages to retrieve (default: ${DEFAULT-VALUE}).")
    int k;

    @picocli.CommandLine.Mixin
    ModelOptions modelOptions;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AtomicBoolean cancelled = new AtomicBoolean();
        Thread hook = new Thread(() -> cancelled.set(true));
        Runtime.getRuntime().addShutdownHook(hook);
        // `ask --docs a.pdf b.pdf "question"`: the option takes every word after it, so a last word
        // that is no file is the question
        if (question == null && docs != null && docs.size() > 1 && !Files.exists(docs.get(docs.size() - 1))) {
            question = docs.remove(docs.size() - 1).toString();
        }
        if (question == null || !SearchRequest.hasWords(question)) {
            err.println("lectern: ask what? " + (question == null || question.isBlank() ? ""
                    : "'" + question.strip() + "' has no letters or digits; ")
                    + "e.g. lectern ask \"What is the notice period for termination?\"");
            return ParseCommand.EXIT_BAD_INPUT;
        }
        if (k < 1 || k > SearchRequest.MAX_K) {
            err.println("lectern: -k (passages to retrieve) must be between 1 and " + SearchRequest.MAX_K + ", got " + k);
            return ParseCommand.EXIT_BAD_INPUT;
        }
        Workspaces workspaces = new Workspaces(root.dataDirectory());
        String name = workspace;
        if (docs != null) {
            if (!IngestCommand.allExist(docs, err)) {
                return ParseCommand.EXIT_BAD_INPUT;
            }
            name = Workspaces.scratchName(docs);
        } else {
            WorkspaceOptions.requireExisting(workspaces, name);
        }
        Generator generator = null;
        boolean discardScratch = false;
        try (Workspace w = docs != null ? workspaces.open(name, Workspaces.Options.defaults())
                : workspaces.openForReading(name, Workspaces.Options.defaults())) {
            ReadOnlyNote.print(w, err);
            if (docs != null) {
                IngestReport report = w.ingest(docs, json ? dev.lectern.app.workspace.IngestListener.NONE : new Progress(err), cancelled::get);
                for (FileOutcome o : report.files()) {
                    if (o.status() == FileOutcome.Status.FAILED) {
                        err.println("lectern: skipped " + o.message());
                    }
                }
                if (w.index().documents().isEmpty()) {
                    // the scratch workspace is an internal name: the user only knows the files they gave
                    err.println("lectern: none of the files given with --docs could be read: "
                            + String.join(", ", docs.stream().map(Path::toString).toList())
                            + (report.count(FileOutcome.Status.FAILED) > 0 ? " (the reasons are above)" : " (no documents found there)"));
                    discardScratch = true;
                    return ParseCommand.EXIT_BAD_INPUT;
                }
            }
            if (w.index().documents().isEmpty()) {
                err.println("lectern: workspace '" + name + "' has no documents: add some with `lectern ingest PATH` or use --docs");
                return ParseCommand.EXIT_BAD_INPUT;
            }
            generator = modelOptions.start(root.dataDirectory(), err);
            Answerer answerer = new Answerer(w.index(), generator, Answerer.Options.DEFAULTS.withK(k),
                    new WholeDocumentAnswerer(w.index(), w.parser()));
            boolean stream = !json && generator != null;
            AnswerListener listener = new AnswerListener() {
                @Override
                public void status(String message) {
                    err.println("lectern: " + message);
                    err.flush();
                }

                @Override
                public void token(String piece) {
                    if (stream) {
                        out.print(piece);
                        out.flush();
                    }
                }
            };
            AnswerOutcome outcome = answerer.ask(null, question, listener, cancelled::get);
            for (String n : outcome.notices()) {
                err.println("lectern: " + n);
            }
            if (json) {
                out.println(AnswerJson.write(outcome));
            } else {
                print(out, outcome, stream);
            }
            out.flush();
            return 0;
        } finally {
            if (generator != null) {
                generator.close();
            }
            // the workspace is closed by now: an empty scratch workspace would only be litter
            if (discardScratch) {
                discard(workspaces, name);
            }
        }
    }

    private static void discard(Workspaces workspaces, String scratch) {
        try {
            workspaces.delete(scratch);
        } catch (java.io.IOException e) {
            LOG.warn("could not delete the empty scratch workspace {}", workspaces.folder(scratch), e);
        }
    }

    static void print(PrintWriter out, AnswerOutcome outcome, boolean streamed) {
        Answer a = outcome.answer();
        if (streamed && a.mode() == Answer.Mode.GENERATED) {
            out.println();
            out.println();
        } else {
            out.println(a.text());
            out.println();
        }
        if (a.mode() == Answer.Mode.NOT_FOUND) {
            out.println("Closest passages:");
            for (Passage p : a.closest()) {
                out.printf(Locale.ROOT, "  - %s%s: %s%n", Path.of(p.docPath()).getFileName(),
                        p.pageStart() > 0 ? " p. " + p.pageStart() : "", snippet(p.text()));
            }
            return;
        }
        List<AnswerSentence> flagged = a.sentences().stream().filter(s -> !s.supported()).toList();
        if (!flagged.isEmpty()) {
            out.println("Not supported by the cited passages (check these):");
            flagged.forEach(s -> out.println("  ! " + s.text()));
            out.println();
        }
        if (!a.citations().isEmpty()) {
            out.println("Sources:");
            for (Citation c : a.citations()) {
                out.printf(Locale.ROOT, "  [%d] %s%s, chars %d-%d: \"%s\"%n", c.n(), Path.of(c.doc()).getFileName(),
                        c.page() > 0 ? " " + c.pagesLabel() : "", c.start(), c.end(), snippet(c.quote()));
            }
        }
    }

    private static String snippet(String text) {
        String t = text.strip().replaceAll("\\s+", " ");
        return t.length() <= 160 ? t : t.substring(0, 157) + "...";
    }
}
