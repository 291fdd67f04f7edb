package dev.lectern.ui.view;

import dev.lectern.ui.vm.DocRow;
import dev.lectern.ui.vm.LibraryViewModel;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The library pane: a workspace's documents with status, pages and date, the batch bar, and a context menu. */
public final class LibraryView extends VBox {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy", java.util.Locale.ENGLISH).withZone(ZoneId.systemDefault());

    final TableView<DocRow> table = new TableView<>();
    private final ProgressBar batch = new ProgressBar(0);
    private final Label batchText = new Label();
    private final Button cancel = new Button("Cancel");
    private final Label title = new Label("Library");

    public LibraryView(Consumer<Path> openExternally) {
        setSpacing(6);
        setPadding(new Insets(8));
        setId("libraryPane");
        title.getStyleClass().add("pane-title");
        table.setId("documentTable");
        table.setPlaceholder(new Label("Drop files or folders here, or use Add documents... (Ctrl+O)"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);

        // the pane is narrow: the name gets the room, and is cut in its middle so that
        // "annual-report.pdf" and "annual-report.docx" still differ on screen
        TableColumn<DocRow, DocRow> name = new TableColumn<>("Document");
        name.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        name.setCellFactory(c -> new NameCell());
        name.setPrefWidth(200);
        TableColumn<DocRow, DocRow> status = new TableColumn<>("Status");
        status.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        status.setCellFactory(c -> new StatusCell());
        status.setPrefWidth(110);
        status.setMinWidth(60);
        TableColumn<DocRow, String> pages = new TableColumn<>("Pages");
        pages.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().pages() > 0 ? String.valueOf(c.getValue().pages()) : ""));
        pages.setPrefWidth(50);
        pages.setMinWidth(50);
        TableColumn<DocRow, String> added = new TableColumn<>("Added");
        added.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().added() == null ? "" : DATE.format(c.getValue().added())));
        added.setPrefWidth(90);
        added.setMinWidth(96);
        table.getColumns().setAll(java.util.List.of(name, status, pages, added));
        VBox.setVgrow(table, Priority.ALWAYS);

        table.setRowFactory(tv -> {
            TableRow<DocRow> row = new TableRow<>();
            MenuItem remove = new MenuItem("Remove");
            remove.setOnAction(e -> model.remove(row.getItem()));
            MenuItem reindex = new MenuItem("Re-index");
            reindex.setOnAction(e -> model.reindex(row.getItem()));
            MenuItem open = new MenuItem("Open file");
            open.setOnAction(e -> openExternally.accept(Path.of(row.getItem().path())));
            ContextMenu menu = new ContextMenu(open, reindex, remove);
            row.contextMenuProperty().bind(javafx.beans.binding.Bindings.when(row.emptyProperty())
                    .then((ContextMenu) null).otherwise(menu));
            return row;
        });

        batch.setId("batchProgress");
        batch.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(batch, Priority.ALWAYS);
        batchText.setId("batchText");
        cancel.setId("cancelIngest");
        cancel.setOnAction(e -> model.cancel());
        HBox bar = new HBox(6, batch, cancel);
        getChildren().addAll(title, table, bar, batchText);
    }

    private LibraryViewModel model;
    private boolean warming;

    /**
     * An empty library draws its first rows when the first document is dropped, and building row and
     * cell skins and their CSS on a cold JVM stalls the FX thread for ~200-250 ms right then
     * (FxStallBenchmark). So rows of every status are laid out, off screen in effect, during the first
     * two frames after the library opens, and the real (empty) list replaces them.
     */
    private void warmUp(LibraryViewModel vm) {
        java.time.Instant now = java.time.Instant.now();
        table.getItems().setAll(java.util.List.of(
                new DocRow("/warm-up/a.pdf", null, "a", DocRow.Status.QUEUED, null, 0, now, -1),
                new DocRow("/warm-up/b.pdf", null, "b", DocRow.Status.PARSING, null, 0, now, 0.5),
                new DocRow("/warm-up/c.pdf", "c", "c", DocRow.Status.READY, null, 3, now, 1),
                new DocRow("/warm-up/d.pdf", null, "d", DocRow.Status.FAILED, "warm-up", 0, now, 0)));
        table.setOpacity(0);
        new javafx.animation.AnimationTimer() {
            private int frames;

            @Override
            public void handle(long t) {
                if (++frames >= 3) {
                    stop();
                    warming = false;
                    table.setOpacity(1);
                    table.getItems().setAll(vm.documents.get());
                }
            }
        }.start();
    }

    public void bind(LibraryViewModel vm) {
        this.model = vm;
        title.setText("Library: " + vm.workspaceName() + (vm.readOnly() ? " (read only)" : ""));
        batchText.setWrapText(true);
        warming = vm.documents.get().isEmpty();
        vm.documents.watch(rows -> {
            if (!warming) {
                table.getItems().setAll(rows);
            }
        });
        if (warming) {
            warmUp(vm);
        }
        vm.batchProgress.watch(p -> batch.setProgress(p < 0 ? ProgressBar.INDETERMINATE_PROGRESS : p));
        vm.batchText.watch(batchText::setText);
        vm.busy.watch(b -> {
            cancel.setDisable(!b);
            batch.setVisible(b || vm.batchProgress.get() > 0);
        });
    }

    /** The file name, cut in the middle when narrow, with the whole path as a tooltip. */
    static final class NameCell extends TableCell<DocRow, DocRow> {
        NameCell() {
            setTextOverrun(javafx.scene.control.OverrunStyle.CENTER_ELLIPSIS);
        }

        @Override
        protected void updateItem(DocRow r, boolean empty) {
            super.updateItem(r, empty);
            setText(empty || r == null ? null : r.fileName());
            setTooltip(empty || r == null ? null : new javafx.scene.control.Tooltip(r.path()));
        }
    }

    /** Status text with a progress bar while the document is on its way in. */
    private static final class StatusCell extends TableCell<DocRow, DocRow> {
        private final ProgressBar bar = new ProgressBar();
        private final Label label = new Label();
        private final VBox box = new VBox(2, label, bar);

        StatusCell() {
            bar.setMaxWidth(Double.MAX_VALUE);
            bar.setPrefHeight(8);
            label.setWrapText(true);
        }

        /**
         * Asked with no width, a wrapping label reports the height of its narrowest layout, a letter a
         * line, and every row grew five lines tall for "ready": measure at the column's width instead.
         */
        @Override
        protected double computePrefHeight(double width) {
            if (getGraphic() == null) {
                return super.computePrefHeight(width);
            }
            double known = width > 0 ? width : getWidth() > 0 ? getWidth()
                    : getTableColumn() != null ? getTableColumn().getWidth() : 0;
            // before the first layout no width is known: one line, until the row is laid out at its width
            double w = known > 0 ? known - snappedLeftInset() - snappedRightInset() : Double.MAX_VALUE;
            return snappedTopInset() + box.prefHeight(w) + snappedBottomInset();
        }

        @Override
        protected void updateItem(DocRow r, boolean empty) {
            super.updateItem(r, empty);
            if (empty || r == null) {
                setGraphic(null);
                return;
            }
            // a failure's reason is long and the column narrow: the cell says "failed", the tooltip why
            boolean failed = r.status() == DocRow.Status.FAILED;
            label.setText(failed ? "failed: hover to see why" : r.statusText());
            setTooltip(failed ? new javafx.scene.control.Tooltip(r.statusText()) : null);
            label.getStyleClass().removeAll("status-failed", "status-ready");
            if (r.status() == DocRow.Status.FAILED) {
                label.getStyleClass().add("status-failed");
            } else if (r.status() == DocRow.Status.READY || r.status() == DocRow.Status.KEYWORD_ONLY) {
                label.getStyleClass().add("status-ready");
            }
            boolean inFlight = r.status() == DocRow.Status.QUEUED || r.status() == DocRow.Status.PARSING
                    || r.status() == DocRow.Status.KEYWORD || r.status() == DocRow.Status.EMBEDDING;
            bar.setVisible(inFlight);
            bar.setManaged(inFlight);
            bar.setProgress(r.progress() < 0 ? ProgressBar.INDETERMINATE_PROGRESS : r.progress());
            setGraphic(box);
        }
    }
}
