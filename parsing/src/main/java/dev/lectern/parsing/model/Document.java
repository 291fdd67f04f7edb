package dev.lectern.parsing.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One parsed file, immutable. {@code id} is the SHA-256 of the file's bytes, so the same content has
 * the same identity wherever it lives. Every offset in this model ({@link PageSpan}, {@link Section},
 * {@link Table}, {@link WordBox}) indexes {@link #text()}.
 *
 * <p>Documents without pages of their own (DOCX, HTML, TXT, ...) have {@code paginated == false}
 * and one logical page that spans the whole text.
 */
public record Document(
        String id,
        Path source,
        String mediaType,
        String title,
        Metadata metadata,
        String language,
        String text,
        boolean paginated,
        List<PageSpan> pages,
        List<Section> sections,
        List<Table> tables,
        List<PageLayout> layouts,
        OcrStatus ocr,
        List<String> warnings,
        SourceMap sourceMap) {

    public Document {
        pages = List.copyOf(pages);
        sections = List.copyOf(sections);
        tables = List.copyOf(tables);
        layouts = List.copyOf(layouts);
        warnings = List.copyOf(warnings);
        if (id == null || id.length() < 16) {
            throw new IllegalArgumentException("document id must be a content hash, got " + id);
        }
        if (pages.isEmpty()) {
            throw new IllegalArgumentException("document " + source + " has no pages: give a non-paginated document one logical page");
        }
        int expected = 0;
        for (PageSpan p : pages) {
            if (p.start() != expected) {
                throw new IllegalArgumentException("page " + p.number() + " of " + source + " starts at " + p.start()
                        + " but the previous page ended at " + expected + ": pages must be contiguous");
            }
            expected = p.end();
        }
        if (expected != text.length()) {
            throw new IllegalArgumentException("pages of " + source + " end at " + expected + " but the text has "
                    + text.length() + " characters");
        }
    }

    /** The page that holds the character at {@code offset}; the last page for the end offset. */
    public PageSpan pageAt(int offset) {
        if (offset < 0 || offset > text.length()) {
            throw new IndexOutOfBoundsException("offset " + offset + " is outside the text of " + source
                    + " (length " + text.length() + ")");
        }
        int lo = 0;
        int hi = pages.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (pages.get(mid).start() <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        // an empty page shares its start with the next one: skip forward to the page that has the character
        while (lo + 1 < pages.size() && pages.get(lo).end() <= offset && pages.get(lo + 1).start() <= offset) {
            lo++;
        }
        return pages.get(lo);
    }

    /** The page range {@code [first, last]} that {@code [start, end)} touches. */
    public int[] pageRange(int start, int end) {
        int first = pageAt(start).number();
        int last = end > start ? pageAt(end - 1).number() : first;
        return new int[] {first, last};
    }

    public String pageText(int number) {
        PageSpan p = pages.get(number - 1);
        return text.substring(p.start(), p.end());
    }

    public Optional<PageLayout> layout(int page) {
        for (PageLayout l : layouts) {
            if (l.page() == page) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    /** The innermost section that contains {@code offset}, if any. */
    public Optional<Section> sectionAt(int offset) {
        Section best = null;
        for (Section s : sections) {
            if (offset >= s.start() && offset < s.end() && (best == null || s.level() >= best.level())) {
                best = s;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Heading path at {@code offset}: the headings of every section enclosing it, outermost first. */
    public List<String> headingPathAt(int offset) {
        return sectionAt(offset).map(Section::headingPath).orElse(List.of());
    }

    public String fileName() {
        Path name = source.getFileName();
        return name == null ? source.toString() : name.toString();
    }

    public Optional<SourceMap> sourceMapOpt() {
        return Optional.ofNullable(sourceMap);
    }

    /** Pages with no characters at all: blank in the source, or unreadable without OCR. */
    public List<Integer> emptyPages() {
        List<Integer> out = new ArrayList<>();
        for (PageSpan p : pages) {
            if (p.length() == 0) {
                out.add(p.number());
            }
        }
        return out;
    }
}
