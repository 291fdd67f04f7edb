package dev.lectern.ui.vm;

import dev.lectern.inference.hardware.Hardware;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class WelcomeViewModelTest {
    @TempDir
    Path dir;

    @Test
    void welcomeShowsOnceAndOffersAModelWithItsSizeAndMemoryBeforeAnyDownload() throws Exception {
        WelcomeViewModel w = new WelcomeViewModel(dir, new Hardware(2, 8L << 30, 5L << 30));
        assertThat(w.shouldShow()).isTrue();
        assertThat(w.offer()).contains(w.recommended().displayName()).contains("download").contains("memory")
                .containsPattern("\\d(\\.\\d)? [MG]B download");
        assertThat(WelcomeViewModel.EVIDENCE_MODE_TEXT).contains("evidence mode").contains("ever leaves this computer");
        w.dismiss();
        assertThat(new WelcomeViewModel(dir, new Hardware(2, 8L << 30, 5L << 30)).shouldShow()).isFalse();
    }

    @Test
    void smallMachineGetsASmallerModel() {
        WelcomeViewModel big = new WelcomeViewModel(dir, new Hardware(8, 32L << 30, 28L << 30));
        WelcomeViewModel small = new WelcomeViewModel(dir, new Hardware(2, 4L << 30, 2L << 30));
        assertThat(small.recommended().ramBytes()).isLessThan(big.recommended().ramBytes());
    }
}
