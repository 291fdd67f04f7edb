package dev.lectern.ui.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.app.settings.Settings;
import dev.lectern.app.settings.SettingsStore;
import dev.lectern.app.workspace.Workspaces;
import dev.lectern.inference.models.ModelDownloader;
import dev.lectern.inference.models.ModelStore;
import dev.lectern.ui.SamplePdf;
import dev.lectern.ui.pdf.PdfPageRenderer;
import dev.lectern.ui.vm.DocRow;
import dev.lectern.ui.vm.ModelsViewModel;
import dev.lectern.ui.vm.Tasks;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Pane;
import javafx.scene.shape.Rectangle;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Drives the real window, headless (Monocle): a PDF and a broken file are dropped, the PDF becomes
 * ready, a question gets a cited answer (evidence mode), the citation opens page 2 with the passage
 * highlighted, and the broken file shows why it failed.
 */
@ExtendWith(ApplicationExtension.class)
class DesktopFlowTest {
    private Path data;
    private MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        data = Files.createTempDirectory("lectern-ui-test");
        SettingsStore store = new SettingsStore(data);
        ModelsViewModel models = new ModelsViewModel(new ModelStore(data.resolve("models")), new ModelDownloader(),
                f -> {
                    throw new IllegalStateException("no model in this test");
                }, null, Tasks.single("models"), Tasks.single("download"), Fx.UI);
        window = new MainWindow(stage, data, store, Settings.defaults(), models,
                Workspaces.Options.defaults().withModel(null), new PdfPageRenderer(), p -> { });
        stage.setScene(window.createScene());
        stage.show();
        window.openWorkspace("default");
    }

    @AfterEach
    void close() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> window.close()).get(10, TimeUnit.SECONDS);
    }

    @Test
    void droppedPdfIsAnsweredFromAndTheCitationOpensItsHighlightedPage(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.current.get() != null);
        Path docs = Files.createDirectories(data.resolve("docs"));
        Path pdf = SamplePdf.agreement(docs.resolve("NDA_Acme.pdf"));
        Path broken = Files.write(docs.resolve("broken.pdf"), "%PDF-1.7 this is not really a PDF".getBytes());

        robot.interact(() -> window.drop(List.of(pdf.toFile(), broken.toFile())));

        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> rows().stream().anyMatch(r ->
                r.fileName().equals("NDA_Acme.pdf") && r.status().searchable())
                && rows().stream().anyMatch(r -> r.fileName().equals("broken.pdf") && r.status() == DocRow.Status.FAILED));
        DocRow ready = rows().stream().filter(r -> r.fileName().equals("NDA_Acme.pdf")).findFirst().orElseThrow();
        assertThat(ready.status()).isIn(DocRow.Status.READY, DocRow.Status.KEYWORD_ONLY);
        assertThat(ready.pages()).isEqualTo(3);
        DocRow failed = rows().stream().filter(r -> r.fileName().equals("broken.pdf")).findFirst().orElseThrow();
        assertThat(failed.reason()).isNotBlank();
        // the view follows the view-model on the next pulses
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () ->
                robot.lookup("#documentTable").queryTableView().getItems().size() == 2
                        && !robot.lookup(".status-failed").queryAll().isEmpty());
        assertThat(robot.lookup("#documentTable").queryTableView().getItems()).hasSize(2);
        assertThat(robot.lookup(".status-failed").queryAll()).isNotEmpty();
        // a row is as tall as its status needs at its column's width (a wrapping label asked with no
        // width once measured a letter a line, and every row grew that tall)
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.control.TableRow<?> readyRow = robot.lookup("#documentTable .table-row-cell")
                .queryAllAs(javafx.scene.control.TableRow.class).stream()
                .filter(r -> r.getItem() != null && ((DocRow) r.getItem()).fileName().equals("NDA_Acme.pdf"))
                .findFirst().orElseThrow();
        javafx.scene.control.TableCell<?, ?> statusCell = (javafx.scene.control.TableCell<?, ?>) readyRow
                .getChildrenUnmodifiable().get(1);
        Label statusText = (Label) ((javafx.scene.layout.VBox) statusCell.getGraphic()).getChildren().get(0);
        double lineHeight = statusText.getFont().getSize() * 1.5;
        double lines = Math.ceil(statusText.getText().length() * statusText.getFont().getSize() * 0.75
                / (statusCell.getWidth() - statusCell.snappedLeftInset() - statusCell.snappedRightInset()));
        assertThat(readyRow.getHeight()).isLessThanOrEqualTo(Math.max(1, lines) * lineHeight + 12);

        robot.clickOn("#questionField").write("What is the notice period for termination?").type(KeyCode.ENTER);

        // the chat re-renders its entries while an answer settles: wait until the chip is on screen and stays
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> attachedChip(robot).isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        Button chip = attachedChip(robot).orElseThrow();
        assertThat(chip.getText()).contains("NDA_Acme.pdf p. 2");

        robot.clickOn(chip);

        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () ->
                robot.lookup("#viewerLabel").queryAs(Label.class).getText().contains("page 2 of 3")
                        && robot.lookup("#highlightLayer").tryQuery().isPresent());
        Pane layer = robot.lookup("#highlightLayer").queryAs(Pane.class);
        assertThat(layer.getChildren()).isNotEmpty().allMatch(n -> n instanceof Rectangle);
        assertThat(robot.lookup("#pageImage").queryAs(javafx.scene.image.ImageView.class).getImage()).isNotNull();
        // the page is drawn as wide as the pane, and the label says so
        dev.lectern.ui.vm.ViewerState shown = window.current.get().viewer.state.get();
        assertThat(shown.fitted()).isTrue();
        javafx.scene.control.ScrollPane pane = robot.lookup("#viewerPane .scroll-pane").queryAs(javafx.scene.control.ScrollPane.class);
        assertThat(shown.image().width()).isBetween((int) pane.getViewportBounds().getWidth() - 40,
                (int) pane.getViewportBounds().getWidth());
        assertThat(robot.lookup("#viewerLabel").queryAs(Label.class).getText()).contains("(fit to width)");
        // a highlight sits where page 2's termination sentence is: the third line, baseline 72 + 2 * 16 pt from the top
        double scale = shown.image().scale();
        assertThat(layer.getChildren()).anySatisfy(n -> {
            Rectangle r = (Rectangle) n;
            assertThat((r.getY() + r.getHeight()) / scale).isBetween(104.0 - 4, 104.0 + 6);
        });
    }

    @Test
    void aQuestionAboutADocumentThatIsNotThereSaysWhyOnItsCard(FxRobot robot) throws Exception {
        dropTheSampleAgreement(robot);

        robot.clickOn("#questionField").write("What notice does the agreement with Kraft Heinz require?").type(KeyCode.ENTER);

        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup(".not-found-title").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup(n -> n.getId() != null && n.getId().startsWith("notFoundReason-")).queryAs(Label.class).getText())
                .isEqualTo("None of your documents mentions Kraft Heinz. These came closest:");
    }

    @Test
    void aCautionAboutAWordNoPassageUsesIsShownAboveTheQuotes(FxRobot robot) throws Exception {
        dropTheSampleAgreement(robot);

        robot.clickOn("#questionField").write("Which arbitration venue does the termination clause name?").type(KeyCode.ENTER);

        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#answerText-0").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.layout.VBox card = robot.lookup("#answer-0").queryAs(javafx.scene.layout.VBox.class);
        List<Node> parts = card.getChildren();
        int caution = -1;
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i) instanceof Label l && l.getText().contains("\u201Carbitration\u201D")) {
                caution = i;
            }
        }
        assertThat(caution).as("the caution is on the card").isNotNegative();
        assertThat(caution).isLessThan(parts.indexOf(robot.lookup("#answerText-0").query()));
    }

    @Test
    void aWorkspaceNameThatCannotBeAFolderKeepsTheOpenWorkspace(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.current.get() != null);
        var before = window.current.get();

        robot.interact(() -> window.openWorkspace("Acme v. Globex / 2024"));
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(window.current.get()).isSameAs(before);
        assertThat(robot.lookup("#workspaceBox").queryComboBox().getValue()).isEqualTo("default");
        robot.interact(() -> javafx.stage.Window.getWindows().stream()
                .filter(w -> w instanceof javafx.stage.Stage st && st != robot.targetWindow() && st.getScene() != null
                        && st.getScene().getRoot() instanceof javafx.scene.control.DialogPane)
                .toList().forEach(javafx.stage.Window::hide));
    }

    /** Drops the three-page sample agreement on the window and waits until it can be searched. */
    private void dropTheSampleAgreement(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> window.current.get() != null);
        Path pdf = SamplePdf.agreement(Files.createDirectories(data.resolve("docs")).resolve("NDA_Acme.pdf"));
        robot.interact(() -> window.drop(List.of(pdf.toFile())));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> rows().stream().anyMatch(r -> r.status().searchable()));
    }

    private static java.util.Optional<Button> attachedChip(FxRobot robot) {
        return robot.lookup(".citation-chip").queryAllAs(Button.class).stream()
                .filter(b -> b.getText().contains("NDA_Acme.pdf p. 2") && b.getScene() != null && b.isVisible())
                .findFirst();
    }

    private List<DocRow> rows() {
        return window.current.get().library.documents.get();
    }

    @SuppressWarnings("unused")
    private static List<File> files(Path... p) {
        return java.util.Arrays.stream(p).map(Path::toFile).toList();
    }

    @SuppressWarnings("unused")
    private static boolean visible(Node n) {
        return n.isVisible();
    }
}
