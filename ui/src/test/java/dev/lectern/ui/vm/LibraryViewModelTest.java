package dev.lectern.ui.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.app.workspace.Workspace;
import dev.lectern.app.workspace.Workspaces;
import dev.lectern.ui.SamplePdf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library view-model on a real keyword-only workspace, with work run on the calling thread. */
class LibraryViewModelTest {
    @TempDir
    Path dir;

    @Test
    void addedFilesGoFromQueuedThroughParsingToReadyAndFailuresKeepTheirReason() throws Exception {
        Path pdf = SamplePdf.agreement(dir.resolve("nda.pdf"));
        Path bad = Files.write(dir.resolve("bad.pdf"), "%PDF-1.7 this is not really a PDF".getBytes());
        try (Workspace w = Workspaces.open("t", dir.resolve("index"), Workspaces.Options.defaults().withModel(null))) {
            LibraryViewModel vm = new LibraryViewModel(w, Tasks.DIRECT, UiThread.DIRECT);
            List<DocRow.Status> seen = new ArrayList<>();
            vm.documents.watch(rows -> rows.stream().filter(r -> r.fileName().equals("nda.pdf")).findFirst()
                    .ifPresent(r -> seen.add(r.status())));

            vm.add(List.of(pdf, bad));

            assertThat(seen).startsWith(DocRow.Status.QUEUED).contains(DocRow.Status.PARSING)
                    .endsWith(DocRow.Status.KEYWORD_ONLY);
            DocRow nda = row(vm, "nda.pdf");
            assertThat(nda.pages()).isEqualTo(3);
            assertThat(nda.added()).isNotNull();
            assertThat(nda.docId()).isNotNull();
            DocRow failed = row(vm, "bad.pdf");
            assertThat(failed.status()).isEqualTo(DocRow.Status.FAILED);
            assertThat(failed.statusText()).startsWith("failed: ").contains("bad.pdf");
            assertThat(vm.busy.get()).isFalse();
            assertThat(vm.batchProgress.get()).isEqualTo(1.0);
            assertThat(vm.batchText.get()).contains("1 document added").contains("1 failed");
        }
    }

    @Test
    void aCopyOfALibraryDocumentGetsNoRowAndTheSummaryNamesTheOriginal() throws Exception {
        Path pdf = SamplePdf.agreement(dir.resolve("nda.pdf"));
        Path copy = Files.copy(pdf, dir.resolve("nda (final).pdf"));
        try (Workspace w = Workspaces.open("t", dir.resolve("index"), Workspaces.Options.defaults().withModel(null))) {
            LibraryViewModel vm = new LibraryViewModel(w, Tasks.DIRECT, UiThread.DIRECT);
            vm.add(List.of(pdf));

            vm.add(List.of(copy));

            assertThat(vm.documents.get()).extracting(DocRow::fileName).containsExactly("nda.pdf");
            assertThat(vm.batchText.get()).isEqualTo("Done: 0 documents added, nda (final).pdf is a copy of nda.pdf");
        }
    }

    @Test
    void aWorkspaceAnotherLecternHoldsIsListedReadOnlyAndRefusesChangesSayingWhy() throws Exception {
        Path pdf = SamplePdf.agreement(dir.resolve("nda.pdf"));
        Path other = Files.writeString(dir.resolve("memo.txt"), "A memo about herons.");
        Workspaces workspaces = new Workspaces(dir.resolve("data"));
        try (Workspace holder = workspaces.open("t", Workspaces.Options.defaults().withModel(null))) {
            holder.ingest(List.of(pdf), dev.lectern.app.workspace.IngestListener.NONE, () -> false);
            try (Workspace w = workspaces.openForReading("t", Workspaces.Options.defaults().withModel(null))) {
                LibraryViewModel vm = new LibraryViewModel(w, Tasks.DIRECT, UiThread.DIRECT);
                vm.refresh();

                vm.add(List.of(other));

                assertThat(vm.readOnly()).isTrue();
                assertThat(vm.documents.get()).extracting(DocRow::fileName).containsExactly("nda.pdf");
                assertThat(vm.batchText.get()).isEqualTo(LibraryViewModel.READ_ONLY_NOTE);
            }
            assertThat(holder.index().documents()).hasSize(1);
        }
    }

    @Test
    void documentsLeftAtKeywordSearchGetTheirVectorsWhenTheLibraryOpens() throws Exception {
        Path memo = Files.writeString(dir.resolve("memo.txt"), "A memo about the heron budget.");
        Workspaces workspaces = new Workspaces(dir.resolve("data"));
        try (Workspace keywordsOnly = workspaces.open("t", Workspaces.Options.defaults().withModel(null))) {
            keywordsOnly.ingest(List.of(memo), dev.lectern.app.workspace.IngestListener.NONE, () -> false);
        }
        try (Workspace w = workspaces.open("t", Workspaces.Options.defaults())) {
            LibraryViewModel vm = new LibraryViewModel(w, Tasks.DIRECT, UiThread.DIRECT);
            vm.refresh();
            assertThat(row(vm, "memo.txt").status()).isEqualTo(DocRow.Status.KEYWORD);

            vm.catchUpVectors();

            assertThat(row(vm, "memo.txt").status()).isEqualTo(DocRow.Status.READY);
            assertThat(w.index().documents()).allMatch(d -> d.stage() == dev.lectern.indexing.IndexedDocument.Stage.READY);
        }
    }

    @Test
    void removeTakesTheDocumentOutOfTheIndexAndReindexBringsItBack() throws Exception {
        Path pdf = SamplePdf.agreement(dir.resolve("nda.pdf"));
        try (Workspace w = Workspaces.open("t", dir.resolve("index"), Workspaces.Options.defaults().withModel(null))) {
            LibraryViewModel vm = new LibraryViewModel(w, Tasks.DIRECT, UiThread.DIRECT);
            vm.add(List.of(pdf));
            vm.remove(row(vm, "nda.pdf"));
            assertThat(vm.documents.get()).isEmpty();
            assertThat(w.index().documents()).isEmpty();

            vm.add(List.of(pdf));
            vm.reindex(row(vm, "nda.pdf"));
            assertThat(w.index().documents()).hasSize(1);
            assertThat(row(vm, "nda.pdf").status()).isEqualTo(DocRow.Status.KEYWORD_ONLY);
        }
    }

    @Test
    void cancelledBatchLeavesUnreadFilesOut() throws Exception {
        Path pdf = SamplePdf.agreement(dir.resolve("nda.pdf"));
        try (Workspace w = Workspaces.open("t", dir.resolve("index"), Workspaces.Options.defaults().withModel(null))) {
            // the ui thread cancels as soon as the batch has started: nothing gets parsed
            LibraryViewModel[] holder = new LibraryViewModel[1];
            UiThread cancelling = change -> {
                change.run();
                if (holder[0] != null && holder[0].batchText.get().startsWith("Adding")) {
                    holder[0].cancel();
                }
            };
            LibraryViewModel vm = new LibraryViewModel(w, Tasks.DIRECT, cancelling);
            holder[0] = vm;
            vm.add(List.of(pdf));
            assertThat(w.index().documents()).isEmpty();
            assertThat(vm.batchText.get()).startsWith("Cancelled");
        }
    }

    private static DocRow row(LibraryViewModel vm, String name) {
        return vm.documents.get().stream().filter(r -> r.fileName().equals(name)).findFirst().orElseThrow();
    }
}
