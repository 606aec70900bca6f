package io.ptosim.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Spec §11 TensorMap scenarios 1-13 (16 buckets, pool 64, W = 32). */
class TensorMapTest {
    private final TensorMap map = new TensorMap(16, 64, new int[] {32, 32, 32, 32});
    private static final TensorView X = TensorView.external(0x1000, DataType.FLOAT32, 256);

    private record Hit(long producer, Overlap overlap) {
    }

    private List<Hit> lookup(TensorView probe) {
        List<Hit> hits = new ArrayList<>();
        map.lookup(probe, (e, p, v, o) -> hits.add(new Hit(p, o)));
        return hits;
    }

    private static long t(int ring, long local) {
        return TaskId.of(ring, local);
    }

    @Test
    void scenario01InsertThenLookUpTheSameTensor() {
        map.insert(X, t(0, 0));
        assertThat(lookup(X)).containsExactly(new Hit(t(0, 0), Overlap.COVERED));
    }

    @Test
    void scenario02LargerProbeCoversSmallerEntryNotViceVersa() {
        TensorView large = TensorView.external(0x1000, DataType.FLOAT32, 512);
        map.insert(X, t(0, 0));
        assertThat(lookup(large)).containsExactly(new Hit(t(0, 0), Overlap.COVERED));
        TensorMap other = new TensorMap(16, 64, new int[] {32, 32, 32, 32});
        other.insert(large, t(0, 0));
        List<Overlap> got = new ArrayList<>();
        other.lookup(X, (e, p, v, o) -> got.add(o));
        assertThat(got).containsExactly(Overlap.OTHER);
    }

    @Test
    void scenario03DisjointRowBlocksGiveNoHit() {
        TensorView base = TensorView.external(0x1000, DataType.FLOAT32, 256, 1);
        map.insert(base.view(new int[] {128, 1}, new long[] {0, 0}), t(0, 0));
        assertThat(lookup(base.view(new int[] {128, 1}, new long[] {128, 0}))).isEmpty();
    }

    @Test
    void scenario04ANewerProbeVersionIsOther() {
        map.insert(X, t(0, 0));
        assertThat(lookup(X.withVersion(1))).containsExactly(new Hit(t(0, 0), Overlap.OTHER));
    }

    @Test
    void scenario05StaleEntriesAreSkippedPerRing() {
        map.insert(X, t(0, 0));
        map.insert(X, t(0, 1));
        map.setValidity(0, 1);
        assertThat(lookup(X)).extracting(Hit::producer).containsExactly(t(0, 1));
        TensorMap rings = new TensorMap(16, 64, new int[] {32, 32, 32, 32});
        rings.insert(X, t(0, 0));
        rings.insert(X, t(1, 0));
        rings.setValidity(0, 1);
        List<Long> got = new ArrayList<>();
        rings.lookup(X, (e, p, v, o) -> got.add(p));
        assertThat(got).containsExactly(t(1, 0));
    }

    @Test
    void scenario06CleanupFreesRetiredEntriesForReuse() {
        for (int i = 0; i < 3; i++) {
            map.insert(X, t(0, i));
        }
        assertThat(map.cleanupRetired(0, 0, 2)).isEqualTo(2);
        assertThat(map.used()).isEqualTo(1);
        assertThat(lookup(X)).extracting(Hit::producer).containsExactly(t(0, 2));
        int freeBefore = map.freeEntries();
        int reused = map.insert(X, t(0, 3));
        assertThat(reused).isLessThan(3);
        assertThat(map.freeEntries()).isEqualTo(freeBefore - 1);
    }

    @Test
    void scenario07CleanupSparesALaterTaskInTheSameSlot() {
        map.insert(X, t(0, 0));
        map.insert(X, t(0, 32));
        assertThat(map.cleanupRetired(0, 0, 1)).isEqualTo(1);
        assertThat(lookup(X)).extracting(Hit::producer).containsExactly(t(0, 32));
    }

    @Test
    void scenario08ValidityIsPerRing() {
        map.insert(X, t(0, 5));
        map.insert(X, t(1, 3));
        map.insert(X, t(2, 7));
        assertThat(lookup(X)).hasSize(3);
        map.setValidity(0, 6);
        map.setValidity(2, 8);
        assertThat(lookup(X)).extracting(Hit::producer).containsExactly(t(1, 3));
    }

    @Test
    void scenario09EveryInsertIsItsOwnEntryNewestFirst() {
        for (int i = 0; i < 20; i++) {
            map.insert(X, t(0, i));
        }
        List<Hit> hits = lookup(X);
        assertThat(hits).hasSize(20);
        assertThat(hits.get(0).producer()).isEqualTo(t(0, 19));
        assertThat(hits.get(19).producer()).isEqualTo(t(0, 0));
    }

    @Test
    void scenario10AFullPoolRejectsARawInsert() {
        for (int i = 0; i < 64; i++) {
            map.insert(X, t(0, i % 32));
        }
        assertThat(map.freeEntries()).isZero();
        assertThatThrownBy(() -> map.insert(X, t(0, 0))).isInstanceOf(IllegalStateException.class)
                .hasMessage("TensorMap entry pool exhausted (64 entries)");
    }

    @Test
    void scenario11CleanupFreesEveryEntryOfTheTask() {
        map.insert(X, t(0, 5));
        map.insert(TensorView.external(0x9000, DataType.INT8, 64), t(0, 5));
        assertThat(map.cleanupRetired(0, 5, 6)).isEqualTo(2);
        assertThat(map.used()).isZero();
    }

    @Test
    void scenario12CleaningOneTaskKeepsItsNeighbours() {
        for (int i = 0; i < 3; i++) {
            map.insert(X, t(0, i));
        }
        map.cleanupRetired(0, 1, 2);
        assertThat(lookup(X)).extracting(Hit::producer).containsExactly(t(0, 2), t(0, 0));
    }

    @Test
    void scenario13TheHashSpreadsPageAlignedAddresses() {
        Set<Integer> buckets = new HashSet<>();
        for (long i = 0; i < 64; i++) {
            int b = map.bucketOf(i * 65536);
            assertThat(b).isBetween(0, 15).isEqualTo(map.bucketOf(i * 65536));
            buckets.add(b);
        }
        assertThat(buckets.size()).isGreaterThanOrEqualTo(12);
    }

    @Test
    void syncValidityCleansUpEverySixtyFourRetiredTasks() {
        TensorMap big = new TensorMap(16, 256, new int[] {128, 128, 128, 128});
        for (int i = 0; i < 70; i++) {
            big.insert(X, t(0, i));
        }
        big.syncValidity(t(0, 70), 63);
        assertThat(big.used()).isEqualTo(70);
        big.syncValidity(t(0, 71), 64);
        assertThat(big.used()).isEqualTo(6);
        assertThat(big.validity(0)).isEqualTo(64);
    }

    @Test
    void removalDuringLookupUnlinksTheEntry() {
        map.insert(X, t(0, 0));
        map.insert(X, t(0, 1));
        map.lookup(X, (e, p, v, o) -> {
            if (p == t(0, 1)) {
                map.remove(e);
            }
        });
        assertThat(lookup(X)).extracting(Hit::producer).containsExactly(t(0, 0));
        assertThat(map.used()).isEqualTo(1);
    }

    @Test
    void aLargePoolGrowsAsEntriesArriveAndKeepsEveryOne() {
        TensorMap big = new TensorMap(64, 5000, new int[] {8192, 8192, 8192, 8192});
        assertThat(big.freeEntries()).isEqualTo(5000);
        for (int i = 0; i < 5000; i++) {
            big.insert(TensorView.external(0x10_0000L + 4096L * i, DataType.FLOAT32, 16), t(0, i));
        }
        assertThat(big.freeEntries()).isZero();
        assertThat(big.used()).isEqualTo(5000);
        for (int i : new int[] {0, 1023, 1024, 2047, 4095, 4999}) {
            List<Long> producers = new ArrayList<>();
            big.lookup(TensorView.external(0x10_0000L + 4096L * i, DataType.FLOAT32, 16), (e, p, v, o) -> producers.add(p));
            assertThat(producers).as("entry %d after the pool grew", i).containsExactly(t(0, i));
        }
        assertThatThrownBy(() -> big.insert(X, t(1, 0))).isInstanceOf(IllegalStateException.class)
                .hasMessage("TensorMap entry pool exhausted (5000 entries)");
    }
}
