package io.ptosim.traces;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@code chip_swimlane_records.json} as read (traces.md §2): the level, the clock, the core layout,
 * the AICore and AICPU rows and the phase records, in raw ticks of the file's clock.
 *
 * @param source the file name reports use
 * @param level 1..4
 * @param clockFreqHz ticks per second
 * @param coreTypes per core id, {@code "aic"} or {@code "aiv"}
 * @param coreToThread per core id, its scheduler thread (-1 = unassigned); empty below level 3
 * @param aicore one row per kernel block run on a core
 * @param aicpu one row per dispatch seen by the AICPU (empty at level 1)
 * @param schedulerPhases per scheduler thread, its phase records in emission order
 * @param orchestratorPhases the orchestrator's per-submit records
 */
public record SwimlaneRecords(String source, int level, long clockFreqHz, List<String> coreTypes, List<Integer> coreToThread,
        List<AicoreRow> aicore, List<AicpuRow> aicpu, List<List<Phase>> schedulerPhases, List<OrchRecord> orchestratorPhases) implements TraceFile {
    /** Copies the lists. */
    public SwimlaneRecords {
        coreTypes = List.copyOf(coreTypes);
        coreToThread = List.copyOf(coreToThread);
        aicore = List.copyOf(aicore);
        aicpu = List.copyOf(aicpu);
        schedulerPhases = schedulerPhases.stream().map(List::copyOf).toList();
        orchestratorPhases = List.copyOf(orchestratorPhases);
    }

    /**
     * One kernel block on a core.
     *
     * @param core the core id
     * @param taskId the task's id (identity only)
     * @param regTaskId the per-core dispatch counter, the join key with {@link AicpuRow}
     * @param start kernel start tick
     * @param end kernel end tick
     * @param receiveToStart ticks from the core reading its new task to the start
     */
    public record AicoreRow(int core, long taskId, long regTaskId, long start, long end, long receiveToStart) {
    }

    /**
     * One dispatch as the AICPU saw it.
     *
     * @param core the core id
     * @param regTaskId the per-core dispatch counter
     * @param dispatch the tick the AICPU wrote the task
     * @param finish the tick it observed the FIN
     */
    public record AicpuRow(int core, long regTaskId, long dispatch, long finish) {
    }

    /**
     * A scheduler phase record.
     *
     * @param kind its phase name
     * @param start first tick
     * @param end last tick
     * @param tasksProcessed how many items it handled
     */
    public record Phase(String kind, long start, long end, long tasksProcessed) {
    }

    /**
     * An orchestrator record: one submit or alloc_tensors call.
     *
     * @param submitIdx the call's index
     * @param taskId the task it created
     * @param start first tick
     * @param end last tick
     */
    public record OrchRecord(long submitIdx, long taskId, long start, long end) {
    }

    /**
     * A kernel block with its AICPU side when the level records it (§2.4's join on core and
     * {@code reg_task_id}).
     *
     * @param row the AICore row
     * @param aicpu the matching AICPU row, or null at level 1
     */
    public record Block(AicoreRow row, AicpuRow aicpu) {
    }

    /**
     * The blocks the reference's reader keeps: at level 1 every AICore row; from level 2 only rows
     * matched by an AICPU row on (core, reg_task_id).
     */
    public List<Block> blocks() {
        if (level == 1) {
            return aicore.stream().map(r -> new Block(r, null)).toList();
        }
        Map<String, AicpuRow> byKey = new TreeMap<>();
        for (AicpuRow r : aicpu) {
            byKey.put(r.core() + ":" + r.regTaskId(), r);
        }
        return aicore.stream().filter(r -> byKey.containsKey(r.core() + ":" + r.regTaskId()))
                .map(r -> new Block(r, byKey.get(r.core() + ":" + r.regTaskId()))).toList();
    }

    /** Nanoseconds of {@code ticks} of this file's clock, rounded to the nearest. */
    public long nanos(long ticks) {
        return Math.round(ticks * 1e9 / clockFreqHz);
    }

    /**
     * Per task id, its longest kernel block on each core type ({@code [aic, aiv]}, ns; -1 where it ran
     * none), over {@link #blocks()}: what a trace-driven run gives each task's kernels.
     */
    public Map<Long, long[]> kernelNanos() {
        Map<Long, long[]> out = new TreeMap<>();
        for (Block b : blocks()) {
            AicoreRow r = b.row();
            long[] ns = out.computeIfAbsent(r.taskId(), t -> new long[] {-1, -1});
            int type = coreTypes.get(r.core()).equals("aic") ? 0 : 1;
            ns[type] = Math.max(ns[type], nanos(Math.max(0, r.end() - r.start())));
        }
        return out;
    }
}
