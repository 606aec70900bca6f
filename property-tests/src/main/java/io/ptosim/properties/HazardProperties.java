package io.ptosim.properties;

import io.ptosim.check.Access;
import io.ptosim.check.AccessGraph;
import io.ptosim.check.Cause;
import io.ptosim.check.Finding;
import io.ptosim.check.HazardChecker;
import io.ptosim.program.DependencyView;
import io.ptosim.program.Op;
import io.ptosim.program.Program;
import io.ptosim.runtime.DepEdge;
import io.ptosim.runtime.DependencyReplay;
import io.ptosim.runtime.SubmitRecord;
import io.ptosim.runtime.TaskArg;
import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TensorArgType;
import io.ptosim.runtime.TensorDataRecord;
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

    /**
     * One tensor arg of one task, or one get/set_tensor_data call, with every byte it touches; {@code place}
     * counts tasks and calls together in program order.
     */
    private record Use(int place, String name, boolean writes, long addr, long owner, int unitBytes,
            TreeSet<Long> bytes) {
    }

    /**
     * Property: the checker reports exactly the pairs of accesses (tasks in submit order, NO_DEP args
     * left out, get/set_tensor_data calls at their place in the program) to one buffer (address and
     * creator) that share a byte, of which one at least writes, and that nothing orders: no path of edges,
     * where a call follows what the replay says it waits for and precedes all that the program issues
     * after it. A reported pair that shares no byte must say it only may overlap, and an exact range must
     * run from the first to the last shared byte. And the dependency rules always order a pair of tasks
     * that shares elements and that they track: the checker names a cause (manual scope, write-after-read,
     * OUTPUT_EXISTING, manual_dep) for each exact finding.
     */
    public static String matchesNaiveClosure(Program p) {
        DependencyView.Issued issued = DependencyView.issuedBy(p);
        List<SubmitRecord> submits = issued.submits();
        List<TensorDataRecord> calls = issued.tensorData();
        int[] place = new int[submits.size()];
        int[] callPlace = new int[calls.size()];
        int c = 0;
        int next = 0;
        for (int t = 0; t < submits.size(); t++) {
            while (c < calls.size() && calls.get(c).submitsBefore() == t) {
                callPlace[c++] = next++;
            }
            place[t] = next++;
        }
        while (c < calls.size()) {
            callPlace[c++] = next++;
        }
        BitSet[] ancestors = closure(submits, calls, place, callPlace, next);
        List<Use> uses = uses(p, submits, calls, place, callPlace);
        Map<String, TreeSet<Long>> expected = new TreeMap<>();
        for (Use a : uses) {
            for (Use b : uses) {
                if (a.place < b.place && a.addr == b.addr && a.owner == b.owner && (a.writes || b.writes)
                        && !ancestors[b.place].get(a.place)) {
                    TreeSet<Long> shared = new TreeSet<>(a.bytes);
                    shared.retainAll(b.bytes);
                    if (!shared.isEmpty()) {
                        expected.put(a.name + " -> " + b.name, shared);
                    }
                }
            }
        }
        Map<String, Integer> unitOf = new HashMap<>();
        for (Use u : uses) {
            unitOf.put(u.name, u.unitBytes);
        }
        AccessGraph graph = AccessGraph.of(new ProgramFile.Ptosim(p, p.name()));
        List<Finding> found = HazardChecker.check(graph, Integer.MAX_VALUE).shown();
        Map<String, Finding> reported = new TreeMap<>();
        for (Finding f : found) {
            String pair = name(f.earlier()) + " -> " + name(f.later());
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
            long unit = f.range().bytes() ? 1 : unitOf.get(name(f.later()));
            if (f.range().exact() && (f.range().lo() * unit != shared.first()
                    || f.range().hi() * unit + unit - 1 != shared.last())) {
                return "pair " + e.getKey() + ": " + f.range().describe() + " but the shared bytes are "
                        + shared.first() + ".." + shared.last();
            }
        }
        return null;
    }

    /** E.g. {@code t3 arg 1}, {@code set_tensor_data op 7}. */
    private static String name(Access a) {
        return a.isHost() ? a.hostApi() + " op " + a.op() : TaskId.display(a.taskId()) + " arg " + a.arg();
    }

    /**
     * Per place, its ancestors (naively, all of them): the edges the dependency rules derive, each call
     * after the producers and retaining consumers it waits for, and before every later place.
     */
    private static BitSet[] closure(List<SubmitRecord> submits, List<TensorDataRecord> calls, int[] place,
            int[] callPlace, int places) {
        Map<Long, Integer> index = new HashMap<>();
        for (int i = 0; i < submits.size(); i++) {
            index.put(submits.get(i).taskId(), place[i]);
        }
        BitSet[] ancestors = new BitSet[places];
        for (int i = 0; i < places; i++) {
            ancestors[i] = new BitSet();
        }
        for (DepEdge e : DependencyReplay.edgesOf(submits)) {
            Integer pred = index.get(e.pred());
            if (pred != null && pred < index.get(e.succ())) {
                ancestors[index.get(e.succ())].set(pred);
            }
        }
        List<DependencyReplay.TensorDataWait> waits = DependencyReplay.tensorDataWaits(submits, calls);
        for (int k = 0; k < calls.size(); k++) {
            List<Long> before = new ArrayList<>(waits.get(k).producers());
            before.addAll(waits.get(k).retainers());
            for (long id : before) {
                Integer pred = index.get(id);
                if (pred != null) {
                    ancestors[callPlace[k]].set(pred);
                }
            }
            for (int q = callPlace[k] + 1; q < places; q++) {
                ancestors[q].set(callPlace[k]);
            }
        }
        for (int i = 0; i < places; i++) {
            for (int a = ancestors[i].nextSetBit(0); a >= 0; a = ancestors[i].nextSetBit(a + 1)) {
                ancestors[i].or(ancestors[a]);
            }
        }
        return ancestors;
    }

    private static List<Use> uses(Program p, List<SubmitRecord> submits, List<TensorDataRecord> calls, int[] place,
            int[] callPlace) {
        List<Use> uses = new ArrayList<>();
        for (int t = 0; t < submits.size(); t++) {
            List<TaskArg> args = submits.get(t).args();
            for (int i = 0; i < args.size(); i++) {
                TaskArg a = args.get(i);
                if (a.type() != TensorArgType.NO_DEP) {
                    TensorView v = a.view();
                    boolean writes = a.type() == TensorArgType.OUTPUT || a.type() == TensorArgType.INOUT
                            || a.type() == TensorArgType.OUTPUT_EXISTING;
                    uses.add(new Use(place[t], TaskId.display(submits.get(t).taskId()) + " arg " + i, writes,
                            v.bufferAddr(), v.ownerTaskId(), v.dtype().bytes(), bytes(v)));
                }
            }
        }
        int k = 0;
        for (int op = 0; op < p.ops().size(); op++) {
            if (p.ops().get(op) instanceof Op.TensorData) {
                TensorDataRecord call = calls.get(k);
                TensorView v = call.view();
                int unit = v.dtype().bytes();
                TreeSet<Long> bytes = new TreeSet<>();
                for (int b = 0; b < unit; b++) {
                    bytes.add(call.element() * unit + b);
                }
                uses.add(new Use(callPlace[k], call.api() + " op " + op, call.write(), v.bufferAddr(), v.ownerTaskId(),
                        unit, bytes));
                k++;
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
