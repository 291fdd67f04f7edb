package dev.lectern.ui;

import dev.lectern.app.DataDirectory;
import dev.lectern.app.models.LocalModels;
import dev.lectern.app.settings.Settings;
import dev.lectern.app.settings.SettingsStore;
import dev.lectern.app.workspace.Workspaces;
import dev.lectern.inference.ModelLoader;
import dev.lectern.inference.hardware.Hardware;
import dev.lectern.inference.models.ModelDownloader;
import dev.lectern.ui.pdf.PdfPageRenderer;
import dev.lectern.ui.view.Fx;
import dev.lectern.ui.view.MainWindow;
import dev.lectern.ui.vm.ModelsViewModel;
import dev.lectern.ui.vm.Tasks;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The desktop application. Started through {@link Launcher}. The data folder is
 * {@code -Dlectern.data.dir}, else {@code --data-dir=DIR}, else the usual place (LECTERN_HOME or the
 * platform's), redirected by the {@code dataFolder} setting; {@code -Dlectern.vectors=false} opens
 * workspaces with keyword search only, {@code -Dlectern.model=none} starts in evidence mode.
 */
public final class LecternApp extends Application {
    private static final Logger LOG = LoggerFactory.getLogger(LecternApp.class);

    private MainWindow window;
    private ModelsViewModel models;

    static void launchWindow(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        Application.launch(LecternApp.class, args);
    }

    /** The data folder from the launch arguments and settings. */
    static Path dataDirectory(java.util.List<String> args) {
        String prop = System.getProperty("lectern.data.dir");
        Path explicit = prop != null && !prop.isBlank() ? Path.of(prop) : null;
        for (String a : args) {
            if (a.startsWith("--data-dir=")) {
                explicit = Path.of(a.substring("--data-dir=".length()));
            }
        }
        Path dir = DataDirectory.resolve(explicit);
        if (explicit == null) {
            String moved = new SettingsStore(dir).load().dataFolder();
            if (moved != null && !moved.isBlank()) {
                dir = Path.of(moved).toAbsolutePath().normalize();
            }
        }
        return dir;
    }

    @Override
    public void start(Stage stage) {
        Path dataDir = dataDirectory(getParameters().getRaw());
        LOG.info("data folder {}", dataDir);
        SettingsStore store = new SettingsStore(dataDir);
        Settings settings = store.load();
        boolean vectors = !"false".equalsIgnoreCase(System.getProperty("lectern.vectors", "true"));
        Workspaces.Options options = Workspaces.Options.interactive();
        if (!vectors) {
            options = options.withModel(null);
        }
        models = createModels(dataDir, settings);
        Consumer<Path> openExternally = p -> getHostServices().showDocument(p.toUri().toString());
        window = new MainWindow(stage, dataDir, store, settings, models, options, new PdfPageRenderer(), openExternally);
        stage.setTitle("Lectern");
        stage.setScene(window.createScene());
        stage.setOnCloseRequest(e -> window.close());
        stage.show();
        // the current workspace is shared with the command line (`lectern open` adds files to it)
        window.openWorkspace(new Workspaces(dataDir).current());
        List<java.io.File> opened = getParameters().getRaw().stream().filter(a -> !a.startsWith("--"))
                .map(java.io.File::new).filter(java.io.File::exists).toList();
        if (!opened.isEmpty()) {
            window.dropWhenOpen(opened);
        }
        if (!Boolean.getBoolean("lectern.noWelcome")) {
            dev.lectern.ui.vm.WelcomeViewModel welcome = new dev.lectern.ui.vm.WelcomeViewModel(dataDir,
                    dev.lectern.inference.hardware.Hardware.probe());
            if (welcome.shouldShow()) {
                window.showWelcome(welcome);
            }
        }
        String model = System.getProperty("lectern.model", settings.model());
        models.loadDefault(model);
    }

    static ModelsViewModel createModels(Path dataDir, Settings settings) {
        return new ModelsViewModel(LocalModels.store(dataDir), new ModelDownloader().withAttempts(3),
                file -> ModelLoader.load(file, Hardware.probe(), s -> {
                    var x = s;
                    if (settings.threads() > 0) {
                        x = x.withThreads(settings.threads());
                    }
                    if (settings.contextSize() > 0) {
                        x = x.withContextSize(settings.contextSize());
                    }
                    return x;
                }, notice -> LOG.info("model: {}", notice)), Hardware.probe(), Tasks.single("models"),
                Tasks.single("download"), Fx.UI);
    }

    public MainWindow window() {
        return window;
    }

    @Override
    public void stop() {
        if (models != null) {
            models.close();
        }
        // library threads (Tika, the embedder) may linger: the window decides when the process ends
        Platform.exit();
        System.exit(0);
    }
}
