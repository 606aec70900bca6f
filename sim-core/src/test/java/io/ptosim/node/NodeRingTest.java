package io.ptosim.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptosim.des.RandomStream;
import io.ptosim.des.RandomStreams;
import io.ptosim.des.Simulation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The node's Ring (spec §7), scenarios 1 to 10 of spec §15, plus a seeded check against a model. */
class NodeRingTest {
    private static final long BASE = 1L << 32;
    private static final long KIB = 1024;
    private static final long MS = 1_000_000;

    /** What a blocking alloc reported, and when. */
    private static final class Outcome {
        final List<NodeRing.Allocation> granted = new ArrayList<>();
        final List<Long> grantedAt = new ArrayList<>();
        final List<String> timedOut = new ArrayList<>();
        final List<Long> timedOutAt = new ArrayList<>();

        void alloc(NodeRing ring, Simulation sim, long bytes, int depth, long timeoutNs) {
            ring.alloc(sim, bytes, depth, timeoutNs, a -> {
                granted.add(a);
                grantedAt.add(sim.now());
            }, m -> {
                timedOut.add(m);
                timedOutAt.add(sim.now());
            });
        }
    }

    @Test
    void scenario01_slotOnlyAllocsWithTheHeapOff() {
        NodeRing ring = new NodeRing(0, 0);
        for (int i = 0; i < 8; i++) {
            NodeRing.Allocation a = ring.tryAlloc(0, 0);
            assertThat(a).isEqualTo(new NodeRing.Allocation(i, 0, 0, 0, i));
        }
        NodeRing many = new NodeRing(0, 0);
        for (int i = 0; i < 2048; i++) {
            many.tryAlloc(0, 0);
        }
        assertThat(many.activeCount()).isEqualTo(2048);
        assertThat(many.nextTaskId()).isEqualTo(2048);
    }

    @Test
    void scenario02_slabsAreAlignedAndOversizeOrDisabledRequestsThrow() {
        NodeRing ring = new NodeRing(8 * KIB, BASE);
        NodeRing.Allocation a = ring.tryAlloc(100, 0);
        NodeRing.Allocation b = ring.tryAlloc(100, 0);
        assertThat(a).isEqualTo(new NodeRing.Allocation(0, BASE, 100, 0, 0));
        assertThat(a.ptr() % NodeRing.HEAP_ALIGN).isZero();
        assertThat(b.ptr()).isEqualTo(a.ptr() + 1024);
        assertThat(ring.top(0)).isEqualTo(2048);
        assertThatThrownBy(() -> ring.tryAlloc(8193, 0)).isInstanceOf(NodeProgramException.class)
                .hasMessage("alloc of 8193 bytes (aligned up to 1024) exceeds the ring size 8192 bytes of ring 0");
        assertThat(ring.tryAlloc(8192 - 2048, 0)).as("exactly the rest fits").isNotNull();
        NodeRing off = new NodeRing(0, 0);
        assertThatThrownBy(() -> off.tryAlloc(32, 0)).isInstanceOf(NodeProgramException.class)
                .hasMessage("heap is disabled (heap_ring_size 0) but 32 bytes were requested");
        assertThat(off.nextTaskId()).isZero();
    }

    @Test
    void scenario03_releaseOutOfOrderDoesNotFreeUntilOldestReleased() {
        Simulation sim = new Simulation(3);
        NodeRing ring = new NodeRing(4 * KIB, BASE);
        for (int i = 0; i < 4; i++) {
            assertThat(ring.tryAlloc(100, 0).taskId()).isEqualTo(i);
        }
        ring.release(2);
        assertThat(ring.tail(0)).isZero();
        assertThat(ring.activeCount()).isEqualTo(4);
        Outcome o = new Outcome();
        o.alloc(ring, sim, 100, 0, 500 * MS);
        assertThat(ring.waiters()).isEqualTo(1);
        sim.run();
        assertThat(o.granted).isEmpty();
        assertThat(o.timedOutAt).containsExactly(500 * MS);
        assertThat(o.timedOut).containsExactly("heap exhausted: ring 0 cannot fit 100 bytes (size 4096, top 4096, "
                + "tail 0) after waiting 500 ms; increase heap_ring_size");
        assertThat(ring.waiters()).isZero();
        assertThat(ring.nextTaskId()).as("a timed-out alloc takes no id").isEqualTo(4);

        ring.release(0);
        assertThat(ring.tail(0)).isEqualTo(1024);
        ring.release(1);
        assertThat(ring.tail(0)).as("passes #1 and the already released #2").isEqualTo(3072);
        assertThat(ring.activeCount()).isEqualTo(1);
        o.alloc(ring, sim, 100, 0, 500 * MS);
        assertThat(o.granted).as("granted synchronously").containsExactly(new NodeRing.Allocation(4, BASE, 100, 0, 4));
        assertThat(sim.pending()).isZero();
    }

    @Test
    void scenario04_wrapsToTheRingBaseOnceTheOldestAreReleased() {
        NodeRing ring = new NodeRing(4 * KIB, BASE);
        for (int i = 0; i < 4; i++) {
            assertThat(ring.tryAlloc(1024, 0).ptr()).isEqualTo(BASE + i * 1024L);
        }
        ring.release(0);
        ring.release(1);
        assertThat(ring.tryAlloc(1024, 0)).isEqualTo(new NodeRing.Allocation(4, BASE, 1024, 0, 4));
        assertThat(ring.top(0)).isEqualTo(1024);
        assertThat(ring.tail(0)).isEqualTo(2048);
        assertThat(ring.tryAlloc(1024, 0)).as("tail - top = 1024 is not > 1024").isNull();
    }

    @Test
    void scenario05_aBlockedAllocIsGrantedWhenBothReleasesMakeRoom() {
        Simulation sim = new Simulation(5);
        NodeRing ring = new NodeRing(2 * KIB, BASE);
        ring.tryAlloc(1024, 0);
        ring.tryAlloc(1024, 0);
        Outcome o = new Outcome();
        o.alloc(ring, sim, 1024, 0, 0);
        assertThat(ring.waiters()).isEqualTo(1);
        sim.schedule(20 * MS, () -> {
            ring.release(0);
            ring.release(1);
            assertThat(o.granted).as("delivered as an event, not inside release").isEmpty();
            assertThat(ring.waiters()).isZero();
        });
        sim.run();
        assertThat(o.granted).containsExactly(new NodeRing.Allocation(2, BASE, 1024, 0, 2));
        assertThat(o.grantedAt).containsExactly(20 * MS);
        assertThat(o.timedOut).isEmpty();
        assertThat(sim.now()).as("the timeout was cancelled").isEqualTo(20 * MS);
    }

    @Test
    void scenario05_releasingOnlyTheFirstDoesNotUnblockBecauseTailMustExceedTheSlab() {
        Simulation sim = new Simulation(5);
        NodeRing ring = new NodeRing(2 * KIB, BASE);
        ring.tryAlloc(1024, 0);
        ring.tryAlloc(1024, 0);
        Outcome o = new Outcome();
        o.alloc(ring, sim, 1024, 0, 100 * MS);
        sim.schedule(20 * MS, () -> ring.release(0));
        sim.run();
        assertThat(o.granted).isEmpty();
        assertThat(o.timedOutAt).containsExactly(100 * MS);
        assertThat(o.timedOut).containsExactly("heap exhausted: ring 0 cannot fit 1024 bytes (size 2048, top 2048, "
                + "tail 1024) after waiting 100 ms; increase heap_ring_size");
    }

    @Test
    void scenario06_aFullHeapTimesOutOrShutdownGrantsInvalid() {
        Simulation sim = new Simulation(6);
        NodeRing ring = new NodeRing(2 * KIB, BASE);
        ring.tryAlloc(2048, 0);
        Outcome o = new Outcome();
        o.alloc(ring, sim, 1, 0, 50 * MS);
        sim.run();
        assertThat(o.timedOutAt).containsExactly(50 * MS);
        assertThat(o.timedOut).containsExactly("heap exhausted: ring 0 cannot fit 1 bytes (size 2048, top 2048, "
                + "tail 0) after waiting 50 ms; increase heap_ring_size");
        assertThat(o.granted).isEmpty();

        Simulation sim2 = new Simulation(6);
        NodeRing full = new NodeRing(2 * KIB, BASE);
        full.tryAlloc(2048, 0);
        Outcome o2 = new Outcome();
        o2.alloc(full, sim2, 1, 0, 5_000 * MS);
        sim2.schedule(20 * MS, full::shutdown);
        sim2.run();
        assertThat(o2.granted).containsExactly(NodeRing.Allocation.INVALID);
        assertThat(o2.granted.get(0).taskId()).isEqualTo(-1);
        assertThat(o2.granted.get(0).ptr()).isZero();
        assertThat(o2.grantedAt).containsExactly(20 * MS);
        assertThat(o2.timedOut).isEmpty();
        assertThat(sim2.now()).as("the 5 s timeout was cancelled").isEqualTo(20 * MS);
        assertThat(full.tryAlloc(0, 0)).isSameAs(NodeRing.Allocation.INVALID);
        assertThat(full.isShutdown()).isTrue();
    }

    @Test
    void scenario07_resetNeedsEveryTaskReleasedAndRestartsIds() {
        NodeRing ring = new NodeRing(4 * KIB, BASE);
        ring.tryAlloc(100, 0);
        assertThatThrownBy(ring::resetToEmpty).isInstanceOf(IllegalStateException.class)
                .hasMessage("reset_to_empty with 1 live tasks; expected every ring fully released");
        ring.tryAlloc(100, 1);
        ring.release(0);
        ring.release(1);
        assertThat(ring.activeCount()).isZero();
        assertThat(ring.nextTaskId()).isEqualTo(2);
        ring.resetToEmpty();
        assertThat(ring.nextTaskId()).isZero();
        assertThat(ring.top(0)).isZero();
        assertThat(ring.tail(1)).isZero();
        assertThat(ring.tryAlloc(100, 0)).isEqualTo(new NodeRing.Allocation(0, BASE, 100, 0, 0));
    }

    @Test
    void scenario08_depthSelectsTheRingAndEachRingCountsItsOwnSlots() {
        assertThat(NodeRing.ringOf(0)).isZero();
        assertThat(NodeRing.ringOf(1)).isEqualTo(1);
        assertThat(NodeRing.ringOf(2)).isEqualTo(2);
        assertThat(NodeRing.ringOf(3)).isEqualTo(3);
        assertThat(NodeRing.ringOf(4)).isEqualTo(3);
        assertThat(NodeRing.ringOf(64)).isEqualTo(3);
        assertThat(NodeRing.ringOf(-1)).isZero();

        long heap = 4 * KIB;
        NodeRing ring = new NodeRing(heap, BASE);
        int[] depths = {0, 1, 2, 3, 7};
        int[] rings = {0, 1, 2, 3, 3};
        long[] ptrs = {BASE, BASE + heap, BASE + 2 * heap, BASE + 3 * heap, BASE + 3 * heap + 1024};
        for (int i = 0; i < depths.length; i++) {
            NodeRing.Allocation a = ring.tryAlloc(100, depths[i]);
            assertThat(a.ring()).isEqualTo(rings[i]);
            assertThat(a.ptr()).isEqualTo(ptrs[i]);
            assertThat(a.ptr()).isBetween(ring.ringBase(a.ring()), ring.ringBase(a.ring()) + heap - 1);
        }

        NodeRing fresh = new NodeRing(heap, BASE);
        assertThat(fresh.tryAlloc(100, 2).ringSlotIdx()).isZero();
        assertThat(fresh.tryAlloc(100, 2).ringSlotIdx()).isEqualTo(1);
        NodeRing.Allocation r0 = fresh.tryAlloc(100, 0);
        assertThat(r0.ringSlotIdx()).isZero();
        assertThat(r0.taskId()).as("task ids are global").isEqualTo(2);
    }

    @Test
    void scenario09_ringsAreIndependent() {
        Simulation sim = new Simulation(9);
        NodeRing ring = new NodeRing(2 * KIB, BASE);
        ring.tryAlloc(1024, 1);
        ring.tryAlloc(1024, 1);
        assertThat(ring.tryAlloc(1024, 0).ptr()).isEqualTo(BASE);
        assertThat(ring.tryAlloc(1024, 3).ptr()).isEqualTo(BASE + 3 * 2 * KIB);
        Outcome o = new Outcome();
        o.alloc(ring, sim, 1024, 1, 100 * MS);
        sim.run();
        assertThat(o.granted).isEmpty();
        assertThat(o.timedOutAt).containsExactly(100 * MS);
        assertThat(o.timedOut).containsExactly("heap exhausted: ring 1 cannot fit 1024 bytes (size 2048, top 2048, "
                + "tail 0) after waiting 100 ms; increase heap_ring_size");
    }

    @Test
    void scenario10_cyclingOneRingLeavesAnotherRingsCursorsAlone() {
        NodeRing ring = new NodeRing(4 * KIB, BASE);
        ring.tryAlloc(1024, 0);
        for (int i = 0; i < 8; i++) {
            NodeRing.Allocation a = ring.tryAlloc(1024, 1);
            assertThat(a.ptr()).isEqualTo(BASE + 4 * KIB + (i % 4) * 1024L);
            assertThat(a.ringSlotIdx()).isEqualTo(i);
            ring.release(a.taskId());
        }
        assertThat(ring.top(0)).isEqualTo(1024);
        assertThat(ring.tail(0)).isZero();
        assertThat(ring.top(1)).isEqualTo(ring.tail(1)).isEqualTo(4096);
        assertThat(ring.activeCount()).isEqualTo(1);
    }

    @Test
    void releaseIsIdempotentAndRejectsUnknownIds() {
        NodeRing ring = new NodeRing(0, 0);
        ring.tryAlloc(0, 0);
        ring.tryAlloc(0, 0);
        ring.release(0);
        ring.release(0);
        assertThat(ring.activeCount()).isEqualTo(1);
        assertThatThrownBy(() -> ring.release(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("release of task 2; expected an allocated task id in [0, 2)");
        assertThatThrownBy(() -> ring.release(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ring.top(4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ring 4; expected 0 to 3");
    }

    @Test
    void zeroByteAllocsTakeNoSlabButMoveTheTailToTheTopTheySaw() {
        NodeRing ring = new NodeRing(4 * KIB, BASE);
        ring.tryAlloc(1024, 0);
        NodeRing.Allocation slotOnly = ring.tryAlloc(0, 0);
        assertThat(slotOnly).isEqualTo(new NodeRing.Allocation(1, 0, 0, 0, 1));
        ring.release(0);
        ring.release(1);
        assertThat(ring.tail(0)).isEqualTo(1024);
        assertThat(ring.top(0)).isEqualTo(1024);
    }

    @Test
    void aWholeRingSlabNeverFitsAgainAfterTheFirstUntilReset() {
        // the bump rules as specified: empty at top == tail == size, a size-n slab needs tail > n to wrap
        NodeRing ring = new NodeRing(2 * KIB, BASE);
        ring.release(ring.tryAlloc(2048, 0).taskId());
        assertThat(ring.activeCount()).isZero();
        assertThat(ring.tryAlloc(2048, 0)).isNull();
        assertThat(ring.tryAlloc(1024, 0).ptr()).isEqualTo(BASE);
        ring.release(1);
        ring.resetToEmpty();
        assertThat(ring.tryAlloc(2048, 0).ptr()).isEqualTo(BASE);
    }

    @Test
    void waitersOfOneRingAreGrantedInOrderAndOtherRingsDoNotWait() {
        Simulation sim = new Simulation(11);
        NodeRing ring = new NodeRing(2 * KIB, BASE);
        ring.tryAlloc(1024, 0);
        ring.tryAlloc(1024, 0);
        Outcome first = new Outcome();
        Outcome second = new Outcome();
        first.alloc(ring, sim, 2048, 0, 0);
        second.alloc(ring, sim, 1024, 0, 0);
        assertThat(ring.waiters()).isEqualTo(2);
        Outcome other = new Outcome();
        other.alloc(ring, sim, 2048, 1, 0);
        assertThat(other.granted).as("ring 1 is free: granted at once").containsExactly(
                new NodeRing.Allocation(2, BASE + 2 * KIB, 2048, 1, 0));
        sim.schedule(10 * MS, () -> ring.release(0));
        sim.schedule(30 * MS, () -> ring.release(1));
        sim.run();
        assertThat(first.timedOut).as("the first is the whole-ring case: it never fits").hasSize(1);
        assertThat(first.timedOutAt).containsExactly(NodeRing.DEFAULT_TIMEOUT_NS);
        assertThat(second.grantedAt).as("held back behind the first, then granted once it timed out; "
                + "release #1 at 30 ms already let it fit but the first blocked ring 0")
                .containsExactly(NodeRing.DEFAULT_TIMEOUT_NS);
        assertThat(second.granted).containsExactly(new NodeRing.Allocation(3, BASE, 1024, 0, 2));
    }

    /** A model of one ring's heap: its unretired slabs in allocation order. */
    private static final class ModelRing {
        final Deque<long[]> slabs = new ArrayDeque<>(); // {taskId, offset, length, end, released}
        long top;
        long tail;
    }

    @Test
    void seededRandomAllocAndReleaseKeepTheRingInvariants() {
        long heap = 4 * KIB;
        NodeRing ring = new NodeRing(heap, BASE);
        ModelRing[] model = {new ModelRing(), new ModelRing(), new ModelRing(), new ModelRing()};
        RandomStream random = new RandomStreams(20260815).stream("node-ring");
        List<long[]> byId = new ArrayList<>();
        List<Integer> unreleased = new ArrayList<>();
        long allocs = 0;
        long retired = 0;
        int nulls = 0;
        for (int step = 0; step < 2000; step++) {
            if (unreleased.isEmpty() || random.nextBoolean(0.55)) {
                int depth = random.nextInt(-1, 6);
                long bytes = random.nextBoolean(0.1) ? 0 : random.nextLong(1, 3 * heap / 4);
                ModelRing m = model[NodeRing.ringOf(depth)];
                long at = modelPlace(m, bytes, heap);
                NodeRing.Allocation a = ring.tryAlloc(bytes, depth);
                if (at < 0) {
                    assertThat(a).as("step %d: no placement for %d bytes (top %d, tail %d)", step, bytes, m.top, m.tail)
                            .isNull();
                    nulls++;
                    continue;
                }
                assertThat(a).as("step %d: %d bytes fit at %d", step, bytes, at).isNotNull();
                int r = NodeRing.ringOf(depth);
                long n = bytes == 0 ? 0 : NodeRing.alignUp(bytes);
                assertThat(a.taskId()).isEqualTo(allocs);
                assertThat(a.ring()).isEqualTo(r);
                if (bytes == 0) {
                    assertThat(a.ptr()).isZero();
                } else {
                    long regionBase = BASE + r * heap;
                    assertThat(a.ptr()).isEqualTo(regionBase + at);
                    assertThat(a.ptr() % NodeRing.HEAP_ALIGN).isZero();
                    assertThat(a.ptr()).isGreaterThanOrEqualTo(regionBase);
                    assertThat(a.ptr() + n).isLessThanOrEqualTo(regionBase + heap);
                    for (long[] s : m.slabs) {
                        boolean disjoint = at + n <= s[1] || s[1] + s[2] <= at;
                        assertThat(disjoint).as("step %d: [%d,%d) overlaps task %d's [%d,%d)", step, at, at + n, s[0],
                                s[1], s[1] + s[2]).isTrue();
                    }
                }
                long end = bytes == 0 ? m.top : at + n;
                long[] slab = {a.taskId(), at, n, end, 0};
                m.slabs.addLast(slab);
                m.top = end;
                byId.add(slab);
                unreleased.add(a.taskId());
                allocs++;
            } else {
                int id = unreleased.remove(random.nextInt(unreleased.size()));
                ring.release(id);
                if (random.nextBoolean(0.1)) {
                    ring.release(id);
                }
                byId.get(id)[4] = 1;
                for (ModelRing m : model) {
                    while (!m.slabs.isEmpty() && m.slabs.peekFirst()[4] == 1) {
                        m.tail = m.slabs.removeFirst()[3];
                        retired++;
                    }
                }
            }
            assertThat(ring.activeCount()).as("step %d", step).isEqualTo(allocs - retired);
            for (int r = 0; r < NodeRing.RINGS; r++) {
                assertThat(ring.top(r)).isEqualTo(model[r].top);
                assertThat(ring.tail(r)).isEqualTo(model[r].tail);
            }
        }
        assertThat(allocs).isEqualTo(ring.nextTaskId());
        assertThat(new long[] {allocs, retired, nulls}).as("allocs, retired, failed tries for this seed")
                .containsExactly(770, 767, 463);
    }

    /** Where the bump rules place {@code bytes} on {@code m}, or -1. */
    private static long modelPlace(ModelRing m, long bytes, long size) {
        if (bytes == 0) {
            return m.top;
        }
        long n = (bytes + 1023) / 1024 * 1024;
        if (m.top >= m.tail) {
            if (size - m.top >= n) {
                return m.top;
            }
            return m.tail > n ? 0 : -1;
        }
        return m.tail - m.top > n ? m.top : -1;
    }
}
