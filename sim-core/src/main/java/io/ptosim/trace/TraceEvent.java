package io.ptosim.trace;

/**
 * One thing a simulated chip did, at a virtual time in picoseconds. Events arrive in emission order,
 * which is deterministic; it is time order per thread, not across threads (a dispatch names the
 * projected start and end of its block). Task ids are the runtime's ({@code ring << 32 | local}).
 */
public sealed interface TraceEvent {
    /** When it happened, ps. */
    long timePs();

    /** A short tag naming the kind in files and reports. */
    String tag();

    /**
     * The orchestrator submitted op {@code op} as {@code taskId} ({@code kernelAic/Aiv0/Aiv1} -1 unused,
     * all -1 for a dummy task) from {@code timePs} to {@code endPs}; its ring then held {@code ringLive}
     * tasks.
     */
    record Submitted(long timePs, long endPs, int op, long taskId, int kernelAic, int kernelAiv0, int kernelAiv1,
            int blockNum, int ringLive) implements TraceEvent {
        @Override
        public String tag() {
            return "submit";
        }
    }

    /** The orchestrator ran op {@code op}, an alloc_tensors, as {@code taskId} (completed at once). */
    record Allocated(long timePs, long endPs, int op, long taskId) implements TraceEvent {
        @Override
        public String tag() {
            return "alloc";
        }
    }

    /** Submit wired a fanin edge from {@code producer} to {@code consumer}. */
    record EdgeWired(long timePs, long producer, long consumer) implements TraceEvent {
        @Override
        public String tag() {
            return "edge";
        }
    }

    /** {@code taskId} reached the ready queues the scheduler threads see. */
    record Ready(long timePs, long taskId) implements TraceEvent {
        @Override
        public String tag() {
            return "ready";
        }
    }

    /**
     * Scheduler thread {@code thread} dispatched block {@code block} of {@code taskId} to core
     * {@code core} at {@code timePs}; the block is projected to run from {@code startPs} to {@code endPs}.
     * The projection is final for a block that moves no bytes and starts on an idle core; otherwise the
     * shared memory bandwidth may move it, and {@link BlockEnded} carries what happened.
     */
    record Dispatched(long timePs, int thread, long taskId, int block, int core, long startPs, long endPs)
            implements TraceEvent {
        @Override
        public String tag() {
            return "dispatch";
        }
    }

    /**
     * Scheduler thread {@code thread} saw, at {@code timePs}, the FIN of block {@code block} of
     * {@code taskId} on core {@code core}, dispatched at {@code dispatchPs}; the block ran from
     * {@code startPs} to {@code endPs} (final). Alone on the die, streaming its bytes at its core's own
     * cap, it would have ended at {@code soloEndPs}: {@code endPs - soloEndPs} is its wait for shared
     * memory bandwidth.
     */
    record BlockEnded(long timePs, int thread, long taskId, int block, int core, long dispatchPs, long startPs,
            long endPs, long soloEndPs) implements TraceEvent {
        @Override
        public String tag() {
            return "block_end";
        }
    }

    /** Scheduler thread {@code thread} completed {@code taskId} (its last block's FIN seen, or a dummy). */
    record Completed(long timePs, int thread, long taskId) implements TraceEvent {
        @Override
        public String tag() {
            return "complete";
        }
    }

    /** Scheduler thread {@code thread} released {@code taskId}'s fanin pins. */
    record Released(long timePs, int thread, long taskId) implements TraceEvent {
        @Override
        public String tag() {
            return "release";
        }
    }

    /**
     * Ring {@code ring}'s watermark moved to {@code watermark}: every task of the ring below that local id
     * is CONSUMED and its slot, heap space and dep-pool nodes may be reused.
     */
    record WatermarkAdvanced(long timePs, int ring, long watermark) implements TraceEvent {
        @Override
        public String tag() {
            return "watermark";
        }
    }

    /** The orchestrator began waiting for {@code resource} (e.g. "heap (ring 1)", "tensor wait"). */
    record Blocked(long timePs, String resource) implements TraceEvent {
        @Override
        public String tag() {
            return "blocked";
        }
    }

    /** The orchestrator's wait for {@code resource} ended. */
    record Unblocked(long timePs, String resource) implements TraceEvent {
        @Override
        public String tag() {
            return "unblocked";
        }
    }

    /** The orchestrator opened ({@code begin}) or closed a scope, leaving depth {@code depth}. */
    record Scope(long timePs, boolean begin, int depth) implements TraceEvent {
        @Override
        public String tag() {
            return "scope";
        }
    }

    /** The run stopped with error {@code code} and the runtime's diagnosis. */
    record Stopped(long timePs, int code, String message) implements TraceEvent {
        @Override
        public String tag() {
            return "stop";
        }
    }

    /**
     * At the end of a run: the most of {@code resource} ({@code task window}, {@code heap}, {@code dep pool},
     * {@code tensormap}) ring {@code ring} (-1: a global pool) ever held, against its {@code size}.
     */
    record HighWater(long timePs, int ring, long peak, long size, String resource) implements TraceEvent {
        @Override
        public String tag() {
            return "high_water";
        }
    }
}
