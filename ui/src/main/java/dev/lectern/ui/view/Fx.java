package dev.lectern.ui.view;

import dev.lectern.ui.vm.Prop;
import dev.lectern.ui.vm.UiThread;
import java.util.function.Consumer;
import javafx.application.Platform;

/** JavaFX glue for the view-models: the UI thread, and watching a {@link Prop} from a control. */
public final class Fx {
    private Fx() {
    }

    /** Runs on the FX thread: at once when already there, else later. */
    public static final UiThread UI = change -> {
        if (Platform.isFxApplicationThread()) {
            change.run();
        } else {
            Platform.runLater(change);
        }
    };

    public static <T> void bind(Prop<T> prop, Consumer<T> apply) {
        prop.watch(apply);
    }
}
