package dev.lectern.ui.bench;

import dev.lectern.app.workspace.Workspaces;
import dev.lectern.ui.SamplePdf;
import dev.lectern.ui.view.Fx;
import dev.lectern.ui.view.LibraryView;
import dev.lectern.ui.vm.WorkspaceSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stall check (a benchmark, not a test): while a generated 300-page PDF is ingested through the
 * library view-model with the library pane showing it, an AnimationTimer records the gap between
 * consecutive FX pulses. Prints (logs) the longest gap and the 99th percentile; the FX thread is
 * judged stall-free when the longest gap stays under 100 ms. Run with scripts/bench-ui-stall.
 *
 * <p>Arguments: [pages] [vectors true|false]. Results also go to {@code ui/target/fx-stall.txt}.
 */
public final class FxStallBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(FxStallBenchmark.class);

    private FxStallBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int pages = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        boolean vectors = args.length <= 1 || Boolean.parseBoolean(args[1]);
        Path dir = Files.createTempDirectory("lectern-stall");
        List<List<String>> text = new ArrayList<>();
        for (int p = 1; p <= pages; p++) {
            List<String> lines = new ArrayList<>();
            for (int l = 0; l < 40; l++) {
                lines.add(String.format(Locale.ROOT, "Page %d line %d: clause %d sets the fee at %d euros and the notice at %d days.",
                        p, l, p * 40 + l, (p * 37 + l) % 900 + 100, (l * 7) % 90 + 10));
            }
            text.add(lines);
        }
        Path pdf = SamplePdf.write(dir.resolve("big-" + pages + ".pdf"), text);

        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        Workspaces.Options options = Workspaces.Options.interactive();
        if (!vectors) {
            options = options.withModel(null);
        }
        WorkspaceSession session = WorkspaceSession.open(dir.resolve("data"), "bench", options, () -> null, null, Fx.UI);

        List<Long> gaps = new ArrayList<>();
        List<String> worst = new ArrayList<>();
        long[] last = {0};
        boolean[] measuring = {false};
        CountDownLatch done = new CountDownLatch(1);
        long[] t0 = {0};
        AnimationTimer timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (last[0] != 0 && measuring[0]) {
                    gaps.add(now - last[0]);
                    if (now - last[0] > 50_000_000L) {
                        worst.add(String.format(Locale.ROOT, "%.0f ms at %.1f s", (now - last[0]) / 1e6,
                                (System.nanoTime() - t0[0]) / 1e9));
                    }
                }
                last[0] = now;
            }
        };
        Platform.runLater(() -> {
            Stage stage = new Stage();
            LibraryView view = new LibraryView(p -> { });
            view.bind(session.library);
            stage.setScene(new Scene(view, 700, 500));
            stage.show();
            timer.start();
            session.library.batchesDone.watch(n -> {
                if (n > 0) {
                    done.countDown();
                }
            });
        });
        // the window's first layout and CSS pass are start-up, not ingest: measure from one second later
        Thread.sleep(1000);
        Platform.runLater(() -> {
            t0[0] = System.nanoTime();
            measuring[0] = true;
            session.library.add(List.of(pdf));
        });
        if (!done.await(30, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the ingest did not finish in 30 minutes");
        }
        double seconds = (System.nanoTime() - t0[0]) / 1e9;
        CountDownLatch stopped = new CountDownLatch(1);
        Platform.runLater(() -> {
            timer.stop();
            stopped.countDown();
        });
        stopped.await();
        long[] g = gaps.stream().mapToLong(Long::longValue).sorted().toArray();
        double max = g.length == 0 ? 0 : g[g.length - 1] / 1e6;
        double p99 = g.length == 0 ? 0 : g[(int) Math.min(g.length - 1, Math.floor(g.length * 0.99))] / 1e6;
        double p50 = g.length == 0 ? 0 : g[g.length / 2] / 1e6;
        String status = session.library.documents.get().toString();
        String result = String.format(Locale.ROOT,
                "FX stall check: %d-page PDF, vectors %s, ingest %.1f s, %d pulses; pulse gap p50 %.1f ms, p99 %.1f ms, max %.1f ms: %s%n"
                        + "java %s, %d cores, prism %s, glass %s; library: %s%ngaps over 50 ms: %s%n",
                pages, vectors ? "on" : "off", seconds, g.length, p50, p99, max, max < 100 ? "PASS (< 100 ms)" : "FAIL (>= 100 ms)",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                System.getProperty("prism.order", "default"), System.getProperty("glass.platform", "default"), status, worst);
        LOG.info(result);
        Path out = Path.of("ui/target/fx-stall.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, result);
        LOG.debug("gaps {}", Arrays.toString(g));
        session.close();
        Platform.exit();
        System.exit(0);
    }
}
