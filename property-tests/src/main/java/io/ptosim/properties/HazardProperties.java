package io.ptosim.properties;

import io.ptosim.check.AccessGraph;
import io.ptosim.check.Cause;
import io.ptosim.check.Finding;
import io.ptosim.check.HazardChecker;
import io.ptosim.program.DependencyView;
import io.ptosim.program.Program;
import io.ptosim.runtime.DepEdge;
import io.ptosim.runtime.DependencyReplay;
import io.ptosim.runtime.SubmitRecord;
import io.ptosim.runtime.TaskArg;
import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TensorArgType;
import io.ptosim.runtime.TensorView;
import io.ptosim.traces.ProgramFile;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The hazard checker against the naive definition: the full transitive closure of the program's edges
 * and every byte each access touches, compared pair by pair.
 */
public final class HazardProperties {
    private HazardProperties() {
    }

    /** One tensor arg of one task, with every byte it touches. */
    private record Use(int task, long taskId, int arg, TensorArgType type, long addr, long owner, TreeSet<Long> bytes) {
        boolean writes() {
            return type == TensorArgType.OUTPUT || type == TensorArgType.INOUT || type == TensorArgType.OUTPUT_EXISTING;
        }

        String name() {
            return TaskId.display(taskId) + " arg " + arg;
        }
    }

    /**
     * Property: the checker reports exactly the pairs of accesses (tasks in submit order, NO_DEP args
     * left out) to one buffer (address and creator) that share a byte, of which one at least writes,
     * and whose tasks no path of edges orders; a reported pair that shares no byte must say it only may
     * overlap, and an exact range must run from the first to the last shared byte. And the dependency
     * rules always order a pair that shares elements and that they track: the checker names a cause (manual
     * scope, write-after-read, OUTPUT_EXISTING, manual_dep) for each exact finding.
     */
    public static String matchesNaiveClosure(Program p) {
        List<SubmitRecord> submits = DependencyView.submitsOf(p);
        BitSet[] ancestors = closure(submits);
        List<Use> uses = uses(submits);
        Map<String, TreeSet<Long>> expected = new TreeMap<>();
        for (Use a : uses) {
            for (Use b : uses) {
                if (a.task < b.task && a.addr == b.addr && a.owner == b.owner && (a.writes() || b.writes())
                        && !ancestors[b.task].get(a.task)) {
                    TreeSet<Long> shared = new TreeSet<>(a.bytes);
                    shared.retainAll(b.bytes);
                    if (!shared.isEmpty()) {
                        expected.put(a.name() + " -> " + b.name(), shared);
                    }
                }
            }
        }
        AccessGraph graph = AccessGraph.of(new ProgramFile.Ptosim(p, p.name()));
        List<Finding> found = HazardChecker.check(graph, Integer.MAX_VALUE).shown();
        Map<String, Finding> reported = new TreeMap<>();
        for (Finding f : found) {
            String pair = TaskId.display(f.earlier().taskId()) + " arg " + f.earlier().arg() + " -> "
                    + TaskId.display(f.later().taskId()) + " arg " + f.later().arg();
            if (reported.put(pair, f) != null) {
                return "the pair " + pair + " is reported twice";
            }
        }
        for (String pair : expected.keySet()) {
            if (!reported.containsKey(pair)) {
                return "unordered conflicting pair " + pair + " shares bytes " + expected.get(pair).first() + ".."
                        + expected.get(pair).last() + " but is not reported";
            }
        }
        for (Map.Entry<String, Finding> e : reported.entrySet()) {
            TreeSet<Long> shared = expected.get(e.getKey());
            Finding f = e.getValue();
            if (shared == null && f.range().exact()) {
                return "reported pair " + e.getKey() + " (" + f.range().describe() + ") is ordered, does not conflict"
                        + " or shares no byte";
            }
            if (f.cause() == Cause.NO_EDGE && f.range().exact()) {
                return "pair " + e.getKey() + " shares elements, both tracked, yet the dependency rules derived no"
                        + " path: the checker names no cause";
            }
            long unit = f.range().bytes() ? 1 : elementBytes(submits, f);
            if (f.range().exact() && (f.range().lo() * unit != shared.first()
                    || f.range().hi() * unit + unit - 1 != shared.last())) {
                return "pair " + e.getKey() + ": " + f.range().describe() + " but the shared bytes are "
                        + shared.first() + ".." + shared.last();
            }
        }
        return null;
    }

    private static long elementBytes(List<SubmitRecord> submits, Finding f) {
        return submits.get(f.later().task()).args().get(f.later().arg()).view().dtype().bytes();
    }

    /** Per task, its ancestors through the edges the dependency rules derive (naively, all of them). */
    private static BitSet[] closure(List<SubmitRecord> submits) {
        Map<Long, Integer> index = new HashMap<>();
        for (int i = 0; i < submits.size(); i++) {
            index.put(submits.get(i).taskId(), i);
        }
        BitSet[] ancestors = new BitSet[submits.size()];
        for (int i = 0; i < submits.size(); i++) {
            ancestors[i] = new BitSet();
        }
        for (DepEdge e : DependencyReplay.edgesOf(submits)) {
            Integer pred = index.get(e.pred());
            if (pred != null && pred < index.get(e.succ())) {
                ancestors[index.get(e.succ())].set(pred);
            }
        }
        for (int i = 0; i < submits.size(); i++) {
            for (int a = ancestors[i].nextSetBit(0); a >= 0; a = ancestors[i].nextSetBit(a + 1)) {
                ancestors[i].or(ancestors[a]);
            }
        }
        return ancestors;
    }

    private static List<Use> uses(List<SubmitRecord> submits) {
        List<Use> uses = new ArrayList<>();
        for (int t = 0; t < submits.size(); t++) {
            List<TaskArg> args = submits.get(t).args();
            for (int i = 0; i < args.size(); i++) {
                TaskArg a = args.get(i);
                if (a.type() != TensorArgType.NO_DEP) {
                    TensorView v = a.view();
                    uses.add(new Use(t, submits.get(t).taskId(), i, a.type(), v.bufferAddr(), v.ownerTaskId(),
                            bytes(v)));
                }
            }
        }
        return uses;
    }

    private static TreeSet<Long> bytes(TensorView v) {
        TreeSet<Long> out = new TreeSet<>();
        for (long b : DependencyProperties.bytes(v)) {
            out.add(b);
        }
        return out;
    }
}
