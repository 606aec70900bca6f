package io.ptosim.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** {@link Region}: exact shared ranges on one grid, bounding ranges otherwise, checked against enumeration. */
class RegionTest {
    private static final int F32 = 4;

    /** A view of the FLOAT32 [4, 8] matrix (strides [8, 1]): rows x cols at (row, col). */
    private static Region box(int row, int col, int rows, int cols) {
        return Region.of(row * 8L + col, new int[] {rows, cols}, new long[] {8, 1}, F32);
    }

    @Test
    void boxesOnOneGridShareExactlyTheirIntersection() {
        assertThat(box(0, 0, 2, 8).overlap(box(0, 4, 4, 4))).usingRecursiveComparison().ignoringFields("box").isEqualTo(new OverlapRange(4, 15, true, false));
        assertThat(box(0, 0, 4, 4).overlap(box(0, 4, 4, 4))).isNull();
        assertThat(box(0, 0, 2, 8).overlap(box(2, 0, 2, 8))).isNull();
        assertThat(box(1, 2, 2, 3).overlap(box(2, 3, 2, 5))).usingRecursiveComparison().ignoringFields("box").isEqualTo(new OverlapRange(19, 20, true, false));
    }

    @Test
    void aStridedOverlapPrintsAsABoxPerDimensionAndARunAsARange() {
        OverlapRange columns = box(0, 0, 4, 4).overlap(box(1, 2, 3, 6));
        assertThat(columns.lo() + ".." + columns.hi()).isEqualTo("10..27");
        assertThat(columns.describe()).isEqualTo("elements 8*i + j for i in [1, 3], j in [2, 3]");
        assertThat(box(0, 0, 2, 8).overlap(box(0, 4, 4, 4)).describe()).isEqualTo("elements 8*i + j for i in [0, 1],"
                + " j in [4, 7]");
        assertThat(box(0, 0, 2, 8).overlap(box(1, 0, 3, 8)).describe()).isEqualTo("elements [8, 15]");
        Region everyOther = Region.of(1, new int[] {4, 4}, new long[] {8, 2}, F32);
        assertThat(everyOther.overlap(Region.of(9, new int[] {2, 4}, new long[] {8, 2}, F32)).describe()).isEqualTo("elements 1 + 8*i + 2*j for i in [1, 2],"
                + " j in [0, 3]");
    }

    @Test
    void anIntervalMeetsAGridBoxBetweenTheBoxsFirstAndLastElementsInsideIt() {
        Region interval = Region.of(10, new int[] {11}, new long[] {1}, F32);
        assertThat(interval.overlap(box(0, 4, 4, 4))).usingRecursiveComparison().ignoringFields("box").isEqualTo(new OverlapRange(12, 20, true, false));
        assertThat(Region.of(8, new int[] {4}, new long[] {1}, F32).overlap(box(0, 4, 4, 4))).isNull();
    }

    @Test
    void aTransposedViewIsTheSameSetAsItsSource() {
        Region transposed = Region.of(0, new int[] {8, 4}, new long[] {1, 8}, F32);
        assertThat(transposed.overlap(box(2, 0, 2, 8))).usingRecursiveComparison().ignoringFields("box").isEqualTo(new OverlapRange(16, 31, true, false));
        assertThat(Region.of(1, new int[] {2, 4}, new long[] {1, 8}, F32).overlap(box(0, 0, 4, 1))).isNull();
    }

    @Test
    void viewsOnNoCommonGridAreComparedByBoundingRangeAndMayOverlap() {
        Region diagonal = Region.of(0, new int[] {4}, new long[] {9}, F32);
        OverlapRange r = diagonal.overlap(box(0, 4, 4, 4));
        assertThat(r).usingRecursiveComparison().ignoringFields("box").isEqualTo(new OverlapRange(4, 27, false, false));
        assertThat(r.describe()).isEqualTo("may overlap in elements [4, 27]");
        assertThat(diagonal.overlap(Region.of(10, new int[] {9}, new long[] {1}, F32)))
                .usingRecursiveComparison().ignoringFields("box").isEqualTo(new OverlapRange(18, 18, true, false));
    }

    @Test
    void subBoxesOfOneLayoutMeetExactlyWhateverDimensionsOfSizeOneTheyDropped() {
        Region writer = Region.of(20, new int[] {2, 1, 4, 2}, new long[] {40, 20, 5, 1}, 1);
        Region reader = Region.of(2, new int[] {1, 2, 4, 2}, new long[] {40, 20, 5, 1}, 1);
        assertThat(writer.overlap(reader)).isNull();
        assertThat(writer.overlap(Region.of(0, new int[] {1, 2, 4, 3}, new long[] {40, 20, 5, 1}, 1)))
                .usingRecursiveComparison().ignoringFields("box").isEqualTo(new OverlapRange(20, 36, true, false));
    }

    @Test
    void everyOtherElementAndTheOthersNeverMeet() {
        Region even = Region.of(0, new int[] {8}, new long[] {2}, F32);
        Region odd = Region.of(1, new int[] {8}, new long[] {2}, F32);
        assertThat(even.overlap(odd)).isNull();
        assertThat(even.overlap(Region.of(3, new int[] {4}, new long[] {1}, F32)))
                .usingRecursiveComparison().ignoringFields("box").isEqualTo(new OverlapRange(4, 6, true, false));
    }

    @Test
    void viewsOfDifferentElementSizesAreComparedInBytes() {
        Region floats = Region.of(0, new int[] {4}, new long[] {1}, F32);
        assertThat(floats.overlap(Region.of(16, new int[] {4}, new long[] {1}, 1))).isNull();
        OverlapRange r = floats.overlap(Region.of(12, new int[] {8}, new long[] {1}, 1));
        assertThat(r).usingRecursiveComparison().ignoringFields("box").isEqualTo(new OverlapRange(12, 15, true, true));
        assertThat(r.describe()).isEqualTo("bytes [12, 15]");
    }

    @Test
    void coversOnlyWhatItProvablyContains() {
        Region whole = Region.whole(32, F32);
        assertThat(whole.covers(box(1, 1, 2, 3))).isTrue();
        assertThat(box(1, 1, 2, 3).covers(whole)).isFalse();
        assertThat(box(0, 0, 4, 4).covers(box(1, 1, 2, 3))).isTrue();
        assertThat(box(0, 0, 4, 4).covers(box(1, 1, 2, 4))).isFalse();
        assertThat(box(0, 0, 2, 8).covers(Region.of(0, new int[] {8, 2}, new long[] {1, 8}, F32))).isTrue();
        assertThat(Region.of(0, new int[] {8, 4}, new long[] {1, 8}, F32).covers(box(3, 5, 1, 1))).isTrue();
        Region diagonal = Region.of(0, new int[] {4}, new long[] {9}, F32);
        assertThat(diagonal.covers(box(1, 1, 1, 1))).isTrue();
        assertThat(diagonal.covers(box(0, 1, 1, 1))).isFalse();
        assertThat(box(0, 0, 4, 2).covers(diagonal)).isFalse();
        assertThat(Region.of(0, new int[] {0, 4}, new long[] {4, 1}, F32).isEmpty()).isTrue();
    }

    @Test
    void randomViewsAgreeWithTheirEnumeratedElements() {
        Random random = new Random(7);
        int exact = 0;
        int sharedTrials = 0;
        for (int trial = 0; trial < 20_000; trial++) {
            int[] unit = {random.nextBoolean() ? 4 : 2, random.nextInt(4) == 0 ? 1 : 4};
            unit[1] = random.nextInt(4) == 0 ? unit[1] : unit[0];
            int n = 1 + random.nextInt(3);
            long[] layout = new long[n];
            int[] sizes = new int[n];
            for (int i = n - 1; i >= 0; i--) {
                sizes[i] = 1 + random.nextInt(5);
                layout[i] = i == n - 1 ? 1 + random.nextInt(2) : layout[i + 1] * (sizes[i + 1] + random.nextInt(2));
            }
            Region[] r = new Region[2];
            List<TreeSet<Long>> bytes = new ArrayList<>();
            for (int k = 0; k < 2; k++) {
                int[] shape = new int[n];
                long[] strides = layout.clone();
                long start = random.nextInt(2);
                for (int i = 0; i < n; i++) {
                    int off = random.nextInt(sizes[i]);
                    shape[i] = random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(sizes[i] - off);
                    start += off * layout[i];
                }
                if (random.nextInt(4) == 0) {
                    strides[random.nextInt(n)] = 1 + random.nextInt(9);
                }
                r[k] = Region.of(start, shape, strides, unit[k]);
                bytes.add(bytes(start, shape, strides, unit[k]));
            }
            TreeSet<Long> shared = new TreeSet<>(bytes.get(0));
            shared.retainAll(bytes.get(1));
            OverlapRange o = r[0].overlap(r[1]);
            sharedTrials += shared.isEmpty() ? 0 : 1;
            if (shared.isEmpty()) {
                assertThat(o == null || !o.exact()).as("trial %d: %s vs %s", trial, r[0], r[1]).isTrue();
            } else {
                assertThat(o).as("trial %d: %s vs %s", trial, r[0], r[1]).isNotNull();
                int scale = o.bytes() ? 1 : unit[0];
                long lo = o.lo() * scale;
                long hi = o.hi() * scale + scale - 1;
                if (o.exact()) {
                    exact++;
                    assertThat(new long[] {lo, hi}).as("trial %d: %s vs %s", trial, r[0], r[1])
                            .containsExactly(shared.first(), shared.last());
                } else {
                    assertThat(lo).isLessThanOrEqualTo(shared.first());
                    assertThat(hi).isGreaterThanOrEqualTo(shared.last());
                }
            }
            if (r[0].covers(r[1])) {
                assertThat(bytes.get(0)).as("trial %d: %s covers %s", trial, r[0], r[1]).containsAll(bytes.get(1));
            }
        }
        assertThat(sharedTrials).as("trials whose views share a byte").isGreaterThan(3_000);
        assertThat(exact).as("of those, trials with an exact shared range").isGreaterThan(sharedTrials * 3 / 4);
    }

    private static TreeSet<Long> bytes(long start, int[] shape, long[] strides, int unit) {
        TreeSet<Long> out = new TreeSet<>();
        int n = shape.length;
        for (int s : shape) {
            if (s == 0) {
                return out;
            }
        }
        int[] c = new int[n];
        while (true) {
            long e = start;
            for (int i = 0; i < n; i++) {
                e += c[i] * strides[i];
            }
            for (int b = 0; b < unit; b++) {
                out.add(e * unit + b);
            }
            int d = n - 1;
            while (d >= 0 && ++c[d] == shape[d]) {
                c[d--] = 0;
            }
            if (d < 0) {
                return out;
            }
        }
    }
}
