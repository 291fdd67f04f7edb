package dev.lectern.parsing.text;

import dev.lectern.parsing.ParseException;

/**
 * Unchecked carrier for a limit hit deep inside a parser callback (a SAX handler, a PDFBox hook)
 * where a checked exception cannot travel. The parser facade turns it into a {@link ParseException}.
 */
public final class ParseAbort extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ParseException.Reason reason;

    public ParseAbort(ParseException.Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public ParseException.Reason reason() {
        return reason;
    }
}
