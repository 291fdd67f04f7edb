package dev.lectern.indexing;

import java.util.Locale;

/**
 * Why a passage was returned: its rank and score in the keyword list and in the vector list (0 and
 * NaN when it was not in that list), its rank among the pages heading a financial statement the
 * query asks about (0 when none was asked for or it is not one), the routing weight of its
 * document, and the fused score.
 */
public record HitExplanation(int bm25Rank, double bm25Score, int vectorRank, double vectorScore, int statementRank,
                             double routing, double fused) {
    public HitExplanation(int bm25Rank, double bm25Score, int vectorRank, double vectorScore, double routing, double fused) {
        this(bm25Rank, bm25Score, vectorRank, vectorScore, 0, routing, fused);
    }

    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "score %.4f = ", fused));
        sb.append(bm25Rank > 0 ? String.format(Locale.ROOT, "BM25 #%d (%.2f)", bm25Rank, bm25Score) : "BM25 -");
        sb.append(" + ");
        sb.append(vectorRank > 0 ? String.format(Locale.ROOT, "vector #%d (cos %.3f)", vectorRank, vectorScore) : "vector -");
        if (statementRank > 0) {
            sb.append(String.format(Locale.ROOT, " + statement page #%d", statementRank));
        }
        if (routing > 0) {
            sb.append(String.format(Locale.ROOT, ", document named in the query (routing %.2f)", routing));
        }
        return sb.toString();
    }
}
