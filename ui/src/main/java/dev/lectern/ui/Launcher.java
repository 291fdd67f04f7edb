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
            return;
        }
        // "Open with Lectern" on documents: with a display, the window opens and adds them to the
        // current workspace, as a drop would; without one, `lectern open` adds them from the terminal
        String[] routed = dev.lectern.app.cli.Main.filesToOpen(args);
        if (routed.length > 1 && "open".equals(routed[0]) && !java.awt.GraphicsEnvironment.isHeadless()) {
            String[] files = new String[routed.length - 1];
            System.arraycopy(routed, 1, files, 0, files.length);
            LecternApp.launchWindow(files);
        } else {
            dev.lectern.app.cli.Main.main(args);
        }
    }
}
