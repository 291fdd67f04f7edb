package dev.lectern.ui.vm;

/**
 * Where view-model state changes are published: the JavaFX application thread in the app
 * ({@code Platform::runLater}), the calling thread in tests ({@link #DIRECT}). Background work
 * never touches view-model state directly; it hands the change to this.
 */
@FunctionalInterface
public interface UiThread {
    UiThread DIRECT = Runnable::run;

    void run(Runnable change);
}
