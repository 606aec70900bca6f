package io.ptosim.check;

import io.ptosim.program.DependencyView;
import io.ptosim.program.ExternalBuffer;
import io.ptosim.program.Op;
import io.ptosim.program.Program;
import io.ptosim.runtime.DepEdge;
import io.ptosim.runtime.DependencyReplay;
import io.ptosim.runtime.DependencyReplay.TensorDataWait;
import io.ptosim.runtime.SubmitRecord;
import io.ptosim.runtime.TaskArg;
import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TensorArgType;
import io.ptosim.runtime.TensorDataRecord;
import io.ptosim.runtime.TensorView;
import io.ptosim.traces.VectorProgram;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The access graph of resolved submits (a ptosim program through {@code DependencyView}, or a
 * conformance vector): one access per tensor arg, buffers told apart by address and creator, and the
 * edges {@link DependencyReplay} derives. An explicit dep naming a later task, which the runtime cannot
 * wait for, is dropped. With reader tracking on ({@code tensorMap.trackReaders}) every INPUT is a
 * TRACKED_INPUT access, as the what-if treats it. A ptosim program's get/set_tensor_data calls are
 * listed among the tasks in program order, each ordered after what the same replay says it waits for
 * and before all that follows it.
 */
final class SubmitAccesses {
    private SubmitAccesses() {
    }

    /** A ptosim program: op indices count all ops; external buffers keep their names. */
    static AccessGraph ofProgram(Program program, DependencyView.Issued issued, boolean trackReaders) {
        int[] ops = new int[issued.submits().size()];
        int[] callOps = new int[issued.tensorData().size()];
        int k = 0;
        int c = 0;
        List<Op> all = program.ops();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i) instanceof Op.Submit) {
                ops[k++] = i;
            } else if (all.get(i) instanceof Op.TensorData) {
                callOps[c++] = i;
            }
        }
        Map<Long, String> names = new HashMap<>();
        for (ExternalBuffer b : program.externals()) {
            names.putIfAbsent(b.addr(), b.name());
        }
        return of(program.name(), AccessGraph.Listing.OPS, issued.submits(), ops, names, issued.tensorData(), callOps,
                trackReaders);
    }

    /** A conformance-vector program: op indices are submits[] indices. */
    static AccessGraph ofVector(VectorProgram program, boolean trackReaders) {
        int[] ops = new int[program.submits().size()];
        for (int i = 0; i < ops.length; i++) {
            ops[i] = i;
        }
        return of(program.name(), AccessGraph.Listing.SUBMITS, program.submits(), ops, Map.of(), List.of(),
                new int[0], trackReaders);
    }

    private static AccessGraph of(String name, AccessGraph.Listing listing, List<SubmitRecord> submits, int[] ops,
            Map<Long, String> externalNames, List<TensorDataRecord> calls, int[] callOps, boolean trackReaders) {
        AccessGraph.Builder g = new AccessGraph.Builder(name, listing);
        int[] place = new int[submits.size()];
        int[] callPlace = new int[calls.size()];
        int c = 0;
        for (int t = 0; t < submits.size(); t++) {
            while (c < calls.size() && calls.get(c).submitsBefore() == t) {
                callPlace[c++] = g.hostCall();
            }
            place[t] = g.task(submits.get(t).taskId());
        }
        while (c < calls.size()) {
            callPlace[c++] = g.hostCall();
        }
        for (int t = 0; t < submits.size(); t++) {
            SubmitRecord s = submits.get(t);
            List<TaskArg> args = s.args();
            for (int i = 0; i < args.size(); i++) {
                TaskArg a = args.get(i);
                if (a.type() == TensorArgType.NO_DEP) {
                    g.noDep();
                    continue;
                }
                TensorView v = a.view();
                TensorArgType type = trackReaders && a.type() == TensorArgType.INPUT ? TensorArgType.TRACKED_INPUT
                        : a.type();
                g.access(place[t], ops[t], i, type, buffer(g, v, externalNames), Region.of(v.startOffset(), v.shape(),
                        v.strides(), v.dtype().bytes()), s.tracks(i), v.manualDep());
            }
        }
        for (DepEdge e : DependencyReplay.edgesOf(submits, trackReaders)) {
            g.edge(e.pred(), e.succ());
        }
        if (!calls.isEmpty()) {
            hostCalls(g, submits, calls, callOps, callPlace, place.length + callPlace.length, externalNames,
                    trackReaders);
        }
        return g.build();
    }

    /**
     * Each call's access, ordered after the producers it waits for and (a set) the consumers whose
     * pins it waits to be released, and before every place that follows it up to the next call.
     */
    private static void hostCalls(AccessGraph.Builder g, List<SubmitRecord> submits, List<TensorDataRecord> calls,
            int[] callOps, int[] callPlace, int places, Map<Long, String> externalNames, boolean trackReaders) {
        List<TensorDataWait> waits = DependencyReplay.tensorDataWaits(submits, calls, trackReaders);
        for (int k = 0; k < calls.size(); k++) {
            TensorDataRecord call = calls.get(k);
            TensorDataWait wait = waits.get(k);
            int at = callPlace[k];
            int[] producers = new int[wait.producers().size()];
            for (int i = 0; i < producers.length; i++) {
                producers[i] = g.position(wait.producers().get(i));
                if (producers[i] >= 0) {
                    g.order(producers[i], at);
                }
            }
            for (long r : wait.retainers()) {
                g.order(g.position(r), at);
            }
            int next = k + 1 < calls.size() ? callPlace[k + 1] : places - 1;
            for (int q = at + 1; q <= next; q++) {
                g.order(at, q);
            }
            TensorView v = call.view();
            g.hostAccess(at, callOps[k], new HostCall(call, wait, producers), buffer(g, v, externalNames),
                    Region.of(call.element(), new int[] {1}, new long[] {1}, v.dtype().bytes()));
        }
    }

    private static int buffer(AccessGraph.Builder g, TensorView v, Map<Long, String> externalNames) {
        String external = v.ownerTaskId() == TaskId.INVALID ? externalNames.get(v.bufferAddr()) : null;
        return g.buffer(v.bufferAddr(), v.ownerTaskId(), external);
    }
}
