package io.ptosim.properties;

import io.ptosim.program.DependencyView;
import io.ptosim.program.Program;
import io.ptosim.runtime.DepEdge;
import io.ptosim.runtime.DependencyReplay;
import io.ptosim.runtime.SubmitRecord;
import io.ptosim.runtime.TaskArg;
import io.ptosim.runtime.TaskId;
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

    /** The programs these properties draw: up to 40 tasks, AUTO and MANUAL scopes. */
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
     * Property 2: in AUTO scope, a read of bytes last written by an earlier registered writer has that
     * writer among its transitive predecessors.
     */
    public static String missedReadAfterWrite(Program p) {
        List<SubmitRecord> submits = DependencyView.submitsOf(p);
        Map<Long, Set<Long>> preds = new HashMap<>();
        for (DepEdge e : DependencyReplay.edgesOf(submits)) {
            preds.computeIfAbsent(e.succ(), k -> new HashSet<>()).add(e.pred());
        }
        Map<Long, long[]> lastWriter = new HashMap<>();
        for (SubmitRecord s : submits) {
            if (!s.manualScope()) {
                for (TaskArg a : s.args()) {
                    if (!a.type().looksUp() || a.view().manualDep()) {
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
            }
            for (TaskArg a : s.args()) {
                if (!s.manualScope() && a.type().registers() && !a.view().manualDep()) {
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

    /** Every byte offset a view touches. */
    private static long[] bytes(TensorView v) {
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

    private static Set<Long> ancestors(long task, Map<Long, Set<Long>> preds) {
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
}
