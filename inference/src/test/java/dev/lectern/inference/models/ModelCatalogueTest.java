package dev.lectern.inference.models;

import dev.lectern.inference.hardware.Hardware;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ModelCatalogueTest {
    private static final long GIB = 1L << 30;

    @Test
    void everyEntryIsAPinnedQ4KMGgufWithPlausibleFigures() {
        assertThat(ModelCatalogue.entries()).extracting(ModelCatalogue.Entry::id)
                .contains("qwen2.5-0.5b", "qwen2.5-1.5b", "qwen2.5-3b", "qwen2.5-7b", "llama3.2-3b").doesNotHaveDuplicates();
        for (ModelCatalogue.Entry e : ModelCatalogue.entries()) {
            assertThat(e.fileName()).as(e.id()).endsWith("Q4_K_M.gguf");
            assertThat(e.modelSource().uri().toString()).as(e.id()).startsWith("https://huggingface.co/")
                    .doesNotContain("/resolve/main/");
            assertThat(e.ramBytes()).as(e.id()).isGreaterThan(e.downloadBytes());
            // a Q4_K_M file holds about 0.55-0.8 bytes per parameter
            assertThat(e.downloadBytes() / (e.parameters() * 1e9)).as(e.id()).isBetween(0.5, 0.85);
            assertThat(e.sha256() == null || e.sha256().matches("[0-9a-f]{64}")).as(e.id()).isTrue();
            assertThat(e.licence()).as(e.id()).isNotBlank();
        }
    }

    @Test
    void findsByIdOrFileName() {
        assertThat(ModelCatalogue.find("Qwen2.5-3B")).get().extracting(ModelCatalogue.Entry::id).isEqualTo("qwen2.5-3b");
        assertThat(ModelCatalogue.find("Qwen2.5-7B-Instruct-Q4_K_M.gguf")).get()
                .extracting(ModelCatalogue.Entry::id).isEqualTo("qwen2.5-7b");
        assertThat(ModelCatalogue.find("gpt-5")).isEmpty();
    }

    @Test
    void twoCoreEightGigabyteLaptopGetsA3BModelFirmsMayUse() {
        ModelCatalogue.Recommendation r = ModelCatalogue.recommend(new Hardware(2, 8 * GIB, 5 * GIB));
        // Qwen2.5 3B's research licence forbids commercial use: listed, never recommended
        assertThat(r.entry().id()).isEqualTo("llama3.2-3b");
        assertThat(r.fits()).isTrue();
        assertThat(r.reason()).contains("2 cores", "Llama 3.2 3B Instruct", "too slowly on 2 cores");
        assertThat(ModelCatalogue.commercialUseAllowed(ModelCatalogue.find("qwen2.5-3b").orElseThrow())).isFalse();
    }

    @Test
    void busyEightGigabyteLaptopGetsThe1_5B() {
        ModelCatalogue.Recommendation r = ModelCatalogue.recommend(new Hardware(2, 8 * GIB, 2 * GIB));
        assertThat(r.entry().id()).isEqualTo("qwen2.5-1.5b");
        assertThat(r.reason()).contains("Llama 3.2 3B Instruct would need");
    }

    @Test
    void fourGigabyteMachineGetsThe1_5B() {
        assertThat(ModelCatalogue.recommend(new Hardware(4, 4 * GIB, 3 * GIB)).entry().id()).isEqualTo("qwen2.5-1.5b");
    }

    @Test
    void thirtyTwoGigabyteDesktopGetsThe7B() {
        ModelCatalogue.Recommendation r = ModelCatalogue.recommend(new Hardware(8, 32 * GIB, 24 * GIB));
        assertThat(r.entry().id()).isEqualTo("qwen2.5-7b");
        assertThat(r.fits()).isTrue();
    }

    @Test
    void twoCoresStopAt3BWhateverTheMemory() {
        assertThat(ModelCatalogue.recommend(new Hardware(2, 32 * GIB, 24 * GIB)).entry().parameters()).isEqualTo(3);
    }

    @Test
    void tinyMachineGetsTheSmallestAndIsToldItDoesNotFit() {
        ModelCatalogue.Recommendation r = ModelCatalogue.recommend(new Hardware(1, GIB, GIB / 2));
        assertThat(r.entry().id()).isEqualTo("qwen2.5-0.5b");
        assertThat(r.fits()).isFalse();
        assertThat(r.reason()).contains("close other programs");
    }

    @Test
    void unknownMemoryGetsTheModestChoice() {
        ModelCatalogue.Recommendation r = ModelCatalogue.recommend(new Hardware(4, 0, 0));
        assertThat(r.entry().id()).isEqualTo("qwen2.5-1.5b");
        assertThat(r.reason()).contains("could not be read");
    }
}
