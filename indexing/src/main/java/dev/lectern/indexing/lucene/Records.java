package dev.lectern.indexing.lucene;

import dev.lectern.indexing.IndexedDocument;
import dev.lectern.parsing.model.Document;
import java.util.List;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.VectorSimilarityFunction;

/**
 * The three kinds of record of a workspace index, and the texts derived for them, built in one
 * place: {@link LuceneIndex} writes them while ingesting, {@link SyntheticIndexWriter} for the
 * search benchmark, and both must write exactly the same thing.
 */
final class Records {
    /** Joins a heading path in a stored field. */
    static final String HEADING_SEPARATOR = "\u001F";
    /** At most this much title and heading path goes before a chunk's text when it is embedded. */
    static final int CONTEXT_CHARS = 160;

    private Records() {
    }

    /** A chunk whose text maps to the source character for character (or has no source text). */
    static org.apache.lucene.document.Document chunk(String id, String docId, String language, List<String> headingPath,
                                                     String text, int start, int end, int sourceStart, int sourceEnd,
                                                     int pageStart, int pageEnd, int ordinal) {
        return chunk(id, docId, language, headingPath, text, start, end, sourceStart, sourceEnd, pageStart, pageEnd,
                ordinal, "", "");
    }

    /**
     * A chunk: its text for BM25 in its language's field, and everything a citation needs,
     * including {@code sourceShifts} (see {@link #sourceShifts}) so that a citation of part of the
     * chunk maps back to the source exactly. {@code lead} is the document's text just before the
     * chunk, where a table's title often stands apart from the table.
     */
    static org.apache.lucene.document.Document chunk(String id, String docId, String language, List<String> headingPath,
                                                     String text, int start, int end, int sourceStart, int sourceEnd,
                                                     int pageStart, int pageEnd, int ordinal, String sourceShifts,
                                                     String lead) {
        org.apache.lucene.document.Document d = new org.apache.lucene.document.Document();
        d.add(new StringField(Fields.TYPE, Fields.TYPE_CHUNK, Field.Store.NO));
        d.add(new StringField(Fields.ID, id, Field.Store.YES));
        d.add(new StringField(Fields.DOC, docId, Field.Store.YES));
        d.add(new StoredField(Fields.TEXT, text));
        d.add(new TextField(Analyzers.bodyField(language), indexedText(headingPath, text), Field.Store.NO));
        d.add(new StoredField(Fields.START, start));
        d.add(new StoredField(Fields.END, end));
        d.add(new StoredField(Fields.SOURCE_START, sourceStart));
        d.add(new StoredField(Fields.SOURCE_END, sourceEnd));
        d.add(new StoredField(Fields.PAGE_START, pageStart));
        d.add(new StoredField(Fields.PAGE_END, pageEnd));
        d.add(new StoredField(Fields.HEADINGS, String.join(HEADING_SEPARATOR, headingPath)));
        if (!sourceShifts.isEmpty()) {
            d.add(new StoredField(Fields.SOURCE_SHIFTS, sourceShifts));
        }
        String statement = FinancialStatements.kind(headingPath, lead, text);
        if (statement != null) {
            d.add(new StringField(Fields.STATEMENT, statement, Field.Store.NO));
        }
        d.add(new IntPoint(Fields.ORDINAL, ordinal));
        d.add(new StoredField(Fields.ORDINAL, ordinal));
        return d;
    }

    /** A chunk's vector, apart from the chunk so that a model change replaces vectors only. */
    static org.apache.lucene.document.Document vector(String chunkId, String docId, float[] vector) {
        org.apache.lucene.document.Document v = new org.apache.lucene.document.Document();
        v.add(new StringField(Fields.TYPE, Fields.TYPE_VEC, Field.Store.NO));
        v.add(new StringField(Fields.ID, chunkId, Field.Store.YES));
        v.add(new StringField(Fields.DOC, docId, Field.Store.YES));
        v.add(new KnnFloatVectorField(Fields.VECTOR, vector, VectorSimilarityFunction.DOT_PRODUCT));
        return v;
    }

    /**
     * The version of what a document's records hold. 1: before statement tags on chunks and
     * company aliases in the routing text (a registry record without the field); 2: with them; 3:
     * chunks no longer cut between a clause number and its clause ("6.3." | "Subject to ..."); 4:
     * HTML read without its hidden elements (its text, so every offset, changed; other formats did
     * not, and a format-3 record of them is current). A document indexed at an older version is
     * indexed again the next time its file is ingested.
     */
    static final int FORMAT = 4;

    /** Whether a record of {@code format} for a document of {@code mediaType} must be indexed again. */
    static boolean outdated(int format, String mediaType) {
        boolean html = mediaType != null && (mediaType.contains("html") || mediaType.contains("xhtml"));
        return format < 3 || format < FORMAT && html;
    }

    /** The version of a registry record's document (1 when the record predates the field). */
    static int format(org.apache.lucene.document.Document registry) {
        org.apache.lucene.index.IndexableField f = registry.getField(Fields.FORMAT);
        return f == null ? 1 : f.numericValue().intValue();
    }

    /** A document's registry entry at the current format. */
    static org.apache.lucene.document.Document registry(IndexedDocument e, String routeText) {
        return registry(e, routeText, FORMAT);
    }

    /** A document's registry entry, with the text routing matches (file name line, then the rest). */
    static org.apache.lucene.document.Document registry(IndexedDocument e, String routeText, int format) {
        org.apache.lucene.document.Document d = new org.apache.lucene.document.Document();
        d.add(new StoredField(Fields.FORMAT, format));
        d.add(new StringField(Fields.TYPE, Fields.TYPE_DOC, Field.Store.NO));
        d.add(new StringField(Fields.ID, e.id(), Field.Store.YES));
        d.add(new StringField(Fields.DOC, e.id(), Field.Store.NO));
        d.add(new StringField(Fields.PATH, e.path(), Field.Store.YES));
        d.add(new StoredField(Fields.TITLE, e.title() == null ? "" : e.title()));
        d.add(new StoredField(Fields.MEDIA_TYPE, e.mediaType()));
        d.add(new StoredField(Fields.LANGUAGE, e.language()));
        d.add(new StoredField(Fields.PAGES, e.pages()));
        d.add(new StoredField(Fields.PAGINATED, Boolean.toString(e.paginated())));
        d.add(new StoredField(Fields.CHUNKS, e.chunks()));
        if (!e.pageStarts().isEmpty()) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * e.pageStarts().size());
            e.pageStarts().forEach(b::putInt);
            d.add(new StoredField(Fields.PAGE_STARTS, b.array()));
        }
        d.add(new StringField(Fields.STAGE, e.stage().name(), Field.Store.YES));
        if (e.embeddingModel() != null) {
            d.add(new StoredField(Fields.MODEL, e.embeddingModel()));
        }
        d.add(new LongPoint(Fields.ADDED, e.added().toEpochMilli()));
        d.add(new StoredField(Fields.ADDED + "_v", e.added().toEpochMilli()));
        int nl = routeText.indexOf('\n');
        d.add(new TextField(Fields.ROUTE_NAME, nl < 0 ? routeText : routeText.substring(0, nl), Field.Store.NO));
        d.add(new TextField(Fields.ROUTE, nl < 0 ? "" : routeText.substring(nl + 1), Field.Store.NO));
        d.add(new StoredField(Fields.ROUTE + "_text", routeText));
        return d;
    }

    /** The page starts a registry record stores; empty for records written before they were stored. */
    static List<Integer> pageStarts(org.apache.lucene.document.Document d) {
        org.apache.lucene.util.BytesRef ref = d.getBinaryValue(Fields.PAGE_STARTS);
        if (ref == null) {
            return List.of();
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(ref.bytes, ref.offset, ref.length);
        List<Integer> out = new java.util.ArrayList<>(ref.length / 4);
        while (b.remaining() >= 4) {
            out.add(b.getInt());
        }
        return out;
    }

    /**
     * Where the source offsets of the text {@code [start, end)} depart from {@code sourceStart +
     * (offset - start)}: "rel:shift" pairs, comma-separated, each saying that from {@code rel}
     * characters into the chunk on, the source offset is {@code sourceStart + rel' + shift}. Empty
     * when the chunk maps to its source character for character, or there is no source map.
     */
    static String sourceShifts(dev.lectern.parsing.model.SourceMap map, int start, int end) {
        if (map == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        int base = map.toSource(start);
        int last = 0;
        for (int rel = 1; rel <= end - start; rel++) {
            int shift = map.toSource(start + rel) - base - rel;
            if (shift != last) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(rel).append(':').append(shift);
                last = shift;
            }
        }
        return sb.toString();
    }

    /** The source offset {@code rel} characters into a chunk, by its stored {@link #sourceShifts}. */
    static int sourceOffset(int sourceStart, String sourceShifts, int rel) {
        int shift = 0;
        if (sourceShifts != null && !sourceShifts.isEmpty()) {
            for (String pair : sourceShifts.split(",")) {
                int colon = pair.indexOf(':');
                if (Integer.parseInt(pair, 0, colon, 10) > rel) {
                    break;
                }
                shift = Integer.parseInt(pair, colon + 1, pair.length(), 10);
            }
        }
        return sourceStart + rel + shift;
    }

    /** What BM25 sees of a chunk: its heading path too, so "Termination" finds the clause under it. */
    static String indexedText(List<String> headingPath, String text) {
        return headingPath.isEmpty() ? text : String.join(" / ", headingPath) + "\n" + text;
    }

    /** What the embedder sees of a chunk: document title and heading path give it context. */
    static String embeddedText(String title, List<String> headingPath, String text) {
        StringBuilder sb = new StringBuilder();
        if (title != null && !title.isBlank()) {
            sb.append(title).append('\n');
        }
        if (!headingPath.isEmpty()) {
            sb.append(String.join(" > ", headingPath)).append('\n');
        }
        // a long heading path must not push the chunk itself past the model's input limit
        if (sb.length() > CONTEXT_CHARS) {
            sb.setLength(CONTEXT_CHARS);
            sb.append('\n');
        }
        return sb.append(text).toString();
    }

    /** A heading path as {@link #chunk} stores it, split again. */
    static List<String> headingPath(String stored) {
        return stored == null || stored.isEmpty() ? List.of() : List.of(stored.split(HEADING_SEPARATOR));
    }

    /**
     * The words a question may use to name the document: its file name (the first line of the
     * result), then its title and opening text, where contracts name their parties and filings
     * their company and fiscal year.
     */
    static String routeText(Document doc) {
        String name = doc.fileName();
        try {
            name = java.net.URLDecoder.decode(name.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // not URL-encoded after all
        }
        name = name.replaceAll("\\.[A-Za-z0-9]{1,5}$", "").replaceAll("[_\\-/%+.]+", " ");
        String title = doc.title() == null ? "" : doc.title().replaceAll("\\s+", " ");
        String opening = doc.text().substring(0, Math.min(doc.text().length(), 1500)).replaceAll("\\s+", " ");
        // the title goes with the opening text: a first heading such as "CONFIDENTIAL INFORMATION"
        // is common to many documents, a file name rarely is
        // the short names and trading symbols of a filer go with its opening text ("AMEX", "AXP")
        String aliases = CompanyAliases.of(doc.text());
        return name + "\n" + title + " " + opening + (aliases.isEmpty() ? "" : " " + aliases);
    }
}
