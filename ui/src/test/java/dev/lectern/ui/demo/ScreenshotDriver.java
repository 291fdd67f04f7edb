package dev.lectern.ui.demo;

import dev.lectern.app.settings.Settings;
import dev.lectern.app.settings.SettingsStore;
import dev.lectern.app.workspace.Workspaces;
import dev.lectern.inference.hardware.Hardware;
import dev.lectern.inference.models.ModelDownloader;
import dev.lectern.inference.models.ModelStore;
import dev.lectern.ui.pdf.PdfPageRenderer;
import dev.lectern.ui.view.Fx;
import dev.lectern.ui.view.MainWindow;
import dev.lectern.ui.view.ModelsDialog;
import dev.lectern.ui.vm.ChatEntry;
import dev.lectern.ui.vm.ModelsViewModel;
import dev.lectern.ui.vm.Tasks;
import dev.lectern.ui.vm.WorkspaceSession;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the README's screenshots: opens the real window on a scratch data folder, adds
 * assets/samples, asks questions in evidence mode, opens a citation, shows the models dialog, and
 * saves each state as a PNG. Run by scripts/screenshots (under Xvfb when it is there).
 *
 * <p>Arguments: output folder, samples folder.
 */
public final class ScreenshotDriver {
    private static final Logger LOG = LoggerFactory.getLogger(ScreenshotDriver.class);

    private ScreenshotDriver() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots");
        Path samples = Path.of(args.length > 1 ? args[1] : "assets/samples");
        Files.createDirectories(out);
        Path data = Files.createTempDirectory("lectern-shots");
        CountDownLatch up = new CountDownLatch(1);
        Platform.startup(up::countDown);
        up.await();
        Stage[] stage = new Stage[1];
        MainWindow window = onFx(() -> {
            Stage s = new Stage();
            ModelsViewModel models = new ModelsViewModel(new ModelStore(data.resolve("models")), new ModelDownloader(),
                    f -> {
                        throw new IllegalStateException("no model");
                    }, Hardware.probe(), Tasks.single("models"), Tasks.single("download"), Fx.UI);
            Settings settings = Settings.defaults().withWindow(List.of(0.0, 0.0, 1440.0, 860.0), List.of(0.27, 0.62));
            MainWindow w = new MainWindow(s, data, new SettingsStore(data), settings, models,
                    Workspaces.Options.defaults(), new PdfPageRenderer(), p -> { });
            s.setScene(w.createScene());
            s.setTitle("Lectern");
            s.show();
            w.openWorkspace("contracts");
            stage[0] = s;
            return w;
        });
        waitFor(() -> window.current.get() != null, 120);
        WorkspaceSession session = window.current.get();
        List<File> files;
        try (var s = Files.list(samples)) {
            files = s.filter(p -> p.toString().endsWith(".pdf") || p.toString().endsWith(".docx")).sorted()
                    .map(Path::toFile).toList();
        }
        onFx(() -> {
            window.drop(files);
            return null;
        });
        waitFor(() -> session.library.batchesDone.get() > 0, 600);
        settle();
        shoot(stage[0].getScene(), out.resolve("01-library.png"));

        ask(session, "What is the notice period for termination?");
        shoot(stage[0].getScene(), out.resolve("02-answer.png"));

        ChatEntry answer = session.chat.entries.get().get(0);
        if (answer.answer() != null && !answer.answer().citations().isEmpty()) {
            onFx(() -> {
                var cites = answer.answer().citations();
                int pdf = 0;
                for (int i = 0; i < cites.size(); i++) {
                    if (cites.get(i).doc().endsWith(".pdf")) {
                        pdf = i;
                        break;
                    }
                }
                session.viewer.open(cites, pdf);
                return null;
            });
            waitFor(() -> session.viewer.state.get().path() != null, 60);
            settle();
            shoot(stage[0].getScene(), out.resolve("03-viewer.png"));
        }

        ask(session, "Which football club won the 1966 world cup final?");
        shoot(stage[0].getScene(), out.resolve("04-not-found.png"));

        Stage dialog = onFx(() -> {
            ModelsDialog d = new ModelsDialog(stage[0], window.models(), window.settings(), x -> { });
            d.show();
            return d.stage();
        });
        settle();
        shoot(dialog.getScene(), out.resolve("05-models.png"));
        LOG.info("screenshots written to {}", out.toAbsolutePath());
        Platform.exit();
        System.exit(0);
    }

    private static void ask(WorkspaceSession session, String q) throws Exception {
        int before = session.chat.entries.get().size();
        onFx(() -> session.chat.ask(q));
        waitFor(() -> session.chat.entries.get().size() > before && !session.chat.busy.get(), 120);
        settle();
    }

    private static void settle() throws InterruptedException {
        Thread.sleep(1500);
    }

    private static <T> T onFx(Callable<T> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(60, TimeUnit.SECONDS);
    }

    private static void waitFor(BooleanSupplier condition, int seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("timed out after " + seconds + " s");
            }
            Thread.sleep(100);
        }
    }

    private static void shoot(Scene scene, Path file) throws Exception {
        WritableImage img = onFx(() -> scene.snapshot(null));
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        PixelReader r = img.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                b.setRGB(x, y, r.getArgb(x, y));
            }
        }
        ImageIO.write(b, "png", file.toFile());
        LOG.info("saved {}", file);
    }
}
