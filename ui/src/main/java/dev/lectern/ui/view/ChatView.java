package dev.lectern.ui.view;

import dev.lectern.app.answer.Answer;
import dev.lectern.app.answer.AnswerSentence;
import dev.lectern.app.answer.Citation;
import dev.lectern.app.conversation.SavedConversation;
import dev.lectern.indexing.Passage;
import dev.lectern.ui.vm.ChatEntry;
import dev.lectern.ui.vm.ChatViewModel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/**
 * The chat pane: question field, answers with citation chips, flagged sentences marked, the calm
 * "not found" state with the closest passages, and the conversation controls.
 */
public final class ChatView extends VBox {
    final TextField question = new TextField();
    final Button ask = new Button("Ask");
    final Button stop = new Button("Stop");
    final Button newConversation = new Button("New");
    final Button copy = new Button("Copy answer");
    final MenuButton export = new MenuButton("Export");
    final ComboBox<SavedConversation> history = new ComboBox<>();
    private final VBox entries = new VBox(10);
    private final ScrollPane scroll = new ScrollPane(entries);
    private final Label title = new Label("Chat");
    private ChatViewModel model;
    /** Called with an answer's citations and the index clicked. */
    private final BiConsumer<List<Citation>, Integer> openCitation;

    public ChatView(BiConsumer<List<Citation>, Integer> openCitation, Runnable exportMarkdown, Runnable exportPdf) {
        this.openCitation = openCitation;
        setId("chatPane");
        setSpacing(6);
        setPadding(new Insets(8));
        title.getStyleClass().add("pane-title");
        entries.setId("chatEntries");
        entries.setPadding(new Insets(4));
        scroll.setFitToWidth(true);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        question.setId("questionField");
        question.setPromptText("Ask about your documents (Ctrl+L)");
        HBox.setHgrow(question, Priority.ALWAYS);
        ask.setId("askButton");
        ask.setDefaultButton(true);
        stop.setId("stopButton");
        newConversation.setId("newConversationButton");
        copy.setId("copyButton");
        export.setId("exportButton");
        MenuItem md = new MenuItem("Markdown...");
        md.setOnAction(e -> exportMarkdown.run());
        MenuItem pdf = new MenuItem("PDF...");
        pdf.setOnAction(e -> exportPdf.run());
        export.getItems().addAll(md, pdf);
        history.setId("historyBox");
        history.setPromptText("History");
        history.setCellFactory(l -> new HistoryCell());
        history.setButtonCell(new HistoryCell());
        history.setOnAction(e -> {
            SavedConversation c = history.getValue();
            if (c != null && model != null && !c.id().equals(model.conversation().id())) {
                model.open(c);
            }
        });
        // a long conversation title gives way; the history list and the New button keep their size
        title.setMinWidth(40);
        history.setPrefWidth(170);
        history.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        newConversation.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox top = new HBox(6, title, new javafx.scene.layout.Region(), history, newConversation);
        HBox.setHgrow(top.getChildren().get(1), Priority.ALWAYS);
        HBox input = new HBox(6, question, ask, stop);
        HBox actions = new HBox(6, copy, export);
        getChildren().addAll(top, scroll, input, actions);
        ask.setOnAction(e -> submit());
        question.setOnAction(e -> submit());
        stop.setOnAction(e -> model.stop());
        newConversation.setOnAction(e -> model.newConversation());
        copy.setOnAction(e -> copyLast());
    }

    public void bind(ChatViewModel vm) {
        this.model = vm;
        vm.entries.watch(this::render);
        vm.busy.watch(b -> {
            stop.setDisable(!b);
            ask.setDisable(b);
        });
        vm.history.watch(h -> history.getItems().setAll(h));
        vm.title.watch(title::setText);
        vm.loadHistory();
    }

    public void focusQuestion() {
        question.requestFocus();
    }

    private void submit() {
        if (model != null && model.ask(question.getText())) {
            question.clear();
        }
    }

    private void copyLast() {
        List<ChatEntry> all = model.entries.get();
        if (!all.isEmpty()) {
            ClipboardContent c = new ClipboardContent();
            c.putString(ChatViewModel.copyText(all.get(all.size() - 1)));
            Clipboard.getSystemClipboard().setContent(c);
        }
    }

    /** Re-draws the entries; the streaming one is cheap (one Text), finished ones are built once. */
    private final List<ChatEntry> shown = new ArrayList<>();

    private void render(List<ChatEntry> all) {
        int same = 0;
        while (same < shown.size() && same < all.size() && shown.get(same) == all.get(same)) {
            same++;
        }
        while (entries.getChildren().size() > same) {
            entries.getChildren().remove(entries.getChildren().size() - 1);
            shown.remove(shown.size() - 1);
        }
        for (int i = same; i < all.size(); i++) {
            entries.getChildren().add(node(all.get(i), i));
            shown.add(all.get(i));
        }
        scroll.layout();
        scroll.setVvalue(1.0);
        // the new card's height is known only after the next layout pass: scroll again then
        javafx.application.Platform.runLater(() -> scroll.setVvalue(1.0));
    }

    private Node node(ChatEntry e, int index) {
        Label q = new Label(e.question());
        q.getStyleClass().add("question");
        VBox card = new VBox(6);
        card.getStyleClass().add("answer-card");
        card.setId("answer-" + index);
        boolean noticesShown = false;
        if (e.state() == ChatEntry.State.STREAMING) {
            Label status = new Label(e.status());
            status.getStyleClass().add("status-line");
            Text t = new Text(e.streamed());
            t.getStyleClass().add("sentence");
            TextFlow flow = new TextFlow(t);
            flow.setId("streamingText");
            card.getChildren().addAll(status, flow);
        } else if (e.state() == ChatEntry.State.FAILED) {
            Label err = new Label("Could not answer: " + e.error());
            err.getStyleClass().add("failed-text");
            err.setWrapText(true);
            card.getChildren().add(err);
        } else if (e.notFound()) {
            card.getStyleClass().add("not-found");
            card.setId("notFound-" + index);
            Label head = new Label("Not found in your documents");
            head.getStyleClass().add("not-found-title");
            boolean anyClose = !e.answer().closest().isEmpty();
            Label sub = new Label(e.answer().notFoundReasonSentence()
                    .map(why -> why + (anyClose ? " These came closest:" : ""))
                    .orElse(anyClose ? "None of the passages answers this question. These came closest:"
                            : "No passage of your documents comes close to this question (is the library empty? "
                                    + "Add documents with Ctrl+O)."));
            sub.setId("notFoundReason-" + index);
            sub.setWrapText(true);
            card.getChildren().addAll(head, sub);
            List<Citation> closest = new ArrayList<>();
            int n = 1;
            for (Passage p : e.answer().closest()) {
                closest.add(new Citation(n++, p.docPath(), p.pageStart(), p.start(), p.end(), p.text()));
            }
            for (int i = 0; i < closest.size(); i++) {
                Citation c = closest.get(i);
                Button chip = chip(closest, i);
                Label snippet = new Label(snippet(c.quote()));
                snippet.setWrapText(true);
                card.getChildren().add(new VBox(2, chip, snippet));
            }
        } else {
            Answer a = e.answer();
            if (a.mode() == Answer.Mode.EVIDENCE) {
                Label ev = new Label("Evidence mode: quoted from your documents");
                ev.getStyleClass().add("status-line");
                card.getChildren().add(ev);
            }
            // read before the answer: a caution ("no passage uses the word ...") or a fallback taken
            addNotices(card, e.notices());
            noticesShown = true;
            TextFlow flow = new TextFlow();
            flow.setId("answerText-" + index);
            for (AnswerSentence s : a.sentences()) {
                if (!s.supported()) {
                    Text mark = new Text("\u26A0 ");
                    mark.getStyleClass().add("unsupported-mark");
                    flow.getChildren().add(mark);
                }
                Text t = new Text(s.text().strip() + (a.mode() == Answer.Mode.EVIDENCE ? citeMarks(s) + "\n\n" : " "));
                t.getStyleClass().add(s.supported() ? "sentence" : "unsupported");
                flow.getChildren().add(t);
            }
            card.getChildren().add(flow);
            if (a.sentences().stream().anyMatch(s -> !s.supported())) {
                Label warn = new Label("\u26A0 Marked sentences are not supported by the passages they cite: check them.");
                warn.getStyleClass().add("notice");
                warn.setId("unsupportedNote");
                card.getChildren().add(warn);
            }
            FlowPane chips = new FlowPane(6, 6);
            chips.setId("chips-" + index);
            for (int i = 0; i < a.citations().size(); i++) {
                chips.getChildren().add(chip(a.citations(), i));
            }
            card.getChildren().add(chips);
            if (e.state() == ChatEntry.State.STOPPED) {
                Label st = new Label("Stopped.");
                st.getStyleClass().add("notice");
                card.getChildren().add(st);
            }
        }
        if (!noticesShown) {
            addNotices(card, e.notices());
        }
        return new VBox(2, q, card);
    }

    private static void addNotices(VBox card, List<String> notices) {
        for (String n : notices) {
            Label l = new Label(n);
            l.getStyleClass().add("notice");
            l.setWrapText(true);
            card.getChildren().add(l);
        }
    }

    private static String citeMarks(AnswerSentence s) {
        StringBuilder sb = new StringBuilder();
        s.citations().forEach(n -> sb.append(" [").append(n).append(']'));
        return sb.toString();
    }

    private Button chip(List<Citation> all, int i) {
        Citation c = all.get(i);
        Button chip = new Button("[" + c.n() + "] " + ChatViewModel.chipLabel(c));
        chip.setMnemonicParsing(false); // "3M_2022_10K.pdf" keeps its underscores
        chip.setTextOverrun(javafx.scene.control.OverrunStyle.CENTER_ELLIPSIS);
        chip.maxWidthProperty().bind(entries.widthProperty().subtract(40)); // a long name is cut, the card keeps its width
        chip.getStyleClass().add("citation-chip");
        chip.setOnAction(ev -> openCitation.accept(all, i));
        chip.setUserData(c);
        return chip;
    }

    private static String snippet(String text) {
        String t = text.strip().replaceAll("\\s+", " ");
        return t.length() <= 220 ? t : t.substring(0, 217) + "...";
    }

    private static final class HistoryCell extends ListCell<SavedConversation> {
        @Override
        protected void updateItem(SavedConversation c, boolean empty) {
            super.updateItem(c, empty);
            setText(empty || c == null ? null : (c.title().isBlank() ? "Conversation" : c.title()) + " (" + c.turns().size() + ")");
        }
    }
}
