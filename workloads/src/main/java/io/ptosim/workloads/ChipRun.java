package io.ptosim.workloads;

import io.ptosim.chip.Chip;
import io.ptosim.chip.OrchestratorObserver;
import io.ptosim.chip.RunSummary;
import io.ptosim.platform.Platform;
import io.ptosim.program.ExternalBuffer;
import io.ptosim.runtime.TensorView;
import io.ptosim.trace.TraceSink;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs a workload instance on a simulated chip: the workload's settings first, then the user's. */
public final class ChipRun {
    /**
     * A run's summary and, for a functional run, the golden check's findings.
     *
     * @param summary what the chip did
     * @param golden null for a timing-only run or a workload without a golden, else the mismatches
     */
    public record Result(RunSummary summary, List<String> golden) {
    }

    private ChipRun() {
    }

    /**
     * Runs {@code w} on {@code platformName} with {@code settings} (applied after the workload's own).
     *
     * @throws io.ptosim.platform.PlatformException for an unknown platform or setting
     */
    public static Result run(WorkloadInstance w, String platformName, Map<String, String> settings, boolean functional,
            long seed) {
        return run(w, platformName, settings, functional, seed, c -> { });
    }

    /** As {@link #run(WorkloadInstance, String, Map, boolean, long)}, reporting completed tasks as it goes. */
    public static Result run(WorkloadInstance w, String platformName, Map<String, String> settings, boolean functional,
            long seed, Chip.ProgressListener progress) {
        return run(w, platformName, settings, functional, seed, progress, null);
    }

    /**
     * As {@link #run(WorkloadInstance, String, Map, boolean, long, Chip.ProgressListener)}, sending the run's
     * trace events to {@code trace} (null: not traced).
     */
    public static Result run(WorkloadInstance w, String platformName, Map<String, String> settings, boolean functional,
            long seed, Chip.ProgressListener progress, TraceSink trace) {
        return run(w, platform(w, platformName, settings), functional, seed, progress, trace);
    }

    /**
     * Runs {@code w} on {@code platform} as {@link #platform} made it, reporting progress and sending trace
     * events to {@code trace} (null: not traced).
     */
    public static Result run(WorkloadInstance w, Platform platform, boolean functional, long seed,
            Chip.ProgressListener progress, TraceSink trace) {
        return run(w, platform, functional, seed, progress, trace, null);
    }

    /**
     * As {@link #run(WorkloadInstance, Platform, boolean, long, Chip.ProgressListener, TraceSink)}, also sending
     * the orchestrator's charges to {@code observer} (null: none).
     */
    public static Result run(WorkloadInstance w, Platform platform, boolean functional, long seed,
            Chip.ProgressListener progress, TraceSink trace, OrchestratorObserver observer) {
        Chip chip = new Chip(platform, w.program(), w.kernels(), w.inputs(), functional, seed);
        chip.onProgress(progress);
        chip.traceTo(trace);
        chip.observeOrchestrator(observer);
        RunSummary summary = chip.run();
        List<String> golden = null;
        if (functional && summary.completed() && w.golden() != null) {
            golden = w.golden().mismatches(chip.memory(), name -> whole(w, name));
        }
        return new Result(summary, golden);
    }

    /**
     * The platform a run of {@code w} gets: {@code platformName} with the workload's settings, then
     * {@code settings}.
     *
     * @throws io.ptosim.platform.PlatformException for an unknown platform or setting
     */
    public static Platform platform(WorkloadInstance w, String platformName, Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>(w.settings());
        all.putAll(settings);
        return Platform.load(platformName, all);
    }

    /** The whole buffer of an external, as a one-dimensional view. */
    static TensorView whole(WorkloadInstance w, String name) {
        for (ExternalBuffer b : w.program().externals()) {
            if (b.name().equals(name)) {
                return TensorView.external(b.addr(), b.dtype(), (int) (b.sizeBytes() / b.dtype().bytes()));
            }
        }
        throw new IllegalArgumentException("no external buffer '" + name + "' in " + w.workload());
    }
}
