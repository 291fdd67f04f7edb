package dev.lectern.app.settings;

import java.util.List;
import java.util.Map;

/**
 * What the user chose and what the window remembers, kept in {@code <data>/settings.json}.
 *
 * @param threads       inference threads, 0 for the default (all cores)
 * @param contextSize   model context in tokens, 0 for the default (chosen from model and memory)
 * @param model         the language model to load at start ("none" for evidence mode), null for the installed default
 * @param dataFolder    another data folder to use from now on (read from the default location only), or null
 * @param workspace     the workspace open last
 * @param window        x, y, width, height of the main window, empty when never saved
 * @param dividers      positions of the main window's split panes, 0..1
 * @param watched       folders each workspace watches, by workspace name
 */
public record Settings(int threads, int contextSize, String model, String dataFolder, String workspace,
                       List<Double> window, List<Double> dividers, Map<String, List<String>> watched) {
    public Settings {
        if (threads < 0 || threads > 512) {
            throw new IllegalArgumentException("threads must be 0 (default) to 512, got " + threads);
        }
        if (contextSize < 0 || contextSize > 1_048_576) {
            throw new IllegalArgumentException("context size must be 0 (default) to 1048576 tokens, got " + contextSize);
        }
        window = window == null ? List.of() : List.copyOf(window);
        dividers = dividers == null ? List.of() : List.copyOf(dividers);
        watched = watched == null ? Map.of() : Map.copyOf(watched);
        workspace = workspace == null || workspace.isBlank() ? "default" : workspace;
    }

    public static Settings defaults() {
        return new Settings(0, 0, null, null, "default", List.of(), List.of(), Map.of());
    }

    public Settings withThreads(int t) {
        return new Settings(t, contextSize, model, dataFolder, workspace, window, dividers, watched);
    }

    public Settings withContextSize(int c) {
        return new Settings(threads, c, model, dataFolder, workspace, window, dividers, watched);
    }

    public Settings withModel(String m) {
        return new Settings(threads, contextSize, m, dataFolder, workspace, window, dividers, watched);
    }

    public Settings withDataFolder(String d) {
        return new Settings(threads, contextSize, model, d, workspace, window, dividers, watched);
    }

    public Settings withWorkspace(String w) {
        return new Settings(threads, contextSize, model, dataFolder, w, window, dividers, watched);
    }

    public Settings withWindow(List<Double> w, List<Double> d) {
        return new Settings(threads, contextSize, model, dataFolder, workspace, w, d, watched);
    }

    public Settings withWatched(String ws, List<String> folders) {
        Map<String, List<String>> m = new java.util.TreeMap<>(watched);
        if (folders.isEmpty()) {
            m.remove(ws);
        } else {
            m.put(ws, List.copyOf(folders));
        }
        return new Settings(threads, contextSize, model, dataFolder, workspace, window, dividers, m);
    }

    public List<String> watched(String ws) {
        return watched.getOrDefault(ws, List.of());
    }
}
