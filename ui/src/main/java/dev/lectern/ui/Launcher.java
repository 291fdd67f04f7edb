package dev.lectern.ui;

/**
 * The entry point of {@code lectern}: no arguments open the desktop window, any argument runs the
 * command line ({@code lectern ask ...}). A plain class on purpose: a main class that extends
 * {@code Application} fails from the class path with "JavaFX runtime components are missing".
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || (args.length == 1 && args[0].startsWith("--data-dir="))) {
            LecternApp.launchWindow(args);
        } else {
            dev.lectern.app.cli.Main.main(args);
        }
    }
}
