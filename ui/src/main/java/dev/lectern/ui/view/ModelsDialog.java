package dev.lectern.ui.view;

import dev.lectern.app.settings.Settings;
import dev.lectern.ui.vm.ModelRow;
import dev.lectern.ui.vm.ModelsViewModel;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/** Models and settings: pick, download (progress, cancel, resume), remove; threads, context size, data folder. */
public final class ModelsDialog {
    private final Stage stage = new Stage();
    final TableView<ModelRow> table = new TableView<>();

    public ModelsDialog(Window owner, ModelsViewModel vm, Settings settings, Consumer<Settings> saveSettings) {
        stage.initOwner(owner);
        stage.setTitle("Models and settings");
        table.setId("modelTable");
        TableColumn<ModelRow, String> name = new TableColumn<>("Model");
        name.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().name()));
        name.setPrefWidth(180);
        TableColumn<ModelRow, ModelRow> state = new TableColumn<>("State");
        state.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        state.setCellFactory(c -> new TableCell<>() {
            private final ProgressBar bar = new ProgressBar();

            @Override
            protected void updateItem(ModelRow r, boolean empty) {
                super.updateItem(r, empty);
                if (empty || r == null) {
                    setGraphic(null);
                    setText(null);
                } else if (r.state() == ModelRow.State.DOWNLOADING) {
                    bar.setProgress(r.progress() < 0 ? ProgressBar.INDETERMINATE_PROGRESS : r.progress());
                    setGraphic(bar);
                    setText(null);
                } else {
                    setGraphic(null);
                    setText(r.stateText());
                }
            }
        });
        state.setPrefWidth(220);
        TableColumn<ModelRow, String> detail = new TableColumn<>("Details");
        detail.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().detail()));
        detail.setPrefWidth(420);
        table.getColumns().setAll(java.util.List.of(name, state, detail));
        VBox.setVgrow(table, Priority.ALWAYS);

        Button download = new Button("Download / resume");
        download.setId("downloadModel");
        download.setOnAction(e -> selected(r -> vm.download(r.ref())));
        Button cancel = new Button("Cancel download");
        cancel.setOnAction(e -> selected(r -> vm.cancel(r.ref())));
        Button remove = new Button("Remove");
        remove.setId("removeModel");
        remove.setOnAction(e -> selected(vm::remove));
        Button makeDefault = new Button("Make default");
        makeDefault.setOnAction(e -> selected(vm::makeDefault));
        Button load = new Button("Load now");
        load.setOnAction(e -> selected(r -> {
            try {
                vm.store().find(dev.lectern.inference.models.ModelCatalogue.find(r.ref())
                                .map(dev.lectern.inference.models.ModelCatalogue.Entry::fileName).orElse(r.ref()))
                        .stream().filter(m -> m.usable()).findFirst().ifPresent(m -> vm.load(m.file()));
            } catch (java.io.IOException ex) {
                vm.message.set(ex.getMessage());
            }
        }));
        Button unload = new Button("Evidence mode");
        unload.setOnAction(e -> vm.load(null));
        TextField url = new TextField();
        url.setId("modelUrl");
        url.setPromptText("https://.../model.gguf or hf:owner/repo/file.gguf");
        HBox.setHgrow(url, Priority.ALWAYS);
        Button fromUrl = new Button("Download URL");
        fromUrl.setId("downloadUrl");
        fromUrl.setOnAction(e -> vm.download(url.getText()));
        Label message = new Label();
        message.setId("modelsMessage");
        message.setWrapText(true);
        vm.rows.watch(rows -> table.getItems().setAll(rows));
        vm.message.watch(message::setText);
        VBox models = new VBox(8, table, new HBox(6, download, cancel, remove, makeDefault, load, unload),
                new HBox(6, url, fromUrl), message);
        models.setPadding(new Insets(10));

        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(8);
        form.setPadding(new Insets(12));
        Spinner<Integer> threads = new Spinner<>(0, 256, settings.threads());
        threads.setEditable(true);
        Spinner<Integer> ctx = new Spinner<>(0, 131_072, settings.contextSize(), 1024);
        ctx.setEditable(true);
        TextField data = new TextField(settings.dataFolder() == null ? "" : settings.dataFolder());
        data.setPromptText("default data folder");
        form.addRow(0, new Label("Inference threads (0 = all cores)"), threads);
        form.addRow(1, new Label("Context size in tokens (0 = automatic)"), ctx);
        form.addRow(2, new Label("Data folder (takes effect on restart)"), data);
        Button save = new Button("Save settings");
        Label saved = new Label();
        save.setOnAction(e -> {
            Settings s = settings.withThreads(threads.getValue()).withContextSize(ctx.getValue())
                    .withDataFolder(data.getText().isBlank() ? null : Path.of(data.getText()).toString());
            saveSettings.accept(s);
            saved.setText("Saved; a model loaded from now on uses them.");
        });
        form.addRow(3, save, saved);
        Label machine = new Label();
        machine.setId("machineLabel");
        machine.setWrapText(true);
        vm.machine.watch(machine::setText);
        form.addRow(4, new Label("This machine"), machine);
        vm.probeMachine(dev.lectern.inference.hardware.DeviceProbe::probe);

        TabPane tabs = new TabPane(new Tab("Models", models), new Tab("Settings", form));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        Scene scene = new Scene(tabs, 860, 460);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().setAll(owner.getScene().getStylesheets());
        }
        stage.setScene(scene);
        scene.getAccelerators().put(new javafx.scene.input.KeyCodeCombination(javafx.scene.input.KeyCode.ESCAPE), stage::close);
        vm.refresh();
    }

    private void selected(Consumer<ModelRow> action) {
        ModelRow r = table.getSelectionModel().getSelectedItem();
        if (r != null) {
            action.accept(r);
        }
    }

    public Stage stage() {
        return stage;
    }

    public void show() {
        stage.show();
    }
}
