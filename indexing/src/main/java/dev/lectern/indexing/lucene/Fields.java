package dev.lectern.indexing.lucene;

/** Field names of the three kinds of Lucene document in a workspace index. */
final class Fields {
    /** "doc" (one per document: registry and routing), "chunk" (text), "vec" (a chunk's embedding). */
    static final String TYPE = "type";
    static final String TYPE_DOC = "doc";
    static final String TYPE_CHUNK = "chunk";
    static final String TYPE_VEC = "vec";

    static final String ID = "id";
    static final String DOC = "doc";
    static final String TEXT = "text";
    static final String START = "start";
    static final String END = "end";
    static final String SOURCE_START = "sstart";
    static final String SOURCE_END = "send";
    /** Where a chunk's source offsets depart from its text offsets (see Records.sourceShifts). */
    static final String SOURCE_SHIFTS = "sshifts";
    static final String PAGE_START = "pstart";
    static final String PAGE_END = "pend";
    static final String HEADINGS = "headings";
    static final String ORDINAL = "ord";
    /** The primary financial statement a chunk heads, if any (see FinancialStatements.kind). */
    static final String STATEMENT = "statement";

    static final String PATH = "path";
    static final String TITLE = "title";
    static final String MEDIA_TYPE = "mediaType";
    static final String LANGUAGE = "lang";
    static final String PAGES = "pages";
    static final String PAGE_STARTS = "page_starts";
    static final String PAGINATED = "paginated";
    static final String CHUNKS = "chunks";
    static final String STAGE = "stage";
    static final String MODEL = "model";
    static final String ADDED = "added";
    static final String ROUTE = "route";
    static final String ROUTE_NAME = "routeName";
    /** Which version of the records a document was indexed with (see Records.FORMAT). */
    static final String FORMAT = "format";

    static final String VECTOR = "vector";

    private Fields() {
    }
}
