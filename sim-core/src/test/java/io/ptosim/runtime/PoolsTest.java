package io.ptosim.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spec §11 scenarios 15, 22 (task window) and 23-25 (dep-list pool), and the error texts of §10. */
class PoolsTest {

    @Test
    void scenario15AWindowOfSixteenHoldsFifteenLiveTasks() {
        TaskRing ring = new TaskRing(16, 0);
        for (int i = 0; i < 15; i++) {
            assertThat(ring.allocate()).isEqualTo(i);
        }
        assertThat(ring.allocate()).isEqualTo(-1);
        ring.advanceTo(1);
        assertThat(ring.allocate()).isEqualTo(15);
        assertThat(ring.slot(15)).isEqualTo(15);
        assertThat(ring.live()).isEqualTo(15);
    }

    @Test
    void scenario22IdsNearTheInt32LimitKeepTheirSlotsInRange() {
        long first = Integer.MAX_VALUE - 2L;
        TaskRing ring = new TaskRing(16, first);
        for (long id = first; id <= Integer.MAX_VALUE; id++) {
            assertThat(ring.allocate()).isEqualTo(id);
            assertThat(ring.slot(id)).isBetween(0, 15);
        }
    }

    @Test
    void theWatermarkNeverPassesTheNextId() {
        TaskRing ring = new TaskRing(8, 0);
        ring.allocate();
        assertThatThrownBy(() -> ring.advanceTo(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("watermark 2 passes the next id 1");
        assertThatThrownBy(() -> new TaskRing(12, 0)).hasMessage("task window 12; expected a power of two >= 4");
    }

    @Test
    void scenario23EightNodesThenNothingCountersStartAtOne() {
        DepListPool pool = new DepListPool(8);
        assertThat(pool.top()).isEqualTo(1);
        assertThat(pool.tail()).isEqualTo(1);
        for (int i = 0; i < 8; i++) {
            assertThat(pool.allocate()).isNotEqualTo(DepListPool.NIL);
        }
        assertThat(pool.allocate()).isEqualTo(DepListPool.NIL);
    }

    @Test
    void scenario24PrependsMakeANewestFirstList() {
        DepListPool pool = new DepListPool(8);
        long head = DepListPool.NIL;
        for (long c = 1; c <= 5; c++) {
            head = pool.prepend(head, c);
        }
        List<Long> list = new ArrayList<>();
        for (long n = head; n != DepListPool.NIL; n = pool.next((int) n)) {
            list.add(pool.consumer((int) n));
        }
        assertThat(list).containsExactly(5L, 4L, 3L, 2L, 1L);
    }

    @Test
    void scenario25TheTailOnlyMovesForwardAndTheHighWaterStays() {
        DepListPool pool = new DepListPool(8);
        for (int i = 0; i < 4; i++) {
            pool.allocate();
        }
        assertThat(pool.top()).isEqualTo(5);
        pool.advanceTail(4);
        assertThat(pool.used()).isEqualTo(1);
        pool.advanceTail(2);
        assertThat(pool.tail()).isEqualTo(4);
        assertThat(pool.highWater()).isEqualTo(4);
    }

    @Test
    void aLargePoolKeepsItsNodesAcrossGrowthAndWrapsAtItsCapacity() {
        DepListPool pool = new DepListPool(1000);
        long head = DepListPool.NIL;
        for (long c = 1; c <= 1000; c++) {
            head = pool.prepend(head, c);
        }
        assertThat(pool.allocate()).isEqualTo(DepListPool.NIL);
        long expected = 1000;
        for (long n = head; n != DepListPool.NIL; n = pool.next((int) n)) {
            assertThat(pool.consumer((int) n)).isEqualTo(expected--);
        }
        assertThat(expected).isZero();
        pool.advanceTail(11);
        assertThat(pool.prepend(head, 1001)).as("counter 1001 wraps to node 1").isEqualTo(1);
        assertThat(pool.consumer(1)).isEqualTo(1001);
        assertThat(pool.consumer(999)).isEqualTo(999);
        assertThat(pool.capacity()).isEqualTo(1000);
    }

    @Test
    void errorCodesCarryTheSpecTexts() {
        assertThat(ErrorCode.SCOPE_DEADLOCK.text(1)).isEqualTo("FATAL: Scope Deadlock Detected! (ring 1)");
        assertThat(ErrorCode.HEAP_RING_DEADLOCK.text(1)).isEqualTo("FATAL: Task Allocator Deadlock - Heap Exhausted! ring=1");
        assertThat(ErrorCode.FLOW_CONTROL_DEADLOCK.text(0)).isEqualTo("FATAL: Task Allocator Deadlock - Task Ring Full! ring=0");
        assertThat(ErrorCode.INVALID_ARGS.text(null)).isEqualTo("FATAL: Invalid Arg Detected!");
        assertThat(ErrorCode.TENSORMAP_OVERFLOW.code()).isEqualTo(11);
    }
}
