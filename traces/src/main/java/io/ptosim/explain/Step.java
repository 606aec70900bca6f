package io.ptosim.explain;

import io.ptosim.chip.OrchStep;
import java.util.Map;

/**
 * One step of the critical path: the interval {@code [fromPs, toPs)} of virtual time and what it was
 * spent on. Consecutive steps of a path touch, so a path covers its window without gap or overlap.
 * Task ids are the runtime's ({@code ring << 32 | local}); cores are numbered as the chip numbers them
 * (AIC {@code 0..n-1}, then AIV).
 */
public sealed interface Step {
    /** Where the step starts, ps. */
    long fromPs();

    /** Where it ends, ps. */
    long toPs();

    /** The part its time counts toward. */
    Part part();

    /** A short tag naming the kind in reports and JSON. */
    String kind();

    /** Its length, ps. */
    default long ps() {
        return toPs() - fromPs();
    }

    /**
     * The orchestrator thread ran ops {@code firstOp..lastOp} ({@code -1} when the stretch holds no submit
     * or alloc_tensors interval), {@code submits} submits among them; {@code stepPs} is the time the cost
     * model charged per step kind within the interval, and {@code otherPs} the rest (an op's step beginning
     * on the next nanosecond, the retry after a block).
     */
    record Orchestrator(long fromPs, long toPs, int firstOp, int lastOp, int submits, Map<OrchStep, Long> stepPs,
            long otherPs) implements Step {
        @Override
        public Part part() {
            return Part.ORCHESTRATOR;
        }

        @Override
        public String kind() {
            return "orchestrator";
        }
    }

    /**
     * The orchestrator was blocked on {@code resource} (as the trace names it: "task window (ring 1)",
     * "heap (ring 0)", "dep pool (ring 0)", "tensormap pool (ring 0)", or "tensor wait", which counts as a
     * dependency wait), from the failed attempt to the start of the op that then succeeded.
     */
    record Blocked(long fromPs, long toPs, String resource) implements Step {
        @Override
        public Part part() {
            return resource.startsWith("tensor wait") ? Part.DEPENDENCY_WAIT : Part.RING_BLOCK;
        }

        @Override
        public String kind() {
            return "blocked";
        }
    }

    /**
     * The orchestrator's wait on a ring or pool went on until {@code task} was released: from the task's
     * completion to its release by a scheduler thread (fanout releases, the watermark's advance). Before
     * it, the path follows what the task waited for.
     */
    record Release(long fromPs, long toPs, long task) implements Step {
        @Override
        public Part part() {
            return Part.SCHEDULER;
        }

        @Override
        public String kind() {
            return "release";
        }
    }

    /**
     * {@code consumer} waited for {@code producer} last: from the producer's completion (the end of an
     * alloc_tensors) to the consumer reaching the ready queues.
     */
    record Dependency(long fromPs, long toPs, long producer, long consumer) implements Step {
        @Override
        public Part part() {
            return Part.DEPENDENCY_WAIT;
        }

        @Override
        public String kind() {
            return "dependency";
        }
    }

    /**
     * Scheduler poll/dispatch latency before block {@code block} of {@code task} started on {@code core}:
     * from the task reaching the ready queues, or, when {@code core} was still busy then, from the end of the
     * block before it on that core ({@code afterTask}, else -1).
     */
    record Dispatch(long fromPs, long toPs, long task, int block, int core, long afterTask) implements Step {
        @Override
        public Part part() {
            return Part.SCHEDULER;
        }

        @Override
        public String kind() {
            return "dispatch";
        }
    }

    /**
     * Block {@code block} of {@code task} on {@code core}, past the end it would have had alone on the die:
     * the time its bytes waited for their share of the HBM bandwidth.
     */
    record MemoryWait(long fromPs, long toPs, long task, int block, int core) implements Step {
        @Override
        public Part part() {
            return Part.MEMORY_WAIT;
        }

        @Override
        public String kind() {
            return "memory wait";
        }
    }

    /** Block {@code block} of {@code task} ran on {@code core} as it would have alone (compute and its own bandwidth). */
    record CoreBusy(long fromPs, long toPs, long task, int block, int core) implements Step {
        @Override
        public Part part() {
            return Part.COMPUTE;
        }

        @Override
        public String kind() {
            return "core busy";
        }
    }

    /**
     * From {@code task}'s last block ending (its reaching the ready queues, for a task without kernels) to a
     * scheduler thread completing it: FIN visibility, the poll, the completion.
     */
    record Completion(long fromPs, long toPs, long task) implements Step {
        @Override
        public Part part() {
            return Part.SCHEDULER;
        }

        @Override
        public String kind() {
            return "completion";
        }
    }

    /**
     * From the run's last completion (or the orchestrator's end, if later) to the end of the elapsed window:
     * the scheduler thread's last iteration.
     */
    record Tail(long fromPs, long toPs) implements Step {
        @Override
        public Part part() {
            return Part.SCHEDULER;
        }

        @Override
        public String kind() {
            return "tail";
        }
    }
}
