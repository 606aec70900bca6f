package io.ptosim.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The TensorMap's measured box test must answer exactly as {@link Overlap#check} on any pair of views. */
class RowMajorBoxTest {
    private static final long ADDR = 0x4000;

    @Test
    void lookupsReportExactlyTheOverlapsOfTheReferenceTest() {
        Random random = new Random(20_240_611);
        int compared = 0;
        int[] seen = new int[Overlap.values().length];
        for (int round = 0; round < 200; round++) {
            List<TensorView> views = new ArrayList<>();
            while (views.size() < 40) {
                TensorView v = randomView(random);
                if (v != null) {
                    views.add(v);
                }
            }
            TensorMap map = new TensorMap(4, 64, new int[] {64, 64, 64, 64});
            for (int i = 0; i < views.size(); i++) {
                map.insert(views.get(i), TaskId.of(0, i));
            }
            for (TensorView probe : views) {
                Map<Long, Overlap> got = new HashMap<>();
                map.lookup(probe, (e, p, v, o) -> got.put(p, o));
                for (int i = 0; i < views.size(); i++) {
                    Overlap expected = Overlap.check(probe, views.get(i));
                    seen[expected.ordinal()]++;
                    compared++;
                    assertThat(got.getOrDefault(TaskId.of(0, i), Overlap.NO_OVERLAP))
                            .as("probe %s, entry %s", probe, views.get(i)).isEqualTo(expected);
                }
            }
        }
        assertThat(compared).isEqualTo(200 * 40 * 40);
        for (Overlap o : Overlap.values()) {
            assertThat(seen[o.ordinal()]).as("cases answered %s", o).isGreaterThan(compared / 100);
        }
    }

    /** Mostly sub-boxes of row-major (sometimes padded) grids, some with arbitrary strides; null if invalid. */
    private static TensorView randomView(Random random) {
        DataType dtype = random.nextInt(4) == 0 ? DataType.BFLOAT16 : DataType.FLOAT32;
        int n = 1 + random.nextInt(3);
        int[] grid = new int[n];
        for (int i = 0; i < n; i++) {
            grid[i] = 1 + random.nextInt(6);
        }
        int version = random.nextInt(5) == 0 ? 1 : 0;
        try {
            if (random.nextInt(4) > 0) {
                long[] strides = Strides.rowMajor(grid);
                long numel = Strides.numel(grid) * (random.nextInt(3) == 0 ? 2 : 1) + (random.nextInt(6) == 0 ? 3 : 0);
                int[] shape = new int[n];
                long[] offsets = new long[n];
                for (int i = 0; i < n; i++) {
                    shape[i] = random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(grid[i]);
                    offsets[i] = random.nextInt(grid[i] - Math.max(shape[i], 1) + 1);
                }
                TensorView whole = new TensorView(ADDR, numel * dtype.bytes(), dtype, grid, strides, 0, version,
                        TaskId.INVALID, false);
                TensorView box = whole.view(shape, offsets);
                return random.nextInt(6) == 0 && n > 1 ? box.transpose(0, n - 1) : box;
            }
            long[] strides = new long[n];
            for (int i = 0; i < n; i++) {
                strides[i] = 1 + random.nextInt(8);
            }
            return new TensorView(ADDR, 256L * dtype.bytes(), dtype, grid, strides, random.nextInt(40), version,
                    TaskId.INVALID, false);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
