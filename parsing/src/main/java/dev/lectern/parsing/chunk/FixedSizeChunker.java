package dev.lectern.parsing.chunk;

import dev.lectern.parsing.Chunker;
import dev.lectern.parsing.model.Chunk;
import dev.lectern.parsing.model.Document;
import java.util.ArrayList;
import java.util.List;

/**
 * The baseline that published RAG benchmarks use: fixed-size character chunks that ignore the
 * document's structure, cut at the last whitespace before the size where there is one. Kept only
 * to measure {@link StructureChunker} against; never used for a real workspace.
 */
public final class FixedSizeChunker implements Chunker {
    private final int size;

    public FixedSizeChunker(int size) {
        if (size < 20) {
            throw new IllegalArgumentException("chunk size must be at least 20 characters, got " + size);
        }
        this.size = size;
    }

    @Override
    public List<Chunk> chunk(Document doc) {
        String text = doc.text();
        List<Chunk> out = new ArrayList<>();
        int pos = 0;
        while (pos < text.length()) {
            int end = Math.min(text.length(), pos + size);
            if (end < text.length()) {
                int ws = end;
                while (ws > pos + size / 2 && !Character.isWhitespace(text.charAt(ws))) {
                    ws--;
                }
                if (ws > pos + size / 2) {
                    end = ws;
                }
            }
            if (text.substring(pos, end).isBlank()) {
                pos = end;
                continue;
            }
            int[] pages = doc.pageRange(pos, end);
            out.add(new Chunk(doc.id().substring(0, 16) + "-" + pos + "-" + end, doc.id(), text.substring(pos, end), pos,
                    end, pages[0], pages[1], doc.headingPathAt(pos), 0));
            pos = end;
        }
        return out;
    }
}
