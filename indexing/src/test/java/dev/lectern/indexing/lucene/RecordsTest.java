package dev.lectern.indexing.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.parsing.model.SourceMap;
import org.junit.jupiter.api.Test;

class RecordsTest {
    @Test
    void sourceShiftsMapEveryOffsetOfAChunkBackExactly() {
        // source "ab   cd  ef" cleaned to "ab cd ef": two spaces dropped after "ab", one after "cd"
        SourceMap map = new SourceMap(new int[] {0, 3, 6}, new int[] {0, 5, 9}, 11);
        String shifts = Records.sourceShifts(map, 0, 8);
        int base = map.toSource(0);
        for (int rel = 0; rel <= 8; rel++) {
            assertThat(Records.sourceOffset(base, shifts, rel)).as("offset %d", rel).isEqualTo(map.toSource(rel));
        }
    }

    @Test
    void aChunkInsideTheTextIsShiftedFromItsOwnStart() {
        SourceMap map = new SourceMap(new int[] {0, 3, 6}, new int[] {0, 5, 9}, 11);
        String shifts = Records.sourceShifts(map, 3, 8);
        for (int rel = 0; rel <= 5; rel++) {
            assertThat(Records.sourceOffset(map.toSource(3), shifts, rel)).isEqualTo(map.toSource(3 + rel));
        }
    }

    @Test
    void noSourceMapOrNoChangeMeansNoShifts() {
        assertThat(Records.sourceShifts(null, 0, 10)).isEmpty();
        assertThat(Records.sourceShifts(new SourceMap(new int[] {0}, new int[] {4}, 20), 0, 10)).isEmpty();
        assertThat(Records.sourceOffset(7, "", 3)).isEqualTo(10);
    }
}
