package dev.lectern.ui.vm;

import dev.lectern.app.answer.Answerer;
import dev.lectern.app.answer.WholeDocumentAnswerer;
import dev.lectern.app.conversation.ConversationStore;
import dev.lectern.app.workspace.Workspace;
import dev.lectern.app.workspace.Workspaces;
import dev.lectern.inference.Generator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open workspace with its view-models: library, chat and viewer, each with its own background
 * thread (ingest, answers, viewer), so a long ingest never holds up an answer or a page.
 */
public final class WorkspaceSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceSession.class);

    private final Workspace workspace;
    private final ExecutorService ingest = Tasks.single("ingest");
    private final ExecutorService answering = Tasks.single("answer");
    private final ExecutorService viewing = Tasks.single("viewer");
    public final LibraryViewModel library;
    public final ChatViewModel chat;
    public final ViewerViewModel viewer;

    /**
     * @param generator the model answering now (null: evidence mode), asked again for every question
     */
    public WorkspaceSession(Workspace workspace, ConversationStore conversations, Supplier<Generator> generator,
                            PageRenderer renderer, UiThread ui) {
        this.workspace = workspace;
        this.library = new LibraryViewModel(workspace, ingest, ui);
        WholeDocumentAnswerer whole = new WholeDocumentAnswerer(workspace.index(), workspace.parser());
        AnswerService answers = (conversation, question, listener, cancelled) ->
                new Answerer(workspace.index(), generator.get(), Answerer.Options.DEFAULTS, whole)
                        .ask(conversation, question, listener, cancelled);
        this.chat = new ChatViewModel(answers, conversations, answering, ui);
        this.viewer = new ViewerViewModel(file -> workspace.parser().extract(file), renderer, viewing, ui);
    }

    /** Opens workspace {@code name} under {@code dataDir}: slow (loads the embedding model), call off the UI thread. */
    public static WorkspaceSession open(Path dataDir, String name, Workspaces.Options options, Supplier<Generator> generator,
                                        PageRenderer renderer, UiThread ui) throws IOException {
        // another Lectern (a running ingest or watch) may hold it: then it opens read only, and says so
        Workspace w = new Workspaces(dataDir).openForReading(name, options);
        return new WorkspaceSession(w, ConversationStore.of(dataDir, name), generator, renderer, ui);
    }

    public Workspace workspace() {
        return workspace;
    }

    public String name() {
        return workspace.name();
    }

    @Override
    public void close() {
        library.close();
        chat.stop();
        ingest.shutdownNow();
        answering.shutdownNow();
        viewing.shutdownNow();
        try {
            workspace.close();
        } catch (IOException e) {
            LOG.warn("closing workspace {} failed", workspace.name(), e);
        }
    }
}
