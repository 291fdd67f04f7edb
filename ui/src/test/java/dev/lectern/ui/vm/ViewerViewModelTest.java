package dev.lectern.ui.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.app.answer.Citation;
import dev.lectern.parsing.DocumentParser;
import dev.lectern.parsing.model.Document;
import dev.lectern.ui.SamplePdf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The viewer view-model on real parsed documents, with a stub renderer. */
class ViewerViewModelTest {
    @TempDir
    Path dir;

    private final PageRenderer stub = (file, page, scale) -> new PageRenderer.RenderedPage(2, 2, new int[4], scale);

    @Test
    void aCitationOpensItsPageWithTheWordBoxesOfItsCharacters() throws Exception {
        Path pdf = SamplePdf.agreement(dir.resolve("nda.pdf"));
        DocumentParser parser = new DocumentParser();
        Document d = parser.extract(pdf);
        String sentence = "The notice period for termination is ninety days";
        int start = d.text().indexOf(sentence);
        Citation c = new Citation(1, pdf.toString(), 2, start, start + sentence.length(), sentence);
        Citation other = new Citation(2, pdf.toString(), 3, d.text().indexOf("Delaware"), d.text().indexOf("Delaware") + 8, "Delaware");
        ViewerViewModel vm = new ViewerViewModel(parser::extract, stub, Tasks.DIRECT, UiThread.DIRECT);

        vm.open(List.of(c, other), 0);

        ViewerState s = vm.state.get();
        assertThat(s.page()).isEqualTo(2);
        assertThat(s.pageCount()).isEqualTo(3);
        assertThat(s.hasImage()).isTrue();
        assertThat(s.highlights()).hasSize(8); // eight words
        assertThat(s.highlights()).allSatisfy(r -> assertThat(r.y() + r.height()).isBetween(98.0, 110.0));
        assertThat(s.text().substring(s.highlightStart(), s.highlightEnd())).isEqualTo(sentence);
        assertThat(s.label()).isEqualTo("nda.pdf p. 2");

        vm.nextCitation();
        assertThat(vm.state.get().page()).isEqualTo(3);
        assertThat(vm.state.get().highlights()).hasSize(1);
        vm.previousCitation();
        vm.zoomIn();
        assertThat(vm.state.get().zoom()).isEqualTo(1.25);
        assertThat(vm.state.get().image().scale()).isEqualTo((float) (96 / 72.0 * 1.25), org.assertj.core.data.Offset.offset(1e-4f));
        vm.nextPage();
        assertThat(vm.state.get().page()).isEqualTo(3);
        assertThat(vm.state.get().highlights()).isEmpty();
    }

    @Test
    void aPageIsDrawnAsWideAsThePaneUntilTheReaderZooms() throws Exception {
        Path pdf = SamplePdf.agreement(dir.resolve("nda.pdf"));
        DocumentParser parser = new DocumentParser();
        Document d = parser.extract(pdf);
        int start = d.text().indexOf("Delaware");
        Citation c = new Citation(1, pdf.toString(), 3, start, start + 8, "Delaware");
        List<Float> drawnAt = new java.util.ArrayList<>();
        PageRenderer recording = (file, page, scale) -> {
            drawnAt.add(scale);
            return stub.render(file, page, scale);
        };
        ViewerViewModel vm = new ViewerViewModel(parser::extract, recording, Tasks.DIRECT, UiThread.DIRECT);
        vm.setViewportWidth(459); // 612 pt of a letter page in 459 px: 0.75 px a point

        vm.open(c);
        assertThat(vm.state.get().fitted()).isTrue();
        assertThat(drawnAt).containsExactly(0.75f);
        assertThat(vm.state.get().zoom()).isCloseTo(0.75 / (96 / 72.0), org.assertj.core.data.Offset.offset(1e-6));

        vm.setViewportWidth(459 + 3); // a few pixels is a scroll bar coming and going: not drawn again
        vm.setViewportWidth(459 + 5);
        assertThat(drawnAt).hasSize(1);
        vm.setViewportWidth(612);
        assertThat(drawnAt).hasSize(2);
        assertThat(drawnAt.get(1)).isEqualTo(1.0f);

        vm.zoomIn(); // from the zoom drawn, and the page stops following the pane
        assertThat(vm.state.get().fitted()).isFalse();
        assertThat(drawnAt.get(2)).isCloseTo(1.25f, org.assertj.core.data.Offset.offset(1e-5f));
        vm.setViewportWidth(500);
        assertThat(drawnAt).hasSize(3);

        vm.fitWidth();
        assertThat(vm.state.get().fitted()).isTrue();
        assertThat(drawnAt.get(3)).isCloseTo(500 / 612f, org.assertj.core.data.Offset.offset(1e-5f));
    }

    @Test
    void aDocumentWithoutPagesShowsItsTextWithThePassageMarked() throws Exception {
        Path txt = Files.writeString(dir.resolve("notes.txt"), "Intro line.\nThe deposit is 500 euros.\nEnd.\n");
        DocumentParser parser = new DocumentParser();
        Document d = parser.extract(txt);
        int start = d.text().indexOf("The deposit");
        Citation c = new Citation(1, txt.toString(), 0, start, start + 25, d.text().substring(start, start + 25));
        ViewerViewModel vm = new ViewerViewModel(parser::extract, stub, Tasks.DIRECT, UiThread.DIRECT);
        vm.open(c);
        ViewerState s = vm.state.get();
        assertThat(s.paginated()).isFalse();
        assertThat(s.hasImage()).isFalse();
        assertThat(s.text().substring(s.highlightStart(), s.highlightEnd())).isEqualTo("The deposit is 500 euros.");
    }

    @Test
    void aMovedFileSaysWhatToDo() {
        Citation c = new Citation(1, dir.resolve("gone.pdf").toString(), 1, 0, 3, "abc");
        ViewerViewModel vm = new ViewerViewModel(f -> {
            throw new AssertionError("not read");
        }, stub, Tasks.DIRECT, UiThread.DIRECT);
        vm.open(c);
        assertThat(vm.state.get().error()).contains("gone.pdf is no longer at").contains("re-add it");
    }
}
