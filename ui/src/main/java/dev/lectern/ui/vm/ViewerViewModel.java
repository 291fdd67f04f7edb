package dev.lectern.ui.vm;

import dev.lectern.app.answer.Citation;
import dev.lectern.parsing.model.Document;
import dev.lectern.parsing.model.PageLayout;
import dev.lectern.parsing.model.PageSpan;
import dev.lectern.parsing.model.WordBox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source viewer: opens a citation's document at its page, rendered, with the cited characters
 * highlighted from the document's word boxes; a document without pages shows its text with the
 * passage marked. Next and previous citation, zoom and page turning. Pages are drawn as wide as the
 * pane until the reader zooms (a page wider than the pane hid the right half of a highlighted clause);
 * {@link #fitWidth()} goes back to that. Parsing and rendering run on {@code background}; a newer
 * request supersedes one still running.
 */
public final class ViewerViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(ViewerViewModel.class);
    /** Low enough to fit a 300 dpi scan, whose units are its pixels, to a narrow pane. */
    public static final double MIN_ZOOM = 0.1;
    public static final double MAX_ZOOM = 3.0;
    /** Pixels per PDF unit at zoom 1: 96 dpi screens. */
    static final float BASE_SCALE = 96f / 72f;

    /** Reads a document exactly as it was ingested, so citation offsets match. */
    @FunctionalInterface
    public interface DocumentSource {
        Document load(Path file) throws Exception;
    }

    private final DocumentSource documents;
    private final PageRenderer renderer;
    private final Executor background;
    private final UiThread ui;
    private final AtomicLong generation = new AtomicLong();

    private volatile Document cached;
    private List<Citation> citations = List.of();
    private int index = -1;
    private int page;
    private double zoom = 1.0;
    private boolean fitWidth = true;
    private double viewportWidth;

    public final Prop<ViewerState> state = new Prop<>(ViewerState.empty());
    public final Prop<Boolean> loading = new Prop<>(false);

    public ViewerViewModel(DocumentSource documents, PageRenderer renderer, Executor background, UiThread ui) {
        this.documents = documents;
        this.renderer = renderer;
        this.background = background;
        this.ui = ui;
    }

    /** Shows nothing: the conversation whose citations were open has gone (a new one, another workspace). */
    public void clear() {
        generation.incrementAndGet(); // a page still being drawn is not shown when it is done
        citations = List.of();
        index = -1;
        state.set(ViewerState.empty());
        loading.set(false);
    }

    /** Opens citation {@code i} of {@code all} (an answer's citations, for next/previous). */
    public void open(List<Citation> all, int i) {
        if (i < 0 || i >= all.size()) {
            throw new IllegalArgumentException("citation " + i + " of " + all.size() + " does not exist");
        }
        citations = List.copyOf(all);
        index = i;
        page = all.get(i).page();
        load();
    }

    public void open(Citation c) {
        open(List.of(c), 0);
    }

    public void nextCitation() {
        if (index + 1 < citations.size()) {
            open(citations, index + 1);
        }
    }

    public void previousCitation() {
        if (index > 0) {
            open(citations, index - 1);
        }
    }

    public void nextPage() {
        ViewerState s = state.get();
        if (s.paginated() && page < s.pageCount()) {
            page++;
            load();
        }
    }

    public void previousPage() {
        if (state.get().paginated() && page > 1) {
            page--;
            load();
        }
    }

    /** Zooms in from the zoom drawn (the fitted one, while fitting). */
    public void zoomIn() {
        setZoom(state.get().zoom() * 1.25);
    }

    public void zoomOut() {
        setZoom(state.get().zoom() / 1.25);
    }

    /** A fixed zoom: the page stops following the pane's width. */
    public void setZoom(double z) {
        double nz = clampZoom(z);
        boolean changed = nz != zoom || fitWidth;
        zoom = nz;
        fitWidth = false;
        if (changed && index >= 0) {
            load();
        }
    }

    /** Draws pages as wide as the pane again. */
    public void fitWidth() {
        if (!fitWidth) {
            fitWidth = true;
            if (index >= 0) {
                load();
            }
        }
    }

    /**
     * The pixels the page may be drawn across; a page shown to fit is drawn again when this changes by
     * more than a few pixels (less is a scroll bar appearing, not a resize worth a render).
     */
    public void setViewportWidth(double px) {
        if (!(px > 0) || Math.abs(px - viewportWidth) < 8) {
            return;
        }
        viewportWidth = px;
        if (fitWidth && index >= 0 && state.get().paginated()) {
            load();
        }
    }

    /** The zoom asked for; {@link ViewerState#zoom()} is the one drawn. */
    public double zoom() {
        return zoom;
    }

    private static double clampZoom(double z) {
        return Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, z));
    }

    /** The file of the citation shown, for "open in the system viewer". */
    public Path currentFile() {
        return index < 0 ? null : Path.of(citations.get(index).doc());
    }

    private void load() {
        Citation c = citations.get(index);
        int wantedPage = page;
        double z = zoom;
        double fitTo = fitWidth ? viewportWidth : 0;
        int i = index;
        int count = citations.size();
        long gen = generation.incrementAndGet();
        loading.set(true);
        background.execute(() -> {
            ViewerState s = build(c, wantedPage, z, fitTo, i, count, gen);
            if (s != null) {
                ui.run(() -> {
                    if (gen == generation.get()) {
                        state.set(s);
                        loading.set(false);
                    }
                });
            }
        });
    }

    /** {@code fitTo}: the pixels to draw the page across, or 0 to draw it at {@code z}. */
    private ViewerState build(Citation c, int wantedPage, double z, double fitTo, int i, int count, long gen) {
        Path file = Path.of(c.doc());
        String label = ChatViewModel.chipLabel(c.doc(), wantedPage);
        if (!Files.isRegularFile(file)) {
            return error(c, i, count, z, label, file.getFileName() + " is no longer at " + file.getParent()
                    + ": re-add it to the workspace to see the passage");
        }
        Document d;
        try {
            Document have = cached;
            d = have != null && have.source().equals(file.toAbsolutePath().normalize()) ? have : documents.load(file);
            cached = d;
        } catch (Exception e) {
            LOG.warn("could not open {}", file, e);
            return error(c, i, count, z, label, file.getFileName() + " could not be read: " + e.getMessage());
        }
        if (gen != generation.get()) {
            return null;
        }
        int start = Math.min(c.start(), d.text().length());
        int end = Math.min(c.end(), d.text().length());
        if (!d.paginated()) {
            return new ViewerState(c.doc(), 0, 0, false, 0, 0, List.of(), null, d.text(), start, end, z, false, i, count,
                    label, null);
        }
        int p = wantedPage >= 1 && wantedPage <= d.pages().size() ? wantedPage : d.pageAt(start).number();
        label = ChatViewModel.chipLabel(c.doc(), p);
        PageSpan span = d.pages().get(p - 1);
        PageLayout layout = d.layout(p).orElse(null);
        List<ViewerState.Rect> rects = new ArrayList<>();
        if (layout != null) {
            for (WordBox b : layout.boxesFor(start, end)) {
                rects.add(new ViewerState.Rect(b.x(), b.y(), b.width(), b.height()));
            }
        }
        float pageWidth = layout == null ? 612 : layout.width();
        float pageHeight = layout == null ? 792 : layout.height();
        boolean fitted = fitTo > 0 && pageWidth > 0;
        if (fitted) {
            z = clampZoom(fitTo / (pageWidth * BASE_SCALE));
        }
        PageRenderer.RenderedPage image = null;
        String error = null;
        try {
            image = renderer == null ? null : renderer.render(file, p, (float) (BASE_SCALE * z));
        } catch (Exception e) {
            LOG.warn("could not render page {} of {}", p, file, e);
            error = "page " + p + " could not be drawn (" + e.getMessage() + "): showing its text";
        }
        int hs = Math.max(0, Math.min(start, span.end()) - span.start());
        int he = Math.max(hs, Math.min(end, span.end()) - span.start());
        return new ViewerState(c.doc(), p, d.pages().size(), true, pageWidth, pageHeight, rects, image, d.pageText(p), hs,
                he, z, fitted, i, count, label, error);
    }

    private static ViewerState error(Citation c, int i, int count, double z, String label, String message) {
        return new ViewerState(c.doc(), c.page(), 0, false, 0, 0, List.of(), null, c.quote(), 0, c.quote().length(), z,
                false, i, count, label, message);
    }
}
