package io.ptosim.traces;

import io.ptosim.platform.Platform;
import io.ptosim.trace.TraceEvent;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams a run's events to simpler's {@code chip_swimlane_records.json} (traces.md §2), so its
 * swimlane tools accept a simulated run: keys in the writer's order, one row or record per line (as
 * the runtime lays it out), times in ticks of the platform's system counter ({@code topology.sysCntHz};
 * virtual time 0 is tick 0). Per level: 1 the AICore rows, 2 the AICPU rows, 3 {@code core_to_thread}
 * and the scheduler phase records, 4 (the default) the orchestrator records.
 *
 * <p>What the model has is written as is: an AICore row per dispatched block with its start and end
 * and a per-core {@code reg_task_id} counting from 1; its AICPU row joins it on (core, reg_task_id)
 * with the dispatch time and, as finish, the end plus {@code core.finVisibleNs} (when the FIN becomes
 * visible to the AICPU); an orchestrator record per submit and per alloc_tensors, {@code submit_idx}
 * counting both. What it lacks is synthesized: {@code receive_to_start} is 0 (the model does not split
 * the head overhead), and the scheduler records come from {@link SchedulerPhases}. Rows are in
 * emission order, not per core. Each section goes to a temporary file beside the target as the run
 * goes; {@link #finish} joins them into the file.
 */
public final class SwimlaneWriter implements TraceWriter {
    /** The level simpler writes for a bare {@code --enable-chip-swimlane}. */
    public static final int DEFAULT_LEVEL = 4;

    private final Path target;
    private final int level;
    private final CoreLayout layout;
    private final ClockTicks ticks;
    private final long finVisiblePs;
    private final long[] dispatchesPerCore;
    private final SchedulerPhases phases;
    private final List<Spool> spools = new ArrayList<>();
    private final Spool aicore;
    private final Spool aicpu;
    private final Spool[] scheduler;
    private final Spool orchestrator;
    private final StringBuilder line = new StringBuilder(160);
    private long submits;
    private long blocks;
    private boolean finished;

    /**
     * Starts the records of a run on {@code platform} at {@code target}.
     *
     * @param level 1 to 4
     * @throws UncheckedIOException if the temporary files cannot be created beside the target
     */
    public SwimlaneWriter(Path target, Platform platform, int level) {
        if (level < 1 || level > 4) {
            throw new IllegalArgumentException("swimlane level " + level + "; expected 1, 2, 3 or 4");
        }
        this.target = target;
        this.level = level;
        this.layout = CoreLayout.of(platform);
        this.ticks = new ClockTicks(platform.sysCntHz());
        this.finVisiblePs = platform.costs().finVisible;
        this.dispatchesPerCore = new long[layout.cores()];
        this.phases = new SchedulerPhases(layout.threads(), platform.costs(), platform.runtime(), this::phase);
        try {
            aicore = spool("aicore");
            aicpu = level >= 2 ? spool("aicpu") : null;
            scheduler = new Spool[level >= 3 ? layout.threads() : 0];
            for (int t = 0; t < scheduler.length; t++) {
                scheduler[t] = spool("sched" + t);
            }
            orchestrator = level >= 4 ? spool("orch") : null;
        } catch (IOException e) {
            close();
            throw failed(e);
        }
    }

    private Spool spool(String section) throws IOException {
        Spool s = new Spool(target, section);
        spools.add(s);
        return s;
    }

    @Override
    public void accept(TraceEvent event) {
        try {
            switch (event) {
                case TraceEvent.Submitted s -> orchestrator(s.taskId(), s.timePs(), s.endPs());
                case TraceEvent.Allocated a -> orchestrator(a.taskId(), a.timePs(), a.endPs());
                case TraceEvent.BlockEnded b -> block(b);
                default -> { }
            }
        } catch (IOException e) {
            throw failed(e);
        }
        if (level >= 3) {
            phases.accept(event);
        }
    }

    private void orchestrator(long taskId, long startPs, long endPs) throws IOException {
        long index = submits++;
        if (orchestrator != null) {
            line.setLength(0);
            line.append("      {\"submit_idx\": ").append(index).append(", \"task_id\": ").append(taskId)
                    .append(", \"start_cycles\": ").append(ticks.of(startPs)).append(", \"end_cycles\": ")
                    .append(ticks.of(endPs)).append('}');
            orchestrator.line(line);
        }
    }

    private void block(TraceEvent.BlockEnded d) throws IOException {
        long reg = ++dispatchesPerCore[d.core()];
        blocks++;
        line.setLength(0);
        line.append("    [").append(d.core()).append(", ").append(d.taskId()).append(", ").append(reg).append(", ")
                .append(ticks.of(d.startPs())).append(", ").append(ticks.of(d.endPs())).append(", 0]");
        aicore.line(line);
        if (aicpu != null) {
            line.setLength(0);
            line.append("    [").append(d.core()).append(", ").append(reg).append(", ").append(ticks.of(d.dispatchPs()))
                    .append(", ").append(ticks.of(d.endPs() + finVisiblePs)).append(']');
            aicpu.line(line);
        }
    }

    private void phase(SchedulerPhase p) {
        line.setLength(0);
        line.append("      {\"kind\": \"").append(p.kind()).append("\", \"start_cycles\": ")
                .append(ticks.of(p.startPs())).append(", \"end_cycles\": ").append(ticks.of(p.endPs()))
                .append(", \"loop_iter\": ").append(p.loopIter())
                .append(", \"tasks_processed\": ").append(p.tasksProcessed());
        if (p.kind().equals(SchedulerPhase.DISPATCH)) {
            line.append(", \"pop_hit\": ").append(p.popHit()).append(", \"pop_miss\": 0");
        }
        depths(line.append(", \"shared_at_start\": "), p.sharedAtStart());
        depths(line.append(", \"shared_at_end\": "), p.sharedAtEnd());
        line.append('}');
        try {
            scheduler[p.thread()].line(line);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    private static void depths(StringBuilder b, int[] depth) {
        b.append('[').append(depth[0]).append(',').append(depth[1]).append(',').append(depth[2]).append(']');
    }

    @Override
    public String contents() {
        return blocks + " kernel blocks, " + submits + " submits";
    }

    /** Joins the sections into the file and moves it into place. */
    @Override
    public void finish(String digest) {
        if (level >= 3) {
            phases.finish();
        }
        AtomicFile file = new AtomicFile(target);
        try {
            try (Writer out = new BufferedWriter(new OutputStreamWriter(file.open(), StandardCharsets.UTF_8),
                    1 << 16)) {
                write(out);
            }
            file.commit();
            finished = true;
        } catch (IOException e) {
            file.abandon(null);
            throw failed(e);
        } finally {
            close();
        }
    }

    private void write(Writer out) throws IOException {
        out.write("{\n  \"chip_swimlane_level\": " + level + ",\n  \"metadata\": {\n    \"clock_freq_hz\": "
                + ticks.hz() + ",\n    \"num_cores\": " + layout.cores() + ",\n    \"core_types\": [");
        for (int c = 0; c < layout.cores(); c++) {
            out.write((c == 0 ? "\"" : ", \"") + layout.type(c) + "\"");
        }
        out.write("]");
        if (level >= 3) {
            out.write(",\n    \"core_to_thread\": [");
            for (int c = 0; c < layout.cores(); c++) {
                out.write((c == 0 ? "" : ", ") + layout.thread(c));
            }
            out.write("]");
        }
        out.write("\n  },\n  \"aicore_tasks\": ");
        section(out, aicore, "  ");
        out.write(",\n  \"aicpu_tasks\": ");
        if (aicpu == null) {
            out.write("[]");
        } else {
            section(out, aicpu, "  ");
        }
        if (scheduler.length > 0) {
            out.write(",\n  \"aicpu_scheduler_phases\": [\n");
            for (int t = 0; t < scheduler.length; t++) {
                out.write(t == 0 ? "    " : ",\n    ");
                section(out, scheduler[t], "    ");
            }
            out.write("\n  ]");
        }
        if (orchestrator != null) {
            out.write(",\n  \"aicpu_orchestrator_phases\": [\n    ");
            section(out, orchestrator, "    ");
            out.write("\n  ]");
        }
        out.write("\n}\n");
    }

    /** A JSON array of the spool's lines, its closing bracket at {@code indent}. */
    private static void section(Writer out, Spool spool, String indent) throws IOException {
        if (spool.lines() == 0) {
            out.write("[]");
            return;
        }
        out.write("[\n");
        spool.copyTo(out);
        out.write("\n" + indent + "]");
    }

    /** Deletes the temporary section files (and so any unfinished file). */
    @Override
    public void close() {
        IOException failure = null;
        for (Spool s : spools) {
            try {
                s.close();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        spools.clear();
        if (failure != null && !finished) {
            throw new UncheckedIOException("cannot delete the temporary files of " + target + ": "
                    + failure.getMessage(), failure);
        }
    }

    private UncheckedIOException failed(IOException e) {
        return new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
}
