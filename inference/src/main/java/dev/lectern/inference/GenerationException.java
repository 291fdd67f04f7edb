package dev.lectern.inference;

/**
 * A generation that could not run or complete. {@link #workerCrashed()} is true when the model's
 * process died (a native crash): the generator has already arranged a restart for the next call.
 */
public class GenerationException extends Exception {
    private final boolean workerCrashed;

    public GenerationException(String message) {
        this(message, false, null);
    }

    public GenerationException(String message, boolean workerCrashed, Throwable cause) {
        super(message, cause);
        this.workerCrashed = workerCrashed;
    }

    public boolean workerCrashed() {
        return workerCrashed;
    }
}
