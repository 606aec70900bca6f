package io.ptosim.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.des.RandomStream;
import io.ptosim.des.RandomStreams;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The device allocator against a model: first fit over the gaps between live blocks, never overlapping. */
class DeviceAllocatorTest {
    private static final long BASE = 0x1000_0000_0000L;
    private static final long CAPACITY = 64 * 1024;

    /** The lowest address where {@code size} bytes fit between the live blocks, or -1. */
    private static long firstFit(TreeMap<Long, Long> live, long size) {
        long at = BASE;
        for (var b : live.entrySet()) {
            if (b.getKey() - at >= size) {
                return at;
            }
            at = b.getKey() + b.getValue();
        }
        return BASE + CAPACITY - at >= size ? at : -1;
    }

    @Test
    void randomAllocationsAndFreesMatchFirstFitOverTheGapsAndNeverOverlap() {
        for (long seed = 0; seed < 20; seed++) {
            RandomStream r = new RandomStreams(seed).stream("device-allocator");
            DeviceAllocator a = new DeviceAllocator(BASE, CAPACITY);
            TreeMap<Long, Long> live = new TreeMap<>();
            List<Long> ptrs = new ArrayList<>();
            int failures = 0;
            for (int step = 0; step < 2_000; step++) {
                if (ptrs.isEmpty() || r.nextInt(3) > 0) {
                    long bytes = 1 + r.nextInt(4 * 1024);
                    long size = (bytes + 511) / 512 * 512;
                    long expected = firstFit(live, size);
                    long got = a.allocate(bytes);
                    assertThat(got).as("seed %d step %d: allocate(%d)", seed, step, bytes).isEqualTo(expected);
                    if (got >= 0) {
                        live.put(got, size);
                        ptrs.add(got);
                    } else {
                        failures++;
                    }
                } else {
                    long p = ptrs.remove(r.nextInt(ptrs.size()));
                    assertThat(a.free(p)).isTrue();
                    live.remove(p);
                }
                assertThat(a.committed()).isEqualTo(live.values().stream().mapToLong(Long::longValue).sum());
            }
            assertThat(failures).as("seed %d: the heap fills up sometimes", seed).isPositive();
        }
    }

    @Test
    void freeingAnUnknownOrFreedBlockChangesNothing() {
        DeviceAllocator a = new DeviceAllocator(BASE, 4096);
        long p = a.allocate(100);
        assertThat(a.free(p + 512)).isFalse();
        assertThat(a.free(p)).isTrue();
        assertThat(a.free(p)).isFalse();
        assertThat(a.committed()).isZero();
        assertThat(a.allocate(4096)).as("the whole range merged back").isEqualTo(BASE);
    }
}
