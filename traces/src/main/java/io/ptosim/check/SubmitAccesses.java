package io.ptosim.check;

import io.ptosim.program.ExternalBuffer;
import io.ptosim.program.Op;
import io.ptosim.program.Program;
import io.ptosim.runtime.DepEdge;
import io.ptosim.runtime.DependencyReplay;
import io.ptosim.runtime.SubmitRecord;
import io.ptosim.runtime.TaskArg;
import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TensorArgType;
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
 * TRACKED_INPUT access, as the what-if treats it.
 */
final class SubmitAccesses {
    private SubmitAccesses() {
    }

    /** A ptosim program: op indices count all ops; external buffers keep their names. */
    static AccessGraph ofProgram(Program program, List<SubmitRecord> submits, boolean trackReaders) {
        int[] ops = new int[submits.size()];
        int k = 0;
        List<Op> all = program.ops();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i) instanceof Op.Submit) {
                ops[k++] = i;
            }
        }
        Map<Long, String> names = new HashMap<>();
        for (ExternalBuffer b : program.externals()) {
            names.putIfAbsent(b.addr(), b.name());
        }
        return of(program.name(), AccessGraph.Listing.OPS, submits, ops, names, trackReaders);
    }

    /** A conformance-vector program: op indices are submits[] indices. */
    static AccessGraph ofVector(VectorProgram program, boolean trackReaders) {
        int[] ops = new int[program.submits().size()];
        for (int i = 0; i < ops.length; i++) {
            ops[i] = i;
        }
        return of(program.name(), AccessGraph.Listing.SUBMITS, program.submits(), ops, Map.of(), trackReaders);
    }

    private static AccessGraph of(String name, AccessGraph.Listing listing, List<SubmitRecord> submits, int[] ops,
            Map<Long, String> externalNames, boolean trackReaders) {
        AccessGraph.Builder g = new AccessGraph.Builder(name, listing);
        for (SubmitRecord s : submits) {
            g.task(s.taskId());
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
                String external = v.ownerTaskId() == TaskId.INVALID ? externalNames.get(v.bufferAddr()) : null;
                int buffer = g.buffer(v.bufferAddr(), v.ownerTaskId(), external);
                TensorArgType type = trackReaders && a.type() == TensorArgType.INPUT ? TensorArgType.TRACKED_INPUT
                        : a.type();
                g.access(t, ops[t], i, type, buffer, Region.of(v.startOffset(), v.shape(), v.strides(),
                        v.dtype().bytes()), s.tracks(i), v.manualDep());
            }
        }
        for (DepEdge e : DependencyReplay.edgesOf(submits, trackReaders)) {
            g.edge(e.pred(), e.succ());
        }
        return g.build();
    }
}
