package dev.lectern.ui.view;

import dev.lectern.ui.vm.PageRenderer;
import dev.lectern.ui.vm.ViewerState;
import dev.lectern.ui.vm.ViewerViewModel;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/** The source viewer: the cited page drawn with the passage highlighted, or the text with it marked. */
public final class ViewerView extends VBox {
    final Label label = new Label();
    final Label error = new Label();
    final ImageView image = new ImageView();
    final Pane highlights = new Pane();
    final TextFlow text = new TextFlow();
    private final StackPane page = new StackPane();
    private final ScrollPane scroll = new ScrollPane();
    private ViewerViewModel model;

    public ViewerView(Consumer<Path> openExternally) {
        setId("viewerPane");
        setSpacing(6);
        setPadding(new Insets(8));
        Label title = new Label("Source");
        title.getStyleClass().add("pane-title");
        label.setId("viewerLabel");
        error.setId("viewerError");
        error.getStyleClass().add("notice");
        error.setWrapText(true);
        Button prevCite = button("\u25C0 Citation", "prevCitation", () -> model.previousCitation());
        Button nextCite = button("Citation \u25B6", "nextCitation", () -> model.nextCitation());
        // symbols with tooltips: the pane is a third of the window, and cut labels ("Citatio...") read worse
        Button prevPage = button("\u2191", "prevPage", () -> model.previousPage());
        prevPage.setTooltip(new javafx.scene.control.Tooltip("Previous page"));
        Button nextPage = button("\u2193", "nextPage", () -> model.nextPage());
        nextPage.setTooltip(new javafx.scene.control.Tooltip("Next page"));
        Button zoomOut = button("\u2212", "zoomOut", () -> model.zoomOut());
        zoomOut.setTooltip(new javafx.scene.control.Tooltip("Zoom out"));
        Button zoomIn = button("+", "zoomIn", () -> model.zoomIn());
        zoomIn.setTooltip(new javafx.scene.control.Tooltip("Zoom in"));
        Button fit = button("Fit", "fitWidth", () -> model.fitWidth());
        fit.setTooltip(new javafx.scene.control.Tooltip("Fit the page to the pane's width"));
        Button open = button("Open file", "openExternal", () -> {
            if (model.currentFile() != null) {
                openExternally.accept(model.currentFile());
            }
        });
        HBox tools = new HBox(4, prevCite, nextCite, prevPage, nextPage, zoomOut, zoomIn, fit, open);
        tools.setAlignment(Pos.CENTER_LEFT);
        tools.getChildren().forEach(n -> ((Button) n).setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE));
        image.setId("pageImage");
        highlights.setId("highlightLayer");
        highlights.setMouseTransparent(true);
        text.setId("viewerText");
        text.setPadding(new Insets(12));
        page.getChildren().addAll(image, highlights);
        page.setAlignment(Pos.TOP_LEFT);
        page.setMaxSize(javafx.scene.layout.Region.USE_PREF_SIZE, javafx.scene.layout.Region.USE_PREF_SIZE);
        StackPane holder = new StackPane(page);
        holder.getStyleClass().add("page-view");
        holder.setPadding(new Insets(PAGE_MARGIN));
        scroll.setContent(new Label("Click a citation to see it in its document."));
        scroll.setFitToWidth(true);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        scroll.setUserData(holder);
        scroll.viewportBoundsProperty().addListener((o, was, now) -> {
            if (model != null) {
                model.setViewportWidth(now.getWidth() - PAGE_MARGIN * 2);
            }
        });
        getChildren().addAll(title, tools, label, error, scroll);
    }

    /** The grey margin around a drawn page, each side. */
    private static final double PAGE_MARGIN = 10;

    private static Button button(String text, String id, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setOnAction(e -> action.run());
        return b;
    }

    public void bind(ViewerViewModel vm) {
        this.model = vm;
        vm.setViewportWidth(scroll.getViewportBounds().getWidth() - PAGE_MARGIN * 2);
        vm.state.watch(this::show);
    }

    private void show(ViewerState s) {
        label.setText(s.label() + (s.pageCount() > 0 ? "  (page " + s.page() + " of " + s.pageCount() + ")" : "")
                + (s.citationCount() > 1 ? "  citation " + (s.citationIndex() + 1) + " of " + s.citationCount() : "")
                + (s.path() != null ? String.format(s.fitted() ? "  %.0f%% (fit to width)" : "  %.0f%%", s.zoom() * 100) : ""));
        error.setText(s.error() == null ? "" : s.error());
        error.setVisible(s.error() != null);
        error.setManaged(s.error() != null);
        if (s.path() == null) {
            // nothing open (another workspace, a new conversation): no page of another matter stays on screen
            image.setImage(null);
            highlights.getChildren().clear();
            text.getChildren().clear();
            scroll.setFitToWidth(true);
            scroll.setContent(new Label("Click a citation to see it in its document."));
            return;
        }
        if (s.hasImage()) {
            PageRenderer.RenderedPage r = s.image();
            WritableImage img = new WritableImage(r.width(), r.height());
            img.getPixelWriter().setPixels(0, 0, r.width(), r.height(), PixelFormat.getIntArgbInstance(), r.argb(), 0,
                    r.width());
            image.setImage(img);
            highlights.getChildren().clear();
            highlights.setPrefSize(r.width(), r.height());
            for (ViewerState.Rect rect : s.highlights()) {
                Rectangle box = new Rectangle(rect.x() * r.scale() - 1, rect.y() * r.scale() - 1,
                        rect.width() * r.scale() + 2, rect.height() * r.scale() + 2);
                box.getStyleClass().add("highlight");
                box.setManaged(false);
                highlights.getChildren().add(box);
            }
            scroll.setFitToWidth(false);
            scroll.setContent((StackPane) scroll.getUserData());
            if (!s.highlights().isEmpty()) {
                double y = s.highlights().get(0).y() * r.scale();
                double x = s.highlights().get(0).x() * r.scale();
                scroll.layout();
                scroll.setVvalue(Math.max(0, Math.min(1, (y - 80) / Math.max(1, r.height() - scroll.getViewportBounds().getHeight()))));
                // zoomed wider than the pane: bring the passage's first word into view too
                double hidden = r.width() + PAGE_MARGIN * 2 - scroll.getViewportBounds().getWidth();
                scroll.setHvalue(hidden <= 0 ? 0 : Math.max(0, Math.min(1, (x - 40) / hidden)));
            }
        } else {
            String t = s.text();
            int a = Math.min(s.highlightStart(), t.length());
            int b = Math.min(Math.max(a, s.highlightEnd()), t.length());
            Text before = new Text(t.substring(0, a));
            Text mark = new Text(t.substring(a, b));
            mark.getStyleClass().add("text-highlight");
            mark.setId("textHighlight");
            Text after = new Text(t.substring(b));
            before.getStyleClass().add("sentence");
            after.getStyleClass().add("sentence");
            text.getChildren().setAll(before, mark, after);
            text.setStyle("-fx-font-size: " + Math.max(8, Math.round(13 * s.zoom())) + "px;");
            scroll.setFitToWidth(true);
            scroll.setContent(text);
            scroll.layout();
            scroll.setVvalue(t.isEmpty() ? 0 : Math.max(0, (double) a / t.length() - 0.05));
        }
    }
}
