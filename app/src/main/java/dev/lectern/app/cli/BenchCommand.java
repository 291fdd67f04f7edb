package dev.lectern.app.cli;

import dev.lectern.app.bench.PageMappingCheck;
import dev.lectern.app.bench.ParseBenchmark;
import dev.lectern.parsing.DocumentParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure speed and accuracy (results belong in BENCHMARKS.md, with the command).",
        subcommands = {BenchCommand.Parse.class, BenchCommand.Pages.class})
final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "parse", mixinStandardHelpOptions = true,
            description = "Pages per second for parsing alone, 1 thread and N threads, beside bare PDFBox text extraction.")
    static final class Parse implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "A folder of PDFs (searched recursively).")
        Path dir;

        @Option(names = "--threads", defaultValue = "2", description = "Threads for the multi-threaded pass (default: ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--no-warmup", description = "Skip the warm-up pass.")
        boolean noWarmup;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            List<Path> pdfs;
            try (Stream<Path> s = Files.walk(dir)) {
                // largest first, so the multi-threaded passes do not end waiting on one big file
                pdfs = s.filter(p -> p.toString().toLowerCase(Locale.ROOT).endsWith(".pdf"))
                        .sorted(java.util.Comparator.comparingLong(BenchCommand::size).reversed()).toList();
            }
            if (pdfs.isEmpty()) {
                err.println("lectern: no PDFs under " + dir);
                return ParseCommand.EXIT_BAD_INPUT;
            }
            List<ParseBenchmark.Pass> passes = new ParseBenchmark(new DocumentParser())
                    .run(pdfs, threads, !noWarmup, m -> err.println("bench: " + m));
            out.printf(Locale.ROOT, "%d PDFs, %d pages, %d cores%n", pdfs.size(), passes.get(0).pages(),
                    Runtime.getRuntime().availableProcessors());
            out.println("| what | threads | pages | seconds | pages/s |");
            out.println("|---|---|---|---|---|");
            for (ParseBenchmark.Pass p : passes) {
                out.printf(Locale.ROOT, "| %s | %d | %d | %.1f | %.1f |%n", p.name(), p.threads(), p.pages(), p.seconds(),
                        p.pagesPerSecond());
            }
            for (int i = 0; i + 1 < passes.size(); i += 2) {
                out.printf(Locale.ROOT, "Lectern / PDFBox time ratio, %d thread(s): %.2fx%n", passes.get(i).threads(),
                        passes.get(i + 1).seconds() / passes.get(i).seconds());
            }
            out.flush();
            return 0;
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    @Command(name = "pages", mixinStandardHelpOptions = true,
            description = {"Page accuracy on a page-labelled dataset: the share of evidence passages of which at least",
                    "--word-share of the words appear in Lectern's text of the labelled page."})
    static final class Pages implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DATASET_DIR", description = "A dataset folder with questions.jsonl and docs/.")
        Path dir;

        @Option(names = "--word-share", defaultValue = "0.8", description = "Words of a passage that must be on its page (default: ${DEFAULT-VALUE}).")
        double wordShare;

        @Option(names = "--min", paramLabel = "FRACTION", description = "Exit with status 1 when the figure is below this.")
        Double min;

        @Option(names = "--verbose", description = "List every passage below the word share.")
        boolean verbose;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (!Files.isRegularFile(dir.resolve("questions.jsonl"))) {
                err.println("lectern: " + dir + " has no questions.jsonl: not a dataset folder");
                return ParseCommand.EXIT_BAD_INPUT;
            }
            PageMappingCheck.Result r = new PageMappingCheck(new DocumentParser()).run(dir, wordShare,
                    m -> err.println("bench: " + m));
            for (String e : r.errors()) {
                out.println("error: " + e);
            }
            int below = 0;
            for (PageMappingCheck.Item it : r.items()) {
                if (it.coverage() < wordShare) {
                    below++;
                    if (verbose) {
                        out.printf(Locale.ROOT, "  below: %s %s p.%d  %.2f of %d words%n", it.question(), it.doc(), it.page(),
                                it.coverage(), it.words());
                    }
                }
            }
            out.printf(Locale.ROOT, "page accuracy: %.4f of %d evidence passages have >= %.0f%% of their words on the labelled page (%d below)%n",
                    r.passing(), r.items().size(), wordShare * 100, below);
            out.flush();
            if (min != null && r.passing() < min) {
                err.printf(Locale.ROOT, "lectern: page accuracy %.4f is below the floor %.4f%n", r.passing(), min);
                return 1;
            }
            return 0;
        }
    }
}
