package dev.lectern.indexing.lucene;

/**
 * The knobs of hybrid retrieval, in one place so that the evaluation can measure each against the
 * dev sets and the defaults record what was measured best.
 *
 * @param depth           how many candidates each list (BM25, vector) contributes before fusion
 * @param rrfK            the constant of reciprocal-rank fusion: 1/(rrfK + rank)
 * @param bm25Weight      weight of the keyword list in the fusion
 * @param vectorWeight    weight of the vector list in the fusion
 * @param routeConfidence the top document's routing score must be this many times the fifth's
 *                        before a query counts as naming a document
 * @param routeShare      documents scoring at least this share of the top one count as named too
 * @param routeBoost      a named document's passages have their fused score multiplied by 1 + this
 * @param nameBoost       weight of a query word found in a document's file name or title, against
 *                        the same word in its opening text
 * @param routeRarity     a query word takes part in routing only when at most this share of the
 *                        documents has it (in their name, or in their opening text)
 * @param routeSharpness  a runner-up document's routing weight is its share of the top score raised
 *                        to this power: a near tie keeps most of the boost, a clear loser little
 * @param statementHints  add a financial statement's wording to keyword queries that ask for one
 *                        of its figures (see FinancialStatements)
 * @param focusDepth      the first this many passages of a search are narrowed to the sentences that
 *                        answer it (see Focus); 0 turns focusing off
 * @param focusVectorWeight weight of a sentence's embedding similarity against its share of the
 *                        query's term weight when focusing
 * @param focusKeep       neighbouring sentences scoring at least this share of the best one join the focus
 * @param focusMaxChars   a focus is at most this long
 * @param focusRerank     focused passages are ordered by their best sentence's score plus this times
 *                        their chunk's score as a share of the top chunk's (0: by best sentence alone)
 * @param focusRestFloor  the rest of a focused chunk stays in the list as passages of their own, scored
 *                        the chunk's score times this plus (1 - this) times their share of its sentence scores
 * @param latestYearBoost when a query names several years, the latest one's weight in routing on
 *                        document names is multiplied by this: that year's report prints the earlier ones too
 * @param statementKeywordWeight the keyword list's weight is multiplied by this when statement hints
 *                        were added to the query (their line-item wording reaches only the keyword list)
 * @param pageCrowding    each further passage from a page of a paginated document already in the list
 *                        keeps this share of its score (1: no crowding)
 * @param interimRouteShare a quarterly report named by a question that names no quarter keeps this
 *                        share of its routing weight (the year's questions are the annual report's)
 * @param olderRouteShare when a question names no year, a named document of an earlier year than the
 *                        newest named one keeps this share of its routing weight
 * @param statementListWeight weight in the fusion of the list of pages that head a financial statement
 *                        the query asks about (found by title; 0 turns the list off)
 */
public record RetrievalTuning(int depth, int rrfK, double bm25Weight, double vectorWeight, double routeConfidence,
                              double routeShare, double routeBoost, double nameBoost, double routeRarity,
                              double routeSharpness, boolean statementHints, int focusDepth, double focusVectorWeight,
                              double focusKeep, int focusMaxChars, double focusRestFloor, double focusRerank, double latestYearBoost,
                              double statementKeywordWeight, double pageCrowding,
                              double interimRouteShare, double olderRouteShare,
                              double statementListWeight) {
    public static final RetrievalTuning DEFAULTS = new RetrievalTuning(100, 60, 1.0, 1.0, 1.2, 0.7, 2.0, 2.0, 0.3, 4.0, true,
            2, 1.0, 1.0, 400, 0.0, 0.0, 3.0, 1.5, 0.5, 0.5, 0.5, 2.0);

    /** These settings with {@code pageCrowding} instead (1: a page may fill the list). */
    public RetrievalTuning withPageCrowding(double crowding) {
        return new RetrievalTuning(depth, rrfK, bm25Weight, vectorWeight, routeConfidence, routeShare, routeBoost, nameBoost,
                routeRarity, routeSharpness, statementHints, focusDepth, focusVectorWeight, focusKeep, focusMaxChars,
                focusRestFloor, focusRerank, latestYearBoost, statementKeywordWeight, crowding, interimRouteShare,
                olderRouteShare, statementListWeight);
    }

    /** The defaults, each overridable by a system property lectern.retrieval.NAME (for measuring). */
    public static RetrievalTuning fromSystemProperties() {
        RetrievalTuning d = DEFAULTS;
        return new RetrievalTuning(Integer.getInteger("lectern.retrieval.depth", d.depth()),
                Integer.getInteger("lectern.retrieval.rrfK", d.rrfK()), prop("bm25Weight", d.bm25Weight()),
                prop("vectorWeight", d.vectorWeight()), prop("routeConfidence", d.routeConfidence()),
                prop("routeShare", d.routeShare()), prop("routeBoost", d.routeBoost()), prop("nameBoost", d.nameBoost()),
                prop("routeRarity", d.routeRarity()), prop("routeSharpness", d.routeSharpness()),
                Boolean.parseBoolean(System.getProperty("lectern.retrieval.statementHints", Boolean.toString(d.statementHints()))),
                Integer.getInteger("lectern.retrieval.focusDepth", d.focusDepth()), prop("focusVectorWeight", d.focusVectorWeight()),
                prop("focusKeep", d.focusKeep()), Integer.getInteger("lectern.retrieval.focusMaxChars", d.focusMaxChars()),
                prop("focusRestFloor", d.focusRestFloor()),
                prop("focusRerank", d.focusRerank()), prop("latestYearBoost", d.latestYearBoost()),
                prop("statementKeywordWeight", d.statementKeywordWeight()), prop("pageCrowding", d.pageCrowding()),
                prop("interimRouteShare", d.interimRouteShare()),
                prop("olderRouteShare", d.olderRouteShare()),
                prop("statementListWeight", d.statementListWeight()));
    }

    private static double prop(String name, double dflt) {
        String v = System.getProperty("lectern.retrieval." + name);
        return v == null ? dflt : Double.parseDouble(v);
    }

    public RetrievalTuning {
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be at least 1, got " + depth);
        }
        if (rrfK < 0) {
            throw new IllegalArgumentException("rrfK must be >= 0, got " + rrfK);
        }
        if (bm25Weight < 0 || vectorWeight < 0 || routeBoost < 0) {
            throw new IllegalArgumentException("weights must be >= 0");
        }
        if (pageCrowding < 0 || pageCrowding > 1) {
            throw new IllegalArgumentException("pageCrowding must be in [0, 1], got " + pageCrowding);
        }
        if (routeShare <= 0 || routeShare > 1) {
            throw new IllegalArgumentException("routeShare must be in (0, 1], got " + routeShare);
        }
    }
}
