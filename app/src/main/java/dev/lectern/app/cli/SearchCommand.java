package dev.lectern.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lectern.app.workspace.Workspace;
import dev.lectern.indexing.Passage;
import dev.lectern.indexing.SearchMode;
import dev.lectern.indexing.SearchRequest;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "search", mixinStandardHelpOptions = true,
        description = "Find the passages that best match a question, with their documents, pages and why they matched.")
final class SearchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    LecternCommand root;

    @Mixin
    WorkspaceOptions ws;

    @Parameters(paramLabel = "QUERY", description = "A question or keywords.")
    String query;

    @Option(names = "-k", defaultValue = "5", description = "How many passages (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--mode", defaultValue = "hybrid", description = "hybrid, bm25 or vector (default: ${DEFAULT-VALUE}).")
    SearchMode mode;

    @Option(names = "--no-routing", description = "Do not favour documents the query names.")
    boolean noRouting;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!SearchRequest.hasWords(query)) {
            err.println("lectern: search for what? " + (query.isBlank() ? "" : "'" + query.strip() + "' has no letters or digits; ")
                    + "e.g. lectern search \"notice period\"");
            return ParseCommand.EXIT_BAD_INPUT;
        }
        if (k < 1 || k > SearchRequest.MAX_K) {
            err.println("lectern: -k (how many passages) must be between 1 and " + SearchRequest.MAX_K + ", got " + k);
            return ParseCommand.EXIT_BAD_INPUT;
        }
        List<Passage> hits;
        java.util.Set<String> unpaginated = new java.util.HashSet<>();
        try (Workspace w = ws.openToRead(root)) {
            ReadOnlyNote.print(w, spec.commandLine().getErr());
            w.index().documents().stream().filter(d -> !d.paginated()).forEach(d -> unpaginated.add(d.id()));
            if (w.index().documents().isEmpty()) {
                err.println("lectern: workspace '" + w.name() + "' has no documents: add some with 'lectern ingest PATH'");
                return ParseCommand.EXIT_BAD_INPUT;
            }
            long withoutVectors = w.index().documents().stream()
                    .filter(d -> d.stage() != dev.lectern.indexing.IndexedDocument.Stage.READY).count();
            boolean wantsVectors = mode == SearchMode.VECTOR || mode == SearchMode.HYBRID && w.index().embeddingModel() != null;
            if (wantsVectors && withoutVectors > 0) {
                // vector search cannot see them: say so rather than let the results look complete
                err.println("lectern: " + dev.lectern.app.Counts.of(withoutVectors, "document") + " of "
                        + w.index().documents().size() + " have no vectors yet"
                        + (w.index().embeddingModel() == null ? " (keyword search only here)"
                        : " (lectern ingest computes them)") + (mode == SearchMode.VECTOR
                        ? ": a search by meaning alone does not find their passages" : ": they are found by keywords only"));
            }
            hits = w.search(new SearchRequest(query, k, mode, !noRouting));
        }
        if (json) {
            List<Object> list = new ArrayList<>();
            for (Passage p : hits) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("chunkId", p.chunkId());
                m.put("doc", p.docPath());
                m.put("title", p.title());
                // Word, HTML and text files have no pages of their own: no page number to give
                m.put("pageStart", unpaginated.contains(p.docId()) ? null : p.pageStart());
                m.put("pageEnd", unpaginated.contains(p.docId()) ? null : p.pageEnd());
                m.put("start", p.start());
                m.put("end", p.end());
                m.put("headingPath", p.headingPath());
                m.put("score", p.score());
                m.put("why", p.why().describe());
                m.put("text", p.text());
                list.add(m);
            }
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("query", query);
            root.put("passages", list);
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root));
        } else {
            int n = 0;
            Map<String, Integer> firstOfChunk = new java.util.HashMap<>();
            for (Passage p : hits) {
                n++;
                // a chunk whose best sentences lead the list comes back once more with its other sentences
                Integer first = firstOfChunk.putIfAbsent(p.chunkId(), n);
                // Word, HTML and text files have no pages of their own: no page number to cite
                String pages = unpaginated.contains(p.docId()) ? ""
                        : p.pageStart() == p.pageEnd() ? "  p. " + p.pageStart() : "  pp. " + p.pageStart() + "-" + p.pageEnd();
                out.printf(Locale.ROOT, "%d. %s%s%s%n", n, fileName(p.docPath()), pages,
                        p.headingPath().isEmpty() ? "" : "  " + String.join(" > ", p.headingPath()));
                out.println("   " + (first == null ? p.why().describe() : "the rest of the passage of " + first));
                String text = p.text().replaceAll("\\s+", " ");
                out.println("   " + (text.length() > 300 ? text.substring(0, 297) + "..." : text));
            }
            if (hits.isEmpty()) {
                out.println("no passages match");
            }
        }
        out.flush();
        return 0;
    }

    private static String fileName(String path) {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return slash >= 0 ? path.substring(slash + 1) : path;
    }
}
