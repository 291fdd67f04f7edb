package dev.lectern.app.answer;

import dev.lectern.indexing.Passage;
import dev.lectern.indexing.SearchRequest;
import dev.lectern.indexing.WorkspaceIndex;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Retrieval for answering: whole chunks in search order. Search narrows its best passages to the
 * sentences that answer the query (which is what a search result should show), and lists the rest
 * of each such chunk further down; the answer pipeline selects sentences itself, so it takes each
 * chunk once, whole, at the place of its best piece, and gets {@code k} distinct chunks.
 */
public final class Retrieval {
    private Retrieval() {
    }

    public static List<Passage> wholeChunks(WorkspaceIndex index, SearchRequest request) throws IOException {
        int k = request.k();
        List<Passage> hits = index.retrieve(new SearchRequest(request.query(), Math.min(1000, k * 2 + 4), request.mode(),
                request.routing()));
        return wholeChunks(index, hits, k);
    }

    /** The first {@code n} distinct chunks of {@code hits}, each whole. */
    public static List<Passage> wholeChunks(WorkspaceIndex index, List<Passage> hits, int n) throws IOException {
        List<Passage> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Passage p : hits) {
            if (out.size() == n) {
                break;
            }
            if (!seen.add(p.docId() + "/" + p.chunkId())) {
                continue;
            }
            WorkspaceIndex.Context c = index.expand(p, 0);
            if (c.start() == p.start() && c.end() == p.end()) {
                out.add(p);
            } else {
                int sourceStart = p.sourceStart() - (p.start() - c.start());
                out.add(new Passage(p.chunkId(), p.docId(), p.docPath(), p.title(), c.text(), c.start(), c.end(),
                        Math.max(0, sourceStart), Math.max(0, sourceStart) + (c.end() - c.start()), p.pageStart(),
                        p.pageEnd(), p.headingPath(), p.why()));
            }
        }
        return out;
    }
}
