package dev.lectern.ui.view;

import dev.lectern.app.settings.Settings;
import dev.lectern.app.settings.SettingsStore;
import dev.lectern.app.workspace.Workspaces;
import dev.lectern.ui.pdf.ConversationPdf;
import dev.lectern.ui.vm.ModelsViewModel;
import dev.lectern.ui.vm.PageRenderer;
import dev.lectern.ui.vm.Prop;
import dev.lectern.ui.vm.Tasks;
import dev.lectern.ui.vm.WorkspaceSession;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.input.DragEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main window: the model bar on top, then library, chat and source viewer side by side. Files
 * and folders dropped anywhere on the window are added to the open workspace.
 */
public final class MainWindow {
    private static final Logger LOG = LoggerFactory.getLogger(MainWindow.class);

    private final Stage stage;
    private final Path dataDir;
    private final SettingsStore settingsStore;
    private Settings settings;
    private final ModelsViewModel models;
    private final Workspaces.Options options;
    private final PageRenderer renderer;
    private final Consumer<Path> openExternally;
    private final ExecutorService opener = Tasks.single("workspace");

    final LibraryView library;
    final ChatView chat;
    final ViewerView viewer;
    final SplitPane split;
    final ComboBox<String> workspaces = new ComboBox<>();
    final Label modelLabel = new Label();
    private final BorderPane root = new BorderPane();
    private WorkspaceSession session;
    /** The open workspace; null while one opens. Tests wait on it. */
    public final Prop<WorkspaceSession> current = new Prop<>(null);

    public MainWindow(Stage stage, Path dataDir, SettingsStore settingsStore, Settings settings, ModelsViewModel models,
                      Workspaces.Options options, PageRenderer renderer, Consumer<Path> openExternally) {
        this.stage = stage;
        this.dataDir = dataDir;
        this.settingsStore = settingsStore;
        this.settings = settings;
        this.models = models;
        this.options = options;
        this.renderer = renderer;
        this.openExternally = openExternally;
        library = new LibraryView(openExternally);
        viewer = new ViewerView(openExternally);
        chat = new ChatView((all, i) -> session.viewer.open(all, i), this::exportMarkdown, this::exportPdf);
        split = new SplitPane(library, chat, viewer);
        split.setOrientation(Orientation.HORIZONTAL);
        List<Double> d = settings.dividers();
        split.setDividerPositions(d.size() == 2 ? new double[] {d.get(0), d.get(1)} : new double[] {0.28, 0.62});
        root.setTop(modelBar());
        root.setCenter(split);
        root.setId("mainRoot");
    }

    private HBox modelBar() {
        modelLabel.setId("modelLabel");
        modelLabel.getStyleClass().add("model-name");
        models.loaded.watch(t -> {
            modelLabel.setText(t);
            modelLabel.getStyleClass().remove("evidence-mode");
            if (ModelsViewModel.EVIDENCE_MODE.equals(t)) {
                modelLabel.getStyleClass().add("evidence-mode");
            }
        });
        workspaces.setId("workspaceBox");
        workspaces.setEditable(true);
        workspaces.setPromptText("workspace");
        workspaces.setOnAction(e -> {
            String name = workspaces.getValue();
            if (name != null && !name.isBlank() && (session == null || !session.name().equals(name.strip()))) {
                openWorkspace(name.strip());
            }
        });
        Button add = new Button("Add documents...");
        add.setId("addButton");
        add.setOnAction(e -> chooseFiles());
        Button folder = new Button("Add folder...");
        folder.setOnAction(e -> chooseFolder());
        Button watch = new Button("Watch folder...");
        watch.setId("watchButton");
        watch.setOnAction(e -> chooseWatched());
        Button modelsButton = new Button("Models...");
        modelsButton.setId("modelsButton");
        modelsButton.setOnAction(e -> showModels());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox bar = new HBox(new Label("Workspace"), workspaces, add, folder, watch, grow, new Label("Model:"), modelLabel, modelsButton);
        // a long model description is cut, not the buttons ("Add d...", "...")
        for (javafx.scene.Node n : bar.getChildren()) {
            if (n instanceof Region r && n != modelLabel && n != grow) {
                r.setMinWidth(Region.USE_PREF_SIZE);
            }
        }
        modelLabel.setMinWidth(40);
        modelLabel.setTooltip(new javafx.scene.control.Tooltip());
        modelLabel.getTooltip().textProperty().bind(modelLabel.textProperty());
        bar.getStyleClass().add("model-bar");
        bar.setPadding(new Insets(6, 10, 6, 10));
        return bar;
    }

    public Scene createScene() {
        List<Double> w = settings.window();
        Scene scene = new Scene(root, w.size() == 4 ? w.get(2) : 1320, w.size() == 4 ? w.get(3) : 800);
        if (w.size() == 4) {
            stage.setX(w.get(0));
            stage.setY(w.get(1));
        }
        Theme.apply(scene, Theme.systemIsDark());
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), this::chooseFiles);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.L, KeyCombination.SHORTCUT_DOWN), chat::focusQuestion);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN), () -> {
            if (session != null) {
                session.chat.newConversation();
            }
        });
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ESCAPE), () -> {
            if (session != null) {
                session.chat.stop();
            }
        });
        scene.addEventFilter(DragEvent.DRAG_OVER, e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY_OR_MOVE);
                root.getStyleClass().add("drop-target");
            }
        });
        scene.addEventFilter(DragEvent.DRAG_EXITED, e -> root.getStyleClass().remove("drop-target"));
        scene.addEventFilter(DragEvent.DRAG_DROPPED, e -> {
            root.getStyleClass().remove("drop-target");
            if (e.getDragboard().hasFiles()) {
                drop(e.getDragboard().getFiles());
                e.setDropCompleted(true);
                e.consume();
            }
        });
        return scene;
    }

    /** What a drop on the window does: the files and folders are added to the open workspace. */
    /**
     * The first-run welcome: evidence mode explained, and the model recommended for this machine with
     * its download size and memory, downloaded only if the user says so.
     */
    public void showWelcome(dev.lectern.ui.vm.WelcomeViewModel welcome) {
        javafx.scene.control.Dialog<javafx.scene.control.ButtonType> d = new javafx.scene.control.Dialog<>();
        d.initOwner(stage);
        d.setTitle("Welcome to Lectern");
        d.setHeaderText("Ask your documents, and check every answer against its page");
        javafx.scene.control.Label about = new javafx.scene.control.Label(dev.lectern.ui.vm.WelcomeViewModel.EVIDENCE_MODE_TEXT);
        about.setWrapText(true);
        javafx.scene.control.Label offer = new javafx.scene.control.Label(welcome.offer());
        offer.setId("welcomeOffer");
        offer.setWrapText(true);
        javafx.scene.layout.VBox body = new javafx.scene.layout.VBox(12, about, offer);
        body.setPrefWidth(560);
        d.getDialogPane().setContent(body);
        javafx.scene.control.ButtonType download = new javafx.scene.control.ButtonType("Download " + welcome.recommended().displayName(),
                javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        javafx.scene.control.ButtonType later = new javafx.scene.control.ButtonType("Not now (evidence mode)",
                javafx.scene.control.ButtonBar.ButtonData.CANCEL_CLOSE);
        d.getDialogPane().getButtonTypes().setAll(download, later);
        d.setOnHidden(e -> {
            try {
                welcome.dismiss();
            } catch (IOException ex) {
                LOG.warn("could not record that the welcome was seen", ex);
            }
            if (d.getResult() == download) {
                models.download(welcome.recommended().id());
                showModels();
            }
        });
        d.show();
    }

    /** Adds {@code files} as a drop would, as soon as the workspace being opened is ready. */
    public void dropWhenOpen(List<File> files) {
        if (session != null) {
            drop(files);
            return;
        }
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        current.watch(s -> {
            if (s != null && done.compareAndSet(false, true)) {
                drop(files);
            }
        });
    }

    public void drop(List<File> files) {
        if (session == null || files.isEmpty()) {
            return;
        }
        List<Path> paths = new ArrayList<>();
        files.forEach(f -> paths.add(f.toPath()));
        session.library.add(paths);
    }

    private void chooseFiles() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Add documents");
        List<File> files = fc.showOpenMultipleDialog(stage);
        if (files != null) {
            drop(files);
        }
    }

    private void chooseFolder() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Add a folder");
        File f = dc.showDialog(stage);
        if (f != null) {
            drop(List.of(f));
        }
    }

    private void chooseWatched() {
        if (session == null) {
            return;
        }
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Watch a folder");
        File f = dc.showDialog(stage);
        if (f != null) {
            List<String> w = new ArrayList<>(settings.watched(session.name()));
            w.add(f.toPath().toAbsolutePath().normalize().toString());
            settings = settings.withWatched(session.name(), w);
            saveSettings();
            session.library.watch(List.of(f.toPath()));
        }
    }

    public void showModels() {
        new ModelsDialog(stage, models, settings, s -> {
            settings = s;
            saveSettings();
        }).show();
    }

    /** Opens a workspace off the FX thread (it loads the embedding model), then binds the panes to it. */
    public void openWorkspace(String name) {
        try {
            new Workspaces(dataDir).folder(name); // a name that cannot be a folder is refused before anything closes
        } catch (IllegalArgumentException bad) {
            new Alert(Alert.AlertType.ERROR, bad.getMessage()).show();
            workspaces.setValue(session == null ? null : session.name());
            return;
        }
        WorkspaceSession old = session;
        session = null;
        current.set(null);
        modelLabel.getScene();
        opener.execute(() -> {
            if (old != null) {
                old.close();
            }
            try {
                WorkspaceSession s = WorkspaceSession.open(dataDir, name, options, models::generator, renderer, Fx.UI);
                Platform.runLater(() -> bindSession(s));
            } catch (IOException | RuntimeException e) {
                LOG.warn("could not open workspace {}", name, e);
                Platform.runLater(() -> new Alert(Alert.AlertType.ERROR, "Workspace " + name + " could not be opened: "
                        + e.getMessage()).show());
            }
        });
    }

    private void bindSession(WorkspaceSession s) {
        session = s;
        library.bind(s.library);
        chat.bind(s.chat);
        viewer.bind(s.viewer);
        s.chat.entries.watch(entries -> {
            if (entries.isEmpty()) {
                s.viewer.clear(); // a new conversation: the last one's source goes too
            }
        });
        s.library.refresh();
        s.library.catchUpVectors();
        s.library.watch(settings.watched(s.name()).stream().map(Path::of).toList());
        settings = settings.withWorkspace(s.name());
        try {
            new Workspaces(dataDir).setCurrent(s.name());
        } catch (IOException e) {
            LOG.warn("could not record {} as the current workspace", s.name(), e);
        }
        stage.setTitle("Lectern - " + s.name());
        try {
            List<String> names = new ArrayList<>(new Workspaces(dataDir).names());
            if (!names.contains(s.name())) {
                names.add(s.name());
            }
            workspaces.getItems().setAll(names);
        } catch (IOException e) {
            LOG.warn("could not list workspaces", e);
        }
        workspaces.setValue(s.name());
        current.set(s);
    }

    public WorkspaceSession session() {
        return session;
    }

    private void exportMarkdown() {
        File f = saveAs("conversation.md", "Markdown", "*.md");
        if (f != null) {
            try {
                session.chat.exportMarkdown(f.toPath());
            } catch (IOException e) {
                new Alert(Alert.AlertType.ERROR, "Export failed: " + e.getMessage()).show();
            }
        }
    }

    private void exportPdf() {
        File f = saveAs("conversation.pdf", "PDF", "*.pdf");
        if (f != null) {
            String md = session.chat.markdown();
            opener.execute(() -> {
                try {
                    ConversationPdf.write(md, f.toPath());
                } catch (IOException e) {
                    LOG.warn("PDF export failed", e);
                    Platform.runLater(() -> new Alert(Alert.AlertType.ERROR, "Export failed: " + e.getMessage()).show());
                }
            });
        }
    }

    private File saveAs(String name, String kind, String pattern) {
        if (session == null) {
            return null;
        }
        FileChooser fc = new FileChooser();
        fc.setInitialFileName(name);
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(kind, pattern));
        return fc.showSaveDialog(stage);
    }

    /** Remembers the window's place, size and pane layout. */
    public void saveSettings() {
        double[] d = split.getDividerPositions();
        List<Double> dividers = d.length == 2 ? List.of(d[0], d[1]) : List.of();
        settings = settings.withWindow(List.of(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight()), dividers);
        try {
            settingsStore.save(settings);
        } catch (IOException e) {
            LOG.warn("could not save the settings", e);
        }
    }

    public ModelsViewModel models() {
        return models;
    }

    public Settings settings() {
        return settings;
    }

    public void close() {
        saveSettings();
        if (session != null) {
            session.close();
        }
        opener.shutdownNow();
    }
}
