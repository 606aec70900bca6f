package io.ptosim.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * The MANUAL_HYBRID scope's same-scope edges (the PR #482 design, spec §7.2): recorded per consumer at
 * submit and by {@code add_dependency}, linked when the scope ends, after which each of its tasks is
 * published in submit order.
 */
final class HybridScope {
    /** {@code PTO2_MAX_INPUTS} of the PR #482 era: most unique fanins when explicit edges are added. */
    private static final int MAX_INPUTS = 16;

    private final TaskTable table;
    private final DepListPool[] depPools;
    private final ScopeStack scopes;
    private final Retirement retirement;
    private final FatalLatch fatal;
    private final IntConsumer notePeaks;
    /** Same-scope producers per consumer, linked at scope end; looked up, iterated in scope order. */
    private final Map<Long, List<Long>> deferred = new LinkedHashMap<>();
    /** The edges the last scope end linked, as producer, consumer pairs. */
    private long[] linked = new long[16];
    private int linkedPairs;

    HybridScope(TaskTable table, DepListPool[] depPools, ScopeStack scopes, Retirement retirement, FatalLatch fatal,
            IntConsumer notePeaks) {
        this.table = table;
        this.depPools = depPools;
        this.scopes = scopes;
        this.retirement = retirement;
        this.fatal = fatal;
        this.notePeaks = notePeaks;
    }

    /** A submitted task's same-scope producers, to link at scope end. */
    void defer(long consumer, List<Long> producers) {
        deferred.put(consumer, new ArrayList<>(producers));
    }

    /** {@code add_dependency(producer, consumer)} inside the current MANUAL_HYBRID scope. */
    Optional<SubmitOutcome.Fatal> addDependency(long producer, long consumer) {
        if (!scopes.inCurrentHybrid(producer) || !scopes.inCurrentHybrid(consumer)) {
            return Optional.of(fatal.latch(ErrorCode.INVALID_ARGS, "add_dependency: " + TaskId.display(producer)
                    + " and " + TaskId.display(consumer) + " must both belong to the current manual scope"));
        }
        List<Long> pending = deferred.computeIfAbsent(consumer, c -> new ArrayList<>());
        int cr = TaskId.ring(consumer);
        int cs = table.slot(consumer);
        int wiredCount = table.faninSize[cr][cs];
        for (int k = 0; k < wiredCount; k++) {
            if (table.faninId(cr, cs, k) == producer) {
                return Optional.empty();
            }
        }
        if (pending.contains(producer)) {
            return Optional.empty();
        }
        if (wiredCount + pending.size() + 1 > MAX_INPUTS) {
            return Optional.of(fatal.latch(ErrorCode.DEPENDENCY_OVERFLOW, ErrorCode.DEPENDENCY_OVERFLOW.text(null)
                    + ": " + TaskId.display(consumer) + " would have more than " + MAX_INPUTS + " fanins"));
        }
        pending.add(producer);
        table.faninCount[TaskId.ring(consumer)][table.slot(consumer)] += 1;
        return Optional.empty();
    }

    /** A scope end starts: forget the edges the previous one linked. */
    void clearLinked() {
        linkedPairs = 0;
    }

    /** The scope's end: links the deferred edges, then publishes each task, in submit order. */
    Optional<SubmitOutcome.Fatal> end(long[] tasks) {
        for (long t : tasks) {
            int r = TaskId.ring(t);
            int s = table.slot(t);
            List<Long> producers = deferred.getOrDefault(t, List.of());
            int waiting = 0;
            for (long p : producers) {
                waiting += table.stateOf(p) == TaskState.PENDING ? 1 : 0;
            }
            DepListPool pool = depPools[r];
            if (pool.capacity() - pool.used() < waiting) {
                retirement.reclaimDepPool(r);
                if (pool.capacity() - pool.used() < waiting) {
                    return Optional.of(fatal.latch(ErrorCode.DEP_POOL_OVERFLOW, r, ErrorCode.DEP_POOL_OVERFLOW.text(r)
                            + ": manual scope end needs " + waiting + " fanout nodes"));
                }
            }
            int k = table.faninSize[r][s];
            table.reserveFanins(r, s, k + producers.size());
            for (long p : producers) {
                int pr = TaskId.ring(p);
                int ps = table.slot(p);
                table.fanoutCount[pr][ps] += 1;
                if (table.state[pr][ps] != TaskState.PENDING) {
                    table.faninRefcount[r][s] += 1;
                } else {
                    int node = pool.prepend(table.fanoutHead[pr][ps], t);
                    table.fanoutHead[pr][ps] = ((long) r << 32) | node;
                }
                table.setFanin(r, s, k, p, (byte) (TaskTable.WAIT | TaskTable.RETAIN));
                k++;
                if (2 * linkedPairs + 2 > linked.length) {
                    linked = Arrays.copyOf(linked, 2 * linked.length);
                }
                linked[2 * linkedPairs] = p;
                linked[2 * linkedPairs + 1] = t;
                linkedPairs++;
            }
            table.faninSize[r][s] = k;
            int m = table.mark(t);
            table.depPoolMark[r][m] = Math.max(table.depPoolMark[r][m], pool.top());
            notePeaks.accept(r);
        }
        for (long t : tasks) {
            deferred.remove(t);
            int r = TaskId.ring(t);
            int s = table.slot(t);
            if (table.state[r][s] == TaskState.PENDING) {
                if (++table.faninRefcount[r][s] == table.faninCount[r][s]) {
                    retirement.route(t, table.shape[r][s]);
                }
            }
        }
        return Optional.empty();
    }

    /** The edges the last scope end linked, as {@code [producer, consumer, ...]}. */
    long[] linked() {
        return Arrays.copyOf(linked, 2 * linkedPairs);
    }

    int linkedCount() {
        return linkedPairs;
    }
}
