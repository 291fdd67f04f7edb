package dev.lectern.inference.server;

import dev.lectern.inference.Generation;
import dev.lectern.inference.GenerationException;
import dev.lectern.inference.GenerationRequest;
import dev.lectern.inference.Generator;
import dev.lectern.inference.TokenSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Answers with a llama.cpp server and, once it is down (unreachable, or gone mid-answer), with the
 * in-process model for the rest of the session, telling the user so. A failure before any text was
 * streamed is retried at once on the fallback; one after text was streamed fails that call (the
 * answer in progress falls back to evidence mode, as after a worker crash) and the next call uses the
 * fallback. Errors that are the request's own (a grammar the server refuses) never switch.
 */
public final class FallbackGenerator implements Generator {
    private static final Logger LOG = LoggerFactory.getLogger(FallbackGenerator.class);

    /** Opens the in-process model, once, when it is first needed. */
    @FunctionalInterface
    public interface Opener {
        Generator open() throws Exception;
    }

    private final Generator primary;
    private final Opener opener;
    private final Consumer<String> notices;
    private Generator fallback;
    private boolean switched;

    public FallbackGenerator(Generator primary, Opener fallback, Consumer<String> notices) {
        this.primary = primary;
        this.opener = fallback;
        this.notices = notices;
    }

    /** Whether answers now come from the in-process model. */
    public synchronized boolean usingFallback() {
        return switched;
    }

    @Override
    public synchronized Generation generate(GenerationRequest r, TokenSink sink, BooleanSupplier cancelled)
            throws GenerationException {
        if (!switched) {
            AtomicInteger streamed = new AtomicInteger();
            try {
                return primary.generate(r, piece -> {
                    streamed.incrementAndGet();
                    sink.accept(piece);
                }, cancelled);
            } catch (GenerationException e) {
                if (!e.workerCrashed()) {
                    throw e;
                }
                switchOver(e);
                if (streamed.get() > 0) {
                    throw e;
                }
            }
        }
        return fallback().generate(r, sink, cancelled);
    }

    @Override
    public synchronized int countTokens(String text) throws GenerationException {
        if (!switched) {
            try {
                return primary.countTokens(text);
            } catch (GenerationException e) {
                if (!e.workerCrashed()) {
                    throw e;
                }
                switchOver(e);
            }
        }
        return fallback().countTokens(text);
    }

    @Override
    public synchronized int contextSize() {
        return switched && fallback != null ? fallback.contextSize() : primary.contextSize();
    }

    @Override
    public synchronized String describe() {
        return switched && fallback != null ? fallback.describe() + " (in-process fallback)" : primary.describe();
    }

    private void switchOver(GenerationException e) {
        switched = true;
        String msg = e.getMessage() + " Switching to the in-process model for the rest of this session.";
        LOG.warn(msg);
        notices.accept(msg);
        primary.close();
    }

    private Generator fallback() throws GenerationException {
        if (fallback == null) {
            try {
                fallback = opener.open();
            } catch (GenerationException e) {
                throw e;
            } catch (Exception e) {
                throw new GenerationException("the in-process model could not be started either: " + e.getMessage(), false, e);
            }
            if (fallback == null) {
                throw new GenerationException("the llama.cpp server is down and no local model is installed to fall back on.");
            }
        }
        return fallback;
    }

    @Override
    public synchronized void close() {
        primary.close();
        if (fallback != null) {
            fallback.close();
        }
    }
}
