package io.ptosim.properties;

import io.ptosim.program.DependencyView;
import io.ptosim.program.Program;
import io.ptosim.program.UntimedRun;
import io.ptosim.runtime.DepEdge;
import io.ptosim.runtime.DependencyReplay;
import io.ptosim.runtime.ErrorCode;
import io.ptosim.runtime.L2Runtime;
import io.ptosim.runtime.RuntimeConfig;
import io.ptosim.runtime.SubmitRecord;
import io.ptosim.runtime.TaskArg;
import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TaskState;
import io.ptosim.runtime.TensorMap;
import io.ptosim.runtime.TensorView;
import io.ptosim.traces.ProgramJson;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Properties of the dependency rules over generated programs: each maps a program to null when it
 * holds, else to a description of the violation.
 */
public final class DependencyProperties {
    private DependencyProperties() {
    }

    /** The programs these properties draw: up to 40 tasks, AUTO, MANUAL and MANUAL_HYBRID scopes. */
    public static Program generate(long seed) {
        return ProgramGenerator.generate(seed, ProgramGenerator.Settings.DEFAULT);
    }

    /** Property 1: the pooled TensorMap (4 buckets, so addresses collide) gives the naive model's edges. */
    public static String tensorMapDifferential(Program p) {
        List<SubmitRecord> submits = DependencyView.submitsOf(p);
        int pool = 1 + submits.stream().mapToInt(s -> s.args().size()).sum();
        List<DepEdge> pooled = DependencyReplay.replay(submits, new TensorMap(4, pool, new int[] {4, 4, 4, 4}));
        List<DepEdge> reference = DependencyReplay.referenceEdgesOf(submits);
        return pooled.equals(reference) ? null : "pooled edges " + pooled.size() + " != reference " + reference.size();
    }

    /**
     * Property 2: a tracked read (any arg in AUTO scope, a boundary arg in a MANUAL_HYBRID one) of bytes
     * last written by an earlier registered writer has that writer among its transitive predecessors.
     */
    public static String missedReadAfterWrite(Program p) {
        List<SubmitRecord> submits = DependencyView.submitsOf(p);
        Map<Long, Set<Long>> preds = new HashMap<>();
        for (DepEdge e : DependencyReplay.edgesOf(submits)) {
            preds.computeIfAbsent(e.succ(), k -> new HashSet<>()).add(e.pred());
        }
        Map<Long, long[]> lastWriter = new HashMap<>();
        for (SubmitRecord s : submits) {
            List<TaskArg> args = s.args();
            for (int i = 0; i < args.size(); i++) {
                TaskArg a = args.get(i);
                if (!s.tracks(i) || !a.type().looksUp() || a.view().manualDep()) {
                    continue;
                }
                long[] writers = lastWriter.get(a.view().bufferAddr());
                if (writers == null) {
                    continue;
                }
                for (long b : bytes(a.view())) {
                    long w = writers[(int) b];
                    if (w != TaskId.INVALID && w != s.taskId() && !ancestors(s.taskId(), preds).contains(w)) {
                        return "task " + TaskId.display(s.taskId()) + " reads byte " + b + " of buffer "
                                + Long.toUnsignedString(a.view().bufferAddr()) + " last written by "
                                + TaskId.display(w) + " without depending on it";
                    }
                }
            }
            for (int i = 0; i < args.size(); i++) {
                TaskArg a = args.get(i);
                if (s.tracks(i) && a.type().registers() && !a.view().manualDep()) {
                    long[] writers = lastWriter.computeIfAbsent(a.view().bufferAddr(), k -> {
                        long[] w = new long[(int) a.view().bufferSize()];
                        Arrays.fill(w, TaskId.INVALID);
                        return w;
                    });
                    for (long b : bytes(a.view())) {
                        writers[(int) b] = s.taskId();
                    }
                }
            }
        }
        return null;
    }

    /** Every byte offset a view touches (also the oracle of {@link HazardProperties}). */
    static long[] bytes(TensorView v) {
        List<Long> out = new ArrayList<>();
        int n = v.ndims();
        int[] c = new int[n];
        if (v.numel() == 0) {
            return new long[0];
        }
        while (true) {
            long e = v.startOffset();
            for (int i = 0; i < n; i++) {
                e += c[i] * v.stride(i);
            }
            for (int b = 0; b < v.dtype().bytes(); b++) {
                out.add(e * v.dtype().bytes() + b);
            }
            int d = n - 1;
            while (d >= 0 && ++c[d] == v.shape(d)) {
                c[d--] = 0;
            }
            if (d < 0) {
                break;
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** Every task {@code task} reaches through {@code preds} (its transitive predecessors). */
    static Set<Long> ancestors(long task, Map<Long, Set<Long>> preds) {
        Set<Long> seen = new HashSet<>();
        ArrayDeque<Long> todo = new ArrayDeque<>(preds.getOrDefault(task, Set.of()));
        while (!todo.isEmpty()) {
            long t = todo.pop();
            if (seen.add(t)) {
                todo.addAll(preds.getOrDefault(t, Set.of()));
            }
        }
        return seen;
    }

    /** Property 5: the same seed gives the same program and the same edges. */
    public static String determinism(Program p) {
        long seed = Long.parseLong(p.name().substring("generated-".length()));
        Program again = generate(seed);
        if (!again.equals(p) || !ProgramJson.toJson(again).equals(ProgramJson.toJson(p))) {
            return "the program differs on a second draw";
        }
        List<SubmitRecord> submits = DependencyView.submitsOf(p);
        return DependencyReplay.edgesOf(submits).equals(DependencyReplay.edgesOf(DependencyView.submitsOf(again)))
                ? null : "the edges differ on a second evaluation";
    }

    /**
     * Property 6: the dependency replay (what deps.json holds) and the runtime state machine agree on each
     * task's set of predecessors, in every scope mode, when the program runs with no task completing (so
     * nothing retires). Edges to alloc_tensors tasks are left out: those complete at submit and may
     * retire once their scope ends, after which the runtime rightly wires nothing to them.
     */
    public static String replayMatchesWiring(Program p) {
        return replayMatchesWiring(p, false);
    }

    /** The runtime's limit of unique fanins when {@code add_dependency} adds edges (PTO2_MAX_INPUTS). */
    private static final int MAX_UNIQUE_FANINS = 16;

    /** Property 6 with every INPUT a tracked reader ({@code tensorMap.trackReaders}) when {@code trackReaders}. */
    static String replayMatchesWiring(Program p, boolean trackReaders) {
        Map<Long, Set<Long>> replayed = new HashMap<>();
        for (DepEdge e : DependencyReplay.edgesOf(DependencyView.submitsOf(p), trackReaders)) {
            replayed.computeIfAbsent(e.succ(), k -> new HashSet<>()).add(e.pred());
        }
        List<Long> tasks = new ArrayList<>();
        Set<Long> allocs = new HashSet<>();
        L2Runtime[] runtime = new L2Runtime[1];
        UntimedRun.Outcome run = UntimedRun.orchestrate(p,
                RuntimeConfig.uniform(1024, 1L << 30, 16384).withTrackReaders(trackReaders),
                new UntimedRun.Observer() {
                    @Override
                    public void after(L2Runtime rt, String event) {
                    }

                    @Override
                    public void created(L2Runtime rt, long taskId, List<TensorView> outputs) {
                        runtime[0] = rt;
                        if (rt.state(taskId) == TaskState.PENDING) {
                            tasks.add(taskId);
                        } else {
                            allocs.add(taskId);
                        }
                    }
                });
        if (run.result() != UntimedRun.Result.COMPLETED) {
            if (run.code() == ErrorCode.DEPENDENCY_OVERFLOW
                    && replayed.values().stream().anyMatch(preds -> preds.size() > MAX_UNIQUE_FANINS)) {
                // the replay itself gives some task more unique fanins than add_dependency allows: the runtime
                // rightly stops (reader tracking's extra edges can push a task past the limit)
                return null;
            }
            return "the runtime stopped: " + run.code() + " " + run.message();
        }
        for (long t : tasks) {
            Set<Long> wired = new HashSet<>();
            for (long producer : runtime[0].faninProducers(t)) {
                wired.add(producer);
            }
            Set<Long> expected = new HashSet<>(replayed.getOrDefault(t, Set.of()));
            expected.removeAll(allocs);
            wired.removeAll(allocs);
            if (!wired.equals(expected)) {
                return "task " + TaskId.display(t) + ": the replay gives predecessors " + display(expected)
                        + " but the runtime wired " + display(wired);
            }
        }
        return null;
    }

    private static String display(Set<Long> ids) {
        return ids.stream().sorted().map(TaskId::display).toList().toString();
    }
}
