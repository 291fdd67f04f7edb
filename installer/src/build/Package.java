import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Builds Lectern's installer for the platform it runs on: a trimmed Java runtime (jlink), a
 * self-contained app image (jpackage --type app-image) and the platform's package (.deb on Linux,
 * .msi on Windows, .dmg on macOS). The installer module's Maven profile runs it with the JDK that runs
 * Maven ({@code java Package.java --key=value ...}); it needs nothing but a JDK 17+ with jmods
 * (plus dpkg-deb and fakeroot for a .deb, WiX 3 for an .msi).
 *
 * <p>Steps, all under {@code --out}:
 * <ol>
 * <li>{@code input/}: the main jar and the jars its manifest's Class-Path names (else every jar in
 * {@code --lib}), copied into {@code input/lib}. Jars carrying native libraries for several platforms
 * (ONNX Runtime, DJL tokenizers, llama.cpp, JNA) keep only this platform's, and no debug symbols.</li>
 * <li>{@code runtime/}: jlink of {@code --modules}, stripped of debug data, headers and man pages but
 * <em>keeping bin/java</em>: the model worker is a child JVM started from {@code java.home}.</li>
 * <li>{@code image/}: the app image, with that runtime ({@code --runtime-image}, so jpackage does not
 * strip bin/java as its own jlink step would).</li>
 * <li>{@code packages/}: the native package made from the image.</li>
 * </ol>
 */
public final class Package {
    private static final PrintWriter OUT = new PrintWriter(System.out, true);

    public static void main(String[] args) throws Exception {
        Map<String, String> o = parse(args);
        Path mainJar = Path.of(required(o, "main-jar")).toAbsolutePath().normalize();
        Path lib = Path.of(required(o, "lib")).toAbsolutePath().normalize();
        Path out = Path.of(required(o, "out")).toAbsolutePath().normalize();
        Path resources = Path.of(required(o, "resources")).toAbsolutePath().normalize();
        Path icons = Path.of(required(o, "icons")).toAbsolutePath().normalize();
        String mainClass = required(o, "main-class");
        String platform = platform();
        String os = platform.substring(0, platform.indexOf('-'));
        String name = o.getOrDefault("name", "");
        if (name.isBlank()) {
            name = os.equals("linux") ? "lectern" : "Lectern";
        }
        String version = appVersion(required(o, "version"), os);
        String types = o.getOrDefault("types", "auto");
        if (types.isBlank() || types.equals("auto")) {
            types = switch (os) {
                case "linux" -> "app-image,deb";
                case "windows" -> "app-image,msi";
                default -> "app-image,dmg";
            };
        }
        if (!Files.isRegularFile(mainJar)) {
            fail(mainJar + " not found: build the module that makes it first (mvn install from the repository root), "
                    + "or name another with -Dinstaller.mainJar=... -Dinstaller.mainClass=...");
        }
        long started = System.nanoTime();
        OUT.println("installer: " + name + " " + version + " for " + platform + " (" + types + ")");
        deleteTree(out);
        Files.createDirectories(out);

        Path input = out.resolve("input");
        stage(mainJar, lib, input, platform);
        Path runtime = out.resolve("runtime");
        jlink(required(o, "modules"), runtime);
        OUT.printf(Locale.ROOT, "installer: input %s, runtime %s%n", mib(size(input)), mib(size(runtime)));

        String icon = icons.resolve(switch (os) {
            case "windows" -> "lectern.ico";
            case "mac" -> "lectern.icns";
            default -> "lectern.png";
        }).toString();
        List<String> common = List.of("--name", name, "--app-version", version,
                "--vendor", o.getOrDefault("vendor", "Lectern"),
                "--description", o.getOrDefault("description", "Offline document assistant"),
                "--copyright", o.getOrDefault("copyright", "Lectern"));

        Path imageDir = out.resolve("image");
        List<String> image = new ArrayList<>(List.of("--type", "app-image", "--dest", imageDir.toString(),
                "--input", input.toString(), "--main-jar", mainJar.getFileName().toString(), "--main-class", mainClass,
                "--runtime-image", runtime.toString(), "--icon", icon,
                // the launcher's own JVM; the model worker gets its options from Lectern itself
                "--java-options", "-Dlectern.installed=true"));
        image.addAll(common);
        if (os.equals("windows")) {
            // the main launcher is a windowed program; lectern-cli.exe is the console twin for scripts
            image.addAll(List.of("--add-launcher", "lectern-cli=" + resources.resolve("windows/lectern-cli.properties")));
        }
        if (os.equals("mac")) {
            image.addAll(List.of("--mac-package-identifier", "dev.lectern", "--mac-package-name", "Lectern"));
        }
        jpackage(image);
        Path app = Files.list(imageDir).findFirst().orElseThrow();
        OUT.printf(Locale.ROOT, "installer: app image %s: %s%n", app, mib(size(app)));

        for (String type : types.split(",")) {
            type = type.strip();
            if (type.isEmpty() || type.equals("app-image")) {
                continue;
            }
            Path dest = out.resolve("packages");
            List<String> pkg = new ArrayList<>(List.of("--type", type, "--app-image", app.toString(),
                    "--dest", dest.toString(), "--file-associations", resources.resolve("pdf.properties").toString()));
            pkg.addAll(common);
            switch (os) {
                case "linux" -> pkg.addAll(List.of("--resource-dir", resources.resolve("linux").toString(),
                        "--linux-package-name", "lectern", "--linux-deb-maintainer", "dev@lectern.local",
                        "--linux-menu-group", "Office", "--linux-app-category", "text", "--linux-shortcut",
                        "--icon", icon));
                case "windows" -> pkg.addAll(List.of("--win-menu", "--win-menu-group", "Lectern", "--win-shortcut",
                        "--win-dir-chooser", "--win-upgrade-uuid", "6f1c7a52-3d4e-4b8a-9c0e-1a2b3c4d5e6f"));
                default -> pkg.addAll(List.of("--mac-package-identifier", "dev.lectern"));
            }
            jpackage(pkg);
            try (Stream<Path> s = Files.list(dest)) {
                for (Path p : s.toList()) {
                    OUT.printf(Locale.ROOT, "installer: package %s: %s%n", p, mib(Files.size(p)));
                }
            }
        }
        OUT.printf(Locale.ROOT, "installer: done in %.0f s%n", (System.nanoTime() - started) / 1e9);
    }

    // ---- staging and trimming ----

    /** os-arch of the machine this runs on: linux-x64, linux-aarch64, mac-x64, mac-aarch64, windows-x64. */
    static String platform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String o = os.contains("win") ? "windows" : os.contains("mac") || os.contains("darwin") ? "mac" : "linux";
        String a = arch.equals("aarch64") || arch.equals("arm64") ? "aarch64" : "x64";
        return o + "-" + a;
    }

    /**
     * Where each multi-platform jar keeps its native libraries, and which folder this platform needs:
     * everything else under the first prefix is dropped.
     */
    static Map<String, String> nativeFolders(String platform) {
        Map<String, String> m = new LinkedHashMap<>();
        boolean arm = platform.endsWith("aarch64");
        String os = platform.substring(0, platform.indexOf('-'));
        // ONNX Runtime (embeddings): ai/onnxruntime/native/{linux,osx,win}-{x64,aarch64}/
        m.put("ai/onnxruntime/native/", "ai/onnxruntime/native/"
                + Map.of("linux", "linux", "mac", "osx", "windows", "win").get(os) + (arm ? "-aarch64/" : "-x64/"));
        // DJL's Hugging Face tokenizers: native/lib/{linux,osx,win}-{x86_64,aarch64}/
        m.put("native/lib/", "native/lib/"
                + Map.of("linux", "linux", "mac", "osx", "windows", "win").get(os) + (arm ? "-aarch64/" : "-x86_64/"));
        // java-llama.cpp: de/kherud/llama/{Linux,Linux-Android,Mac,Windows}/{x86_64,aarch64,...}/
        m.put("de/kherud/llama/", "de/kherud/llama/"
                + Map.of("linux", "Linux", "mac", "Mac", "windows", "Windows").get(os) + (arm ? "/aarch64/" : "/x86_64/"));
        // JNA: com/sun/jna/{linux,darwin,win32,...}-{x86-64,aarch64,...}/
        m.put("com/sun/jna/", "com/sun/jna/"
                + Map.of("linux", "linux", "mac", "darwin", "windows", "win32").get(os) + (arm ? "-aarch64/" : "-x86-64/"));
        return m;
    }

    /** True for an entry that another platform needs, or that only a debugger reads. */
    static boolean dropped(String entry, Map<String, String> folders) {
        if (entry.endsWith(".pdb") || entry.contains(".dSYM/") || entry.endsWith(".dSYM")) {
            return true;
        }
        for (Map.Entry<String, String> f : folders.entrySet()) {
            String root = f.getKey();
            if (!entry.startsWith(root) || entry.length() == root.length()) {
                continue;
            }
            String rest = entry.substring(root.length());
            int slash = rest.indexOf('/');
            if (slash < 0) {
                return false; // a file beside the platform folders (tokenizers.properties, a class)
            }
            String folder = rest.substring(0, slash);
            boolean platformFolder = switch (root) {
                case "de/kherud/llama/" -> Character.isUpperCase(folder.charAt(0)); // packages are lower case
                case "com/sun/jna/" -> folder.contains("-"); // packages (ptr, win32) have no dash
                default -> true;
            };
            return platformFolder && !entry.startsWith(f.getValue()) && !f.getValue().startsWith(entry);
        }
        return false;
    }

    static void stage(Path mainJar, Path lib, Path input, String platform) throws IOException {
        Path libOut = input.resolve("lib");
        Files.createDirectories(libOut);
        Files.copy(mainJar, input.resolve(mainJar.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
        List<Path> jars = new ArrayList<>();
        String classPath;
        try (java.util.jar.JarFile jf = new java.util.jar.JarFile(mainJar.toFile())) {
            java.util.jar.Manifest mf = jf.getManifest();
            classPath = mf == null ? null : mf.getMainAttributes().getValue("Class-Path");
        }
        if (classPath != null && !classPath.isBlank()) {
            // only what the application uses: a stale jar left in lib/ by an earlier build stays out
            for (String item : classPath.trim().split("\\s+")) {
                Path jar = lib.resolve(Path.of(item).getFileName().toString());
                if (!Files.isRegularFile(jar)) {
                    fail(mainJar.getFileName() + " names " + item + " in its Class-Path but " + jar + " is missing");
                }
                jars.add(jar);
            }
        } else {
            try (Stream<Path> s = Files.list(lib)) {
                s.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(jars::add);
            }
        }
        Map<String, String> folders = nativeFolders(platform);
        long before = 0;
        long after = 0;
        for (Path jar : jars) {
            Path target = libOut.resolve(jar.getFileName());
            before += Files.size(jar);
            if (!trim(jar, target, folders)) {
                Files.copy(jar, target, StandardCopyOption.COPY_ATTRIBUTES);
            }
            after += Files.size(target);
        }
        OUT.printf(Locale.ROOT, "installer: %d jars, %s (other platforms' natives dropped: %s less)%n", jars.size(),
                mib(after), mib(before - after));
    }

    /** Writes {@code jar} without the dropped entries; false (nothing written) when none would be dropped. */
    static boolean trim(Path jar, Path target, Map<String, String> folders) throws IOException {
        try (ZipFile zf = new ZipFile(jar.toFile())) {
            boolean any = zf.stream().anyMatch(e -> dropped(e.getName(), folders));
            if (!any) {
                return false;
            }
            try (OutputStream fo = Files.newOutputStream(target); ZipOutputStream zo = new ZipOutputStream(fo)) {
                Enumeration<? extends ZipEntry> en = zf.entries();
                while (en.hasMoreElements()) {
                    ZipEntry e = en.nextElement();
                    if (dropped(e.getName(), folders)) {
                        continue;
                    }
                    ZipEntry copy = new ZipEntry(e.getName());
                    copy.setTime(e.getTime());
                    zo.putNextEntry(copy);
                    try (InputStream in = zf.getInputStream(e)) {
                        in.transferTo(zo);
                    }
                    zo.closeEntry();
                }
            }
        }
        return true;
    }

    // ---- JDK tools ----

    static void jlink(String modules, Path runtime) {
        Path jmods = Path.of(System.getProperty("java.home"), "jmods");
        if (!Files.isDirectory(jmods)) {
            fail(jmods + " is missing: jlink needs a full JDK with jmods (e.g. Temurin, or Debian's openjdk-17-jdk)");
        }
        run("jlink", List.of("--module-path", jmods.toString(), "--add-modules", modules.replaceAll("\\s+", ""),
                "--strip-debug", "--no-header-files", "--no-man-pages", "--compress=2",
                // no --strip-native-commands: the model worker runs <runtime>/bin/java
                "--output", runtime.toString()));
        Path java = runtime.resolve("bin").resolve(platform().startsWith("windows") ? "java.exe" : "java");
        if (!Files.isExecutable(java)) {
            fail("jlink made no " + java + "; the model worker needs it");
        }
    }

    static void jpackage(List<String> args) {
        run("jpackage", args);
    }

    static void run(String tool, List<String> args) {
        ToolProvider t = ToolProvider.findFirst(tool).orElseThrow(() -> new IllegalStateException(
                tool + " is not available: run with a JDK 17+ (not a JRE)"));
        OUT.println("installer: " + tool + " " + String.join(" ", args));
        long t0 = System.nanoTime();
        int code = t.run(OUT, new PrintWriter(System.err, true), args.toArray(String[]::new));
        if (code != 0) {
            fail(tool + " failed with status " + code);
        }
        OUT.printf(Locale.ROOT, "installer: %s took %.0f s%n", tool, (System.nanoTime() - t0) / 1e9);
    }

    // ---- small helpers ----

    /**
     * jpackage wants 1 to 3 numbers: 0.1.0-SNAPSHOT becomes 0.1.0. macOS refuses a first number of 0
     * (CFBundleVersion), so there 0.x.y becomes 1.x.y, with a note.
     */
    static String appVersion(String mavenVersion, String os) {
        String v = mavenVersion.replaceAll("[^0-9.].*$", "").replaceAll("\\.+$", "");
        if (v.isEmpty()) {
            v = "1.0.0";
        }
        if (os.equals("mac") && v.startsWith("0.")) {
            OUT.println("installer: note: macOS bundles need a version >= 1; packaging " + v + " as 1." + v.substring(2));
            v = "1." + v.substring(2);
        }
        return v;
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (!a.startsWith("--") || eq < 0) {
                fail("usage: java Package.java --main-jar=JAR --lib=DIR --main-class=CLASS --version=V --modules=M,... "
                        + "--icons=DIR --resources=DIR --out=DIR [--name=N] [--types=app-image,deb] (bad: " + a + ")");
            }
            m.put(a.substring(2, eq), a.substring(eq + 1));
        }
        return m;
    }

    static String required(Map<String, String> o, String key) {
        String v = o.get(key);
        if (v == null || v.isBlank()) {
            fail("--" + key + " is required");
        }
        return v;
    }

    static long size(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    static void fail(String message) {
        System.err.println("installer: " + message);
        System.exit(1);
    }
}
