package io.ptosim.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link HappensBefore} against the transitive closure, on random DAGs in submit order. */
class HappensBeforeTest {
    @Test
    void aPathThroughAThirdTaskOrdersAndSiblingsDoNot() {
        HappensBefore hb = new HappensBefore(4, new int[] {0, 1, 0}, new int[] {1, 2, 3});
        assertThat(hb.ordered(0, 2)).isTrue();
        assertThat(hb.ordered(1, 3)).isFalse();
        assertThat(hb.ordered(2, 3)).isFalse();
        assertThat(hb.ordered(0, 3)).isTrue();
    }

    @Test
    void everyAnswerMatchesTheClosureWhateverTheQueryOrder() {
        Random random = new Random(11);
        for (int graph = 0; graph < 40; graph++) {
            int n = 2 + random.nextInt(120);
            List<int[]> edges = new ArrayList<>();
            int fanIn = 1 + random.nextInt(3);
            for (int v = 1; v < n; v++) {
                for (int k = random.nextInt(fanIn + 1); k > 0; k--) {
                    edges.add(new int[] {random.nextInt(v), v});
                }
            }
            int[] preds = edges.stream().mapToInt(e -> e[0]).toArray();
            int[] succs = edges.stream().mapToInt(e -> e[1]).toArray();
            BitSet[] ancestors = closure(n, preds, succs);
            HappensBefore hb = new HappensBefore(n, preds, succs);
            int yes = 0;
            for (int j = 1; j < n; j++) {
                for (int q = 0; q < 6; q++) {
                    int i = random.nextInt(j);
                    yes += ancestors[j].get(i) ? 1 : 0;
                    assertThat(hb.ordered(i, j)).as("graph %d: %d -> %d", graph, i, j).isEqualTo(ancestors[j].get(i));
                }
            }
            for (int q = 0; q < 200; q++) {
                int j = 1 + random.nextInt(n - 1);
                int i = random.nextInt(j);
                assertThat(hb.ordered(i, j)).as("graph %d: %d -> %d", graph, i, j).isEqualTo(ancestors[j].get(i));
            }
            assertThat(yes).as("graph %d has ordered pairs", graph).isPositive();
        }
    }

    private static BitSet[] closure(int n, int[] preds, int[] succs) {
        BitSet[] ancestors = new BitSet[n];
        for (int v = 0; v < n; v++) {
            ancestors[v] = new BitSet(n);
        }
        for (int v = 0; v < n; v++) {
            for (int k = 0; k < preds.length; k++) {
                if (succs[k] == v) {
                    ancestors[v].set(preds[k]);
                    ancestors[v].or(ancestors[preds[k]]);
                }
            }
        }
        return ancestors;
    }
}
