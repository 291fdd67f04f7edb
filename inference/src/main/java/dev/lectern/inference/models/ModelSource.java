package dev.lectern.inference.models;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a model comes from: an {@code http(s)} URL, or {@code hf:OWNER/REPO/FILE.gguf} (optionally
 * {@code @REVISION}) for a file in a Hugging Face repository, and the file name it is saved under.
 */
public record ModelSource(URI uri, String fileName) {
    private static final Pattern HF = Pattern.compile(
            "hf:([A-Za-z0-9][A-Za-z0-9._-]*)/([A-Za-z0-9][A-Za-z0-9._-]*)/([^@]+?\\.gguf)(?:@([A-Za-z0-9._-]+))?",
            Pattern.CASE_INSENSITIVE);

    public ModelSource {
        if (uri == null || fileName == null || fileName.isBlank()) {
            throw new IllegalArgumentException("a model source needs a URL and a file name");
        }
        checkFileName(fileName);
    }

    /**
     * Parses {@code hf:OWNER/REPO/FILE.gguf[@REVISION]} (revision defaults to {@code main}) or an
     * {@code http://} / {@code https://} URL whose last path segment names a {@code .gguf} file.
     *
     * @throws IllegalArgumentException with the accepted forms when {@code text} is neither
     */
    public static ModelSource parse(String text) {
        String s = text == null ? "" : text.strip();
        if (s.regionMatches(true, 0, "hf:", 0, 3)) {
            Matcher m = HF.matcher(s);
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + s + "' is not a Hugging Face file: write hf:OWNER/REPO/FILE.gguf, "
                        + "for example hf:bartowski/Qwen2.5-1.5B-Instruct-GGUF/Qwen2.5-1.5B-Instruct-Q4_K_M.gguf");
            }
            String file = m.group(3);
            if (file.contains("..") || file.startsWith("/")) {
                throw new IllegalArgumentException("'" + file + "' is not a file path inside the repository");
            }
            String revision = m.group(4) == null ? "main" : m.group(4);
            try {
                URI uri = new URI("https", "huggingface.co",
                        "/" + m.group(1) + "/" + m.group(2) + "/resolve/" + revision + "/" + file, null);
                return new ModelSource(uri, file.substring(file.lastIndexOf('/') + 1));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("'" + s + "' does not make a valid URL: " + e.getMessage(), e);
            }
        }
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + s + "' is not a URL: " + e.getMessage()
                    + " (give https://.../FILE.gguf, hf:OWNER/REPO/FILE.gguf or a catalogue id)", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("'" + s + "' is not an http(s) URL: give https://.../FILE.gguf, "
                    + "hf:OWNER/REPO/FILE.gguf or a catalogue id (see 'lectern models catalogue')");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (!name.toLowerCase(Locale.ROOT).endsWith(".gguf")) {
            throw new IllegalArgumentException("'" + s + "' does not end in a .gguf file name; give the file's own URL "
                    + "(on Hugging Face: .../resolve/main/FILE.gguf, not the model page)");
        }
        return new ModelSource(uri, name);
    }

    /** Whether the file is on Hugging Face (an {@code hf:} source, a catalogue entry or a pasted huggingface.co URL). */
    public boolean huggingFace() {
        return uri.getHost() != null && uri.getHost().equalsIgnoreCase("huggingface.co");
    }

    /** The same source saved under another file name. */
    public ModelSource withFileName(String name) {
        return new ModelSource(uri, name);
    }

    static void checkFileName(String name) {
        if (name.contains("/") || name.contains("\\") || name.startsWith(".") || !name.toLowerCase(Locale.ROOT).endsWith(".gguf")) {
            throw new IllegalArgumentException("'" + name + "' is not a plain .gguf file name");
        }
    }
}
