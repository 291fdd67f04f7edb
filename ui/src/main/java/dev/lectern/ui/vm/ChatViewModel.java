package dev.lectern.ui.vm;

import dev.lectern.app.answer.Answer;
import dev.lectern.app.answer.AnswerListener;
import dev.lectern.app.answer.AnswerOutcome;
import dev.lectern.app.answer.AnswerSentence;
import dev.lectern.app.answer.Citation;
import dev.lectern.app.conversation.ConversationStore;
import dev.lectern.app.conversation.MarkdownExport;
import dev.lectern.app.conversation.SavedConversation;
import dev.lectern.app.conversation.SavedTurn;
import dev.lectern.indexing.Passage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat pane: ask, follow up, stop, start over, and the workspace's conversation history.
 * Answers are made on {@code background}; tokens are gathered there and handed to the UI thread in
 * batches (at most one hand-over waiting at a time), so a fast model never floods the view.
 */
public final class ChatViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(ChatViewModel.class);

    private final AnswerService answers;
    private final ConversationStore store;
    private final Executor background;
    private final UiThread ui;

    private SavedConversation conversation = SavedConversation.start();
    private final AtomicBoolean cancelled = new AtomicBoolean();

    private final StringBuilder stream = new StringBuilder();
    private final AtomicBoolean flushQueued = new AtomicBoolean();
    private volatile String statusLine = "";
    /** How many token hand-overs reached the UI thread: the batching is visible in tests. */
    private volatile int flushes;

    public final Prop<List<ChatEntry>> entries = new Prop<>(List.of());
    public final Prop<Boolean> busy = new Prop<>(false);
    public final Prop<List<SavedConversation>> history = new Prop<>(List.of());
    public final Prop<String> title = new Prop<>("New conversation");

    public ChatViewModel(AnswerService answers, ConversationStore store, Executor background, UiThread ui) {
        this.answers = answers;
        this.store = store;
        this.background = background;
        this.ui = ui;
    }

    /** Asks a question (a follow-up when the conversation has turns); ignored while an answer is being made. */
    public boolean ask(String question) {
        if (question == null || question.isBlank() || busy.get()) {
            return false;
        }
        String q = question.strip();
        cancelled.set(false);
        synchronized (stream) {
            stream.setLength(0);
        }
        statusLine = "Searching...";
        busy.set(true);
        List<ChatEntry> all = new ArrayList<>(entries.get());
        all.add(ChatEntry.asking(q));
        entries.set(List.copyOf(all));
        SavedConversation before = conversation;
        background.execute(() -> answer(before, q));
        return true;
    }

    private void answer(SavedConversation before, String q) {
        AnswerListener listener = new AnswerListener() {
            @Override
            public void status(String message) {
                statusLine = message;
                scheduleFlush();
            }

            @Override
            public void token(String piece) {
                synchronized (stream) {
                    stream.append(piece);
                }
                scheduleFlush();
            }
        };
        try {
            AnswerOutcome o = answers.ask(before.toConversation(), q, listener, cancelled::get);
            boolean stopped = cancelled.get();
            SavedTurn turn = new SavedTurn(q, o.standaloneQuestion(), o.answer(), o.notices(), Instant.now().toString());
            SavedConversation after = before.with(turn);
            try {
                store.save(after);
            } catch (IOException e) {
                LOG.warn("could not save the conversation", e);
            }
            List<SavedConversation> h = listHistory();
            ui.run(() -> {
                conversation = after;
                title.set(after.title());
                replaceLast(new ChatEntry(q, stopped ? ChatEntry.State.STOPPED : ChatEntry.State.DONE, "",
                        streamText(), o.answer(), o.notices(), null));
                history.set(h);
                busy.set(false);
            });
        } catch (IOException | RuntimeException e) {
            LOG.warn("answering failed", e);
            ui.run(() -> {
                replaceLast(new ChatEntry(q, ChatEntry.State.FAILED, "", streamText(), null, List.of(),
                        e.getMessage() == null ? e.toString() : e.getMessage()));
                busy.set(false);
            });
        }
    }

    private void scheduleFlush() {
        if (flushQueued.compareAndSet(false, true)) {
            ui.run(() -> {
                flushQueued.set(false);
                flushes++;
                List<ChatEntry> all = entries.get();
                if (!all.isEmpty() && all.get(all.size() - 1).state() == ChatEntry.State.STREAMING) {
                    replaceLast(all.get(all.size() - 1).withStream(streamText(), statusLine));
                }
            });
        }
    }

    private String streamText() {
        synchronized (stream) {
            return stream.toString();
        }
    }

    int flushes() {
        return flushes;
    }

    private void replaceLast(ChatEntry e) {
        List<ChatEntry> all = new ArrayList<>(entries.get());
        if (all.isEmpty()) {
            all.add(e);
        } else {
            all.set(all.size() - 1, e);
        }
        entries.set(List.copyOf(all));
    }

    /** Stops the answer being generated; what has streamed so far stays, marked as stopped. */
    public void stop() {
        if (busy.get()) {
            cancelled.set(true);
        }
    }

    /** Starts a new conversation; the current one stays in the history. */
    public void newConversation() {
        stop();
        conversation = SavedConversation.start();
        entries.set(List.of());
        title.set("New conversation");
    }

    /** Loads the workspace's conversation history (on the background executor). */
    public void loadHistory() {
        background.execute(() -> {
            List<SavedConversation> h = listHistory();
            ui.run(() -> history.set(h));
        });
    }

    /** Reopens a stored conversation: its turns are shown and follow-ups continue it. */
    public void open(SavedConversation c) {
        if (busy.get()) {
            return;
        }
        conversation = c;
        title.set(c.title().isBlank() ? "Conversation" : c.title());
        List<ChatEntry> all = new ArrayList<>();
        for (SavedTurn t : c.turns()) {
            all.add(new ChatEntry(t.question(), ChatEntry.State.DONE, "", "", t.answer(), t.notices(), null));
        }
        entries.set(List.copyOf(all));
    }

    public SavedConversation conversation() {
        return conversation;
    }

    public String markdown() {
        return MarkdownExport.of(conversation);
    }

    public void exportMarkdown(Path file) throws IOException {
        java.nio.file.Files.writeString(file, markdown());
    }

    private List<SavedConversation> listHistory() {
        try {
            return store.list();
        } catch (IOException e) {
            LOG.warn("could not read the conversation history", e);
            return List.of();
        }
    }

    /** An answer as plain text for the clipboard: sentences, then the sources with file and page. */
    public static String copyText(ChatEntry e) {
        Answer a = e.answer();
        if (a == null) {
            return e.streamed();
        }
        StringBuilder sb = new StringBuilder();
        if (a.mode() == Answer.Mode.NOT_FOUND) {
            sb.append("Not found in your documents.\n");
            a.notFoundReasonSentence().ifPresent(why -> sb.append(why).append('\n'));
            for (Passage p : a.closest()) {
                sb.append("- closest: ").append(chipLabel(p.docPath(), p.pageStart())).append('\n');
            }
            return sb.toString();
        }
        for (AnswerSentence s : a.sentences()) {
            sb.append(s.text().strip());
            if (a.mode() == Answer.Mode.EVIDENCE) {
                s.citations().forEach(n -> sb.append(" [").append(n).append(']'));
            }
            sb.append(a.mode() == Answer.Mode.EVIDENCE ? "\n" : " ");
        }
        sb.append("\n\nSources:\n");
        for (Citation c : a.citations()) {
            sb.append('[').append(c.n()).append("] ").append(chipLabel(c)).append('\n');
        }
        return sb.toString();
    }

    /** How a citation chip reads: "NDA_Acme.pdf p. 4", "NDA_Acme.pdf pp. 4\u20135" across a page break. */
    public static String chipLabel(Citation c) {
        String file = chipLabel(c.doc(), 0);
        return c.page() > 0 ? file + " " + c.pagesLabel() : file;
    }

    /** How a page of a document is named: "NDA_Acme.pdf p. 4". */
    public static String chipLabel(String path, int page) {
        Path name = Path.of(path).getFileName();
        String file = name == null ? path : name.toString();
        return page > 0 ? String.format(Locale.ROOT, "%s p. %d", file, page) : file;
    }
}
