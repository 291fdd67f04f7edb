package dev.lectern.app;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where Lectern keeps workspaces, models, settings and logs: {@code LECTERN_HOME} when set, else the
 * platform's own place for per-user application data.
 */
public final class DataDirectory {
    private DataDirectory() {
    }

    public static Path resolve(Path explicit) {
        return resolve(explicit, System.getenv(), System.getProperty("os.name", ""), System.getProperty("user.home", "."));
    }

    /** Resolution with its inputs spelled out, so every platform's rule can be tested anywhere. */
    public static Path resolve(Path explicit, Map<String, String> env, String osName, String userHome) {
        if (explicit != null) {
            return explicit.toAbsolutePath().normalize();
        }
        String home = env.get("LECTERN_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home).toAbsolutePath().normalize();
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            String appData = env.get("APPDATA");
            return appData != null && !appData.isBlank() ? Path.of(appData, "Lectern")
                    : Path.of(userHome, "AppData", "Roaming", "Lectern");
        }
        if (os.contains("mac") || os.contains("darwin")) {
            return Path.of(userHome, "Library", "Application Support", "Lectern");
        }
        String xdg = env.get("XDG_DATA_HOME");
        return xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg, "lectern")
                : Path.of(userHome, ".local", "share", "lectern");
    }
}
