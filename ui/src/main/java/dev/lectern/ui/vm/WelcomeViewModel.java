package dev.lectern.ui.vm;

import dev.lectern.inference.hardware.Hardware;
import dev.lectern.inference.models.Bytes;
import dev.lectern.inference.models.ModelCatalogue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * The first-run welcome: what evidence mode is, and the model recommended for this machine with its
 * download size and the memory it needs, shown before anything is downloaded. Shown once per data
 * folder (a marker file records that it was seen).
 */
public final class WelcomeViewModel {
    static final String MARKER = "welcomed";

    public static final String EVIDENCE_MODE_TEXT = "Lectern works without a language model: in evidence mode "
            + "it answers with the sentences of your documents that answer the question, each cited with its "
            + "document and page, and says so when your documents do not answer it. A local model, downloaded once "
            + "and run on this computer, writes full answers from those same cited passages. Nothing you add or ask "
            + "ever leaves this computer.";

    private final Path dataDir;
    private final ModelCatalogue.Recommendation recommendation;

    public WelcomeViewModel(Path dataDir, Hardware hardware) {
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        this.recommendation = ModelCatalogue.recommend(Objects.requireNonNull(hardware, "hardware"));
    }

    /** Whether the welcome should show: the first start with this data folder. */
    public boolean shouldShow() {
        return !Files.exists(dataDir.resolve(MARKER));
    }

    /** Records that the welcome was seen, so it does not show again. */
    public void dismiss() throws IOException {
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve(MARKER), "seen\n");
    }

    public ModelCatalogue.Entry recommended() {
        return recommendation.entry();
    }

    /** "Recommended for this computer: Qwen2.5 1.5B Instruct: 1.1 GB download, needs about 2.3 GB of memory." and why. */
    public String offer() {
        ModelCatalogue.Entry e = recommendation.entry();
        return String.format(Locale.ROOT, "Recommended for this computer: %s (%s download, needs about %s of memory; "
                        + "licence: %s). %s%s", e.displayName(), Bytes.human(e.downloadBytes()), Bytes.human(e.ramBytes()),
                e.licence(), recommendation.reason(), recommendation.fits() ? ""
                        : " It may be slow here: this computer has little free memory.");
    }
}
