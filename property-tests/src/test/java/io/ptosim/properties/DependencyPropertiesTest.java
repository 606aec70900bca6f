package io.ptosim.properties;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.program.DependencyView;
import io.ptosim.program.Program;
import io.ptosim.runtime.DepEdge;
import io.ptosim.runtime.DependencyReplay;
import io.ptosim.runtime.SubmitRecord;
import io.ptosim.runtime.TaskArg;
import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TensorArgType;
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
import org.junit.jupiter.api.Test;

/** Properties of the dependency rules over generated programs (issue 3, properties 1, 2 and 5). */
class DependencyPropertiesTest {

    private static Program generate(long seed) {
        return ProgramGenerator.generate(seed, ProgramGenerator.Settings.DEFAULT);
    }

    /** Property 1: the pooled TensorMap (4 buckets, so addresses collide) gives the naive model's edges. */
    @Test
    void tensorMapAgreesWithTheNaiveReference() {
        PropertyRunner.check("tensormap-differential", getClass(), DependencyPropertiesTest::generate, p -> {
            List<SubmitRecord> submits = DependencyView.submitsOf(p);
            int pool = 1 + submits.stream().mapToInt(s -> s.args().size()).sum();
            List<DepEdge> pooled = DependencyReplay.replay(submits, new TensorMap(4, pool, new int[] {4, 4, 4, 4}));
            List<DepEdge> reference = DependencyReplay.referenceEdgesOf(submits);
            return pooled.equals(reference) ? null : "pooled edges " + pooled.size() + " != reference " + reference.size();
        });
    }

    /**
     * Property 2: in AUTO scope, a read of bytes last written by an earlier registered writer has that
     * writer among its transitive predecessors.
     */
    @Test
    void noReadAfterWriteIsMissed() {
        PropertyRunner.check("no-missed-raw", getClass(), DependencyPropertiesTest::generate,
                DependencyPropertiesTest::missedReadAfterWrite);
    }

    static String missedReadAfterWrite(Program p) {
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
    @Test
    void theSameSeedGivesTheSameProgramAndEdges() {
        PropertyRunner.check("determinism", getClass(), DependencyPropertiesTest::generate, p -> {
            long seed = Long.parseLong(p.name().substring("generated-".length()));
            Program again = generate(seed);
            if (!again.equals(p) || !ProgramJson.toJson(again).equals(ProgramJson.toJson(p))) {
                return "the program differs on a second draw";
            }
            List<SubmitRecord> submits = DependencyView.submitsOf(p);
            return DependencyReplay.edgesOf(submits).equals(DependencyReplay.edgesOf(DependencyView.submitsOf(again)))
                    ? null : "the edges differ on a second evaluation";
        });
    }

    @Test
    void differentSeedsGiveDifferentPrograms() {
        Set<String> programs = new HashSet<>();
        for (long seed = 0; seed < 50; seed++) {
            programs.add(ProgramJson.toJson(generate(seed)).replace("generated-" + seed, ""));
        }
        assertThat(programs).hasSizeGreaterThan(45);
    }

    @Test
    void generatedProgramsExerciseTheRules() {
        int tensormap = 0;
        int covered = 0;
        int creator = 0;
        int explicit = 0;
        int manual = 0;
        for (long seed = 0; seed < 100; seed++) {
            List<SubmitRecord> submits = DependencyView.submitsOf(generate(seed));
            manual += (int) submits.stream().filter(SubmitRecord::manualScope).count();
            for (DepEdge e : DependencyReplay.edgesOf(submits)) {
                switch (e.source()) {
                    case TENSORMAP -> {
                        tensormap++;
                        covered += e.overlap() == io.ptosim.runtime.Overlap.COVERED ? 1 : 0;
                    }
                    case CREATOR -> creator++;
                    case EXPLICIT -> explicit++;
                }
            }
        }
        assertThat(tensormap).isGreaterThan(500);
        assertThat(covered).isGreaterThan(50);
        assertThat(creator).isGreaterThan(100);
        assertThat(explicit).isGreaterThan(50);
        assertThat(manual).isGreaterThan(50);
    }
}
