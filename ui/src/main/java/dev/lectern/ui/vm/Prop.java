package dev.lectern.ui.vm;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A value a view can watch, without JavaFX: views copy it into their controls from a listener.
 * Set it on the UI thread only (view-models do so through {@link UiThread}).
 */
public final class Prop<T> {
    private volatile T value;
    private final List<Consumer<T>> listeners = new CopyOnWriteArrayList<>();

    public Prop(T initial) {
        this.value = initial;
    }

    public T get() {
        return value;
    }

    public void set(T v) {
        if (Objects.equals(v, value)) {
            return;
        }
        value = v;
        fire();
    }

    /** Tells the listeners again even when the value is the same object (for mutable holders). */
    public void fire() {
        for (Consumer<T> l : listeners) {
            l.accept(value);
        }
    }

    /** Listens, and is called at once with the current value. */
    public Runnable watch(Consumer<T> l) {
        listeners.add(l);
        l.accept(value);
        return () -> listeners.remove(l);
    }
}
