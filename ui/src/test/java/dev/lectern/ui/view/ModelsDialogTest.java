package dev.lectern.ui.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.lectern.app.settings.Settings;
import dev.lectern.inference.gguf.GgmlType;
import dev.lectern.inference.gguf.ModelShape;
import dev.lectern.inference.gguf.SyntheticModels;
import dev.lectern.inference.hardware.Hardware;
import dev.lectern.inference.models.ModelDownloader;
import dev.lectern.inference.models.ModelStore;
import dev.lectern.ui.vm.ModelRow;
import dev.lectern.ui.vm.ModelsViewModel;
import dev.lectern.ui.vm.Tasks;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The models dialog, headless: its buttons reach the view-model and its table and message follow
 * it. A partial download is listed with a resume and removed with the Remove button; a model is
 * downloaded from a local HTTP server through the URL field and listed as installed.
 */
@ExtendWith(ApplicationExtension.class)
class ModelsDialogTest {
    private static final String PARTIAL = "Qwen2.5-1.5B-Instruct-Q4_K_M.gguf.part";
    private Path dir;
    private ModelsDialog dialog;
    private HttpServer server;

    @Start
    void start(Stage owner) throws Exception {
        dir = Files.createTempDirectory("lectern-models-ui");
        Files.write(dir.resolve(PARTIAL), new byte[1000]);
        ModelsViewModel vm = new ModelsViewModel(new ModelStore(dir), new ModelDownloader(), f -> {
            throw new IllegalStateException("no model is started in this test");
        }, new Hardware(2, 8L << 30, 6L << 30), Tasks.single("models"), Tasks.single("download"), Fx.UI);
        owner.setScene(new Scene(new StackPane(), 200, 100));
        owner.show();
        dialog = new ModelsDialog(owner, vm, Settings.defaults(), s -> { });
        dialog.show();
    }

    @AfterEach
    void close() throws Exception {
        if (server != null) {
            server.stop(0);
        }
        WaitForAsyncUtils.asyncFx(() -> dialog.stage().close()).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aPartialDownloadIsListedWithAResumeAndRemovedWithTheRemoveButton(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> row("qwen2.5-1.5b") != null);
        ModelRow partial = row("qwen2.5-1.5b");
        assertThat(partial.state()).isEqualTo(ModelRow.State.PARTIAL);
        assertThat(partial.detail()).contains("resume");

        robot.interact(() -> dialog.table.getSelectionModel().select(partial));
        robot.clickOn("#removeModel");

        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !Files.exists(dir.resolve(PARTIAL))
                && message(robot).contains("partial download"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> row("qwen2.5-1.5b").state() == ModelRow.State.AVAILABLE);
    }

    @Test
    void aModelDownloadedFromAUrlIsListedAsInstalled(FxRobot robot) throws Exception {
        byte[] model = Files.readAllBytes(SyntheticModels.write(Files.createTempDirectory("lectern-served").resolve("tiny.gguf"),
                ModelShape.TINY, GgmlType.Q8_0, 7));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/tiny.gguf", ex -> {
            ex.sendResponseHeaders(200, model.length);
            try (var out = ex.getResponseBody()) {
                out.write(model);
            }
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/tiny.gguf";

        robot.clickOn("#modelUrl").write(url);
        robot.clickOn("#downloadUrl");

        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> message(robot).startsWith("Downloaded tiny.gguf"));
        assertThat(Files.readAllBytes(dir.resolve("tiny.gguf"))).isEqualTo(model);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> dialog.table.getItems().stream()
                .anyMatch(r -> r.name().contains("tiny.gguf") && r.state() == ModelRow.State.INSTALLED));
    }

    private ModelRow row(String ref) {
        return dialog.table.getItems().stream().filter(r -> r.ref().equals(ref)).findFirst().orElse(null);
    }

    private static String message(FxRobot robot) {
        String t = robot.lookup("#modelsMessage").queryAs(Label.class).getText();
        return t == null ? "" : t;
    }
}
