package dev.lectern.app.cli;

import dev.lectern.app.answer.AnswerListener;
import dev.lectern.app.answer.AnswerOutcome;
import dev.lectern.app.answer.Answerer;
import dev.lectern.app.answer.Conversation;
import dev.lectern.app.answer.WholeDocumentAnswerer;
import dev.lectern.app.workspace.Workspace;
import dev.lectern.app.workspace.Workspaces;
import dev.lectern.indexing.SearchRequest;
import dev.lectern.inference.Generator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "chat", mixinStandardHelpOptions = true,
        description = {"Ask questions one after another, one per line on stdin.",
                "Follow-ups are read in the light of the conversation. An empty line or end of input ends it."})
final class ChatCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    LecternCommand root;

    @Option(names = {"-w", "--workspace"}, paramLabel = "NAME", defaultValue = Workspaces.DEFAULT,
            description = "Workspace to answer from (default: ${DEFAULT-VALUE}).")
    String workspace;

    @Mixin
    ModelOptions modelOptions;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Workspaces workspaces = new Workspaces(root.dataDirectory());
        WorkspaceOptions.requireExisting(workspaces, workspace);
        Generator generator = null;
        try (Workspace w = workspaces.openForReading(workspace, Workspaces.Options.defaults())) {
            ReadOnlyNote.print(w, err);
            if (w.index().documents().isEmpty()) {
                err.println("lectern: workspace '" + workspace + "' has no documents: add some with `lectern ingest PATH`");
                return ParseCommand.EXIT_BAD_INPUT;
            }
            generator = modelOptions.start(root.dataDirectory(), err);
            Answerer answerer = new Answerer(w.index(), generator, Answerer.Options.DEFAULTS,
                    new WholeDocumentAnswerer(w.index(), w.parser()));
            Conversation conversation = new Conversation();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            boolean stream = generator != null;
            while (true) {
                out.print("> ");
                out.flush();
                String q = in.readLine();
                if (q == null || q.isBlank()) {
                    return 0;
                }
                if (!SearchRequest.hasWords(q)) {
                    err.println("lectern: ask what? '" + q.strip() + "' has no letters or digits (an empty line ends the chat)");
                    err.flush();
                    continue;
                }
                AnswerOutcome o = answerer.ask(conversation, q, new AnswerListener() {
                    @Override
                    public void token(String piece) {
                        if (stream) {
                            out.print(piece);
                            out.flush();
                        }
                    }
                }, () -> false);
                if (!o.standaloneQuestion().equals(q.strip())) {
                    err.println("lectern: read as: " + o.standaloneQuestion());
                }
                o.notices().forEach(n -> err.println("lectern: " + n));
                AskCommand.print(out, o, stream);
                out.println();
                conversation.add(new Conversation.Turn(q, o.standaloneQuestion(), o.answer()));
            }
        } finally {
            if (generator != null) {
                generator.close();
            }
        }
    }
}
