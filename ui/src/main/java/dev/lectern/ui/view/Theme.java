package dev.lectern.ui.view;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;

/**
 * Light or dark, following the system: {@code -Dlectern.theme=dark|light} wins, else GTK_THEME
 * (Linux), else the macOS appearance, else the Windows app theme; light when nothing says.
 */
public final class Theme {
    private Theme() {
    }

    public static boolean systemIsDark() {
        String forced = System.getProperty("lectern.theme", "");
        if (!forced.isBlank()) {
            return forced.equalsIgnoreCase("dark");
        }
        String gtk = System.getenv("GTK_THEME");
        if (gtk != null && !gtk.isBlank()) {
            return gtk.toLowerCase(Locale.ROOT).contains("dark");
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return ask("defaults", "read", "-g", "AppleInterfaceStyle").toLowerCase(Locale.ROOT).contains("dark");
        }
        if (os.contains("win")) {
            return ask("reg", "query", "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize", "/v",
                    "AppsUseLightTheme").contains("0x0");
        }
        return false;
    }

    private static String ask(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try (InputStream in = p.getInputStream()) {
                String out = new String(in.readAllBytes());
                p.waitFor(2, TimeUnit.SECONDS);
                return out;
            }
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    public static void apply(Scene scene, boolean dark) {
        scene.getStylesheets().setAll(Theme.class.getResource("/dev/lectern/ui/lectern.css").toExternalForm());
        if (dark) {
            scene.getStylesheets().add(Theme.class.getResource("/dev/lectern/ui/dark.css").toExternalForm());
        }
    }
}
