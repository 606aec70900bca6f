package io.ptosim.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Spec §11 allocator scenarios 14, 16-21 on the heap (heap 4096 B). */
class HeapRingTest {
    private static final long BASE = 0x10_0000;
    private final HeapRing heap = new HeapRing(BASE, 4096);

    @Test
    void scenario14BlocksAreSixtyFourByteAligned() {
        assertThat(heap.allocate(100, 0)).isEqualTo(BASE);
        assertThat(heap.top()).isEqualTo(128);
        HeapRing fresh = new HeapRing(BASE, 4096);
        fresh.allocate(1, 0);
        assertThat(fresh.top()).isEqualTo(64);
        fresh.allocate(33, 1);
        assertThat(fresh.top()).isEqualTo(128);
        fresh.allocate(64, 2);
        assertThat(fresh.top()).isEqualTo(192);
    }

    @Test
    void scenario16AFullHeapAndAnOversizedRequestFail() {
        assertThat(heap.allocate(4096, 0)).isEqualTo(BASE);
        assertThat(heap.allocate(64, 1)).isEqualTo(-1);
        assertThat(new HeapRing(BASE, 4096).allocate(8192, 0)).isEqualTo(-1);
    }

    @Test
    void scenario17WrappingNeedsTheTailStrictlyBeyondTheRequest() {
        heap.allocate(4096, 0);
        heap.setTail(64);
        assertThat(heap.allocate(64, 1)).isEqualTo(-1);
        heap.setTail(128);
        assertThat(heap.allocate(64, 1)).isEqualTo(BASE);
        assertThat(heap.top()).isEqualTo(64);
    }

    @Test
    void scenario18AnEmptyHeapRebasesAndTheTailWaitsForTheRebasingTask() {
        assertThat(heap.allocate(3000, 0)).isEqualTo(BASE);
        assertThat(heap.top()).isEqualTo(3008);
        assertThat(heap.allocate(0, 1)).isEqualTo(BASE + 3008);
        heap.retire(1, BASE + 3008);
        assertThat(heap.allocate(3000, 2)).isEqualTo(BASE);
        assertThat(heap.top()).isEqualTo(3008);
        assertThat(heap.tail()).isZero();
        heap.retire(2, BASE + 3008);
        assertThat(heap.tail()).isZero();
        assertThat(heap.used()).isEqualTo(3008);
        heap.retire(3, BASE + 3008);
        assertThat(heap.used()).isZero();
    }

    @Test
    void scenario19AWrappedBlockNeedsAStrictlyLargerGap() {
        heap.allocate(4032, 0);
        heap.setTail(4032);
        assertThat(heap.allocate(128, 1)).isEqualTo(BASE);
        assertThat(heap.top()).isEqualTo(128);
        assertThat(heap.allocate(3904, 2)).isEqualTo(-1);
    }

    @Test
    void scenario20ZeroSizeBlocksAliasAndMoveNothing() {
        assertThat(heap.allocate(0, 0)).isEqualTo(BASE);
        assertThat(heap.allocate(0, 1)).isEqualTo(BASE);
        assertThat(heap.top()).isZero();
    }

    @Test
    void scenario21AvailableIsTheLargerOfTheTopGapAndTheWrapGap() {
        heap.allocate(3008, 0);
        heap.setTail(1024);
        assertThat(heap.available()).isEqualTo(1088);
        assertThat(heap.used()).isEqualTo(1984);
    }

    @Test
    void fitsAnswersExactlyWhatAllocateWouldDo() {
        io.ptosim.des.RandomStream r = new io.ptosim.des.RandomStreams(7).stream("heap-fits");
        HeapRing h = new HeapRing(BASE, 4096);
        for (int i = 0; i < 20_000; i++) {
            long bytes = r.nextInt(4) == 0 ? 0 : r.nextLong(1, 2048);
            boolean fits = h.fits(bytes);
            assertThat(h.allocate(bytes, i) != -1).as("step %d, %d bytes", i, bytes).isEqualTo(fits);
            if (r.nextInt(3) == 0) {
                h.setTail(r.nextLong(4096));
            }
        }
    }
}
