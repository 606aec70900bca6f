package io.ptosim.check;

import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TensorArgType;
import io.ptosim.traces.DepsGraph;
import io.ptosim.traces.BufferOwners;
import io.ptosim.traces.TraceFormatException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The access graph of a recorded {@code deps.json}: its tasks, one access per tensor arg with the
 * recorded view, and its edges. Buffers are told apart by address and creator
 * ({@link BufferOwners#of}), so a heap address reused by a later output is another buffer. An
 * OUTPUT slot records no tensor, so a task's creation of a buffer is the access {@code arg -1 OUTPUT}
 * over the whole buffer, listed with the task, for each buffer a later arg shows it created. Errors
 * name the file and the edge.
 */
final class DepsAccesses {
    private DepsAccesses() {
    }

    static AccessGraph of(DepsGraph graph) {
        AccessGraph.Builder g = new AccessGraph.Builder(graph.source(), AccessGraph.Listing.TASKS);
        List<DepsGraph.Task> tasks = graph.tasks();
        for (DepsGraph.Task t : tasks) {
            g.task(t.taskId());
        }
        Map<Long, DepsGraph.TensorInfo> tensors = new HashMap<>();
        for (DepsGraph.TensorInfo t : graph.tensors()) {
            tensors.put(t.tensorId(), t);
        }
        long[][] owners = BufferOwners.of(graph);
        List<TreeMap<Long, DepsGraph.TensorInfo>> created = createdBuffers(graph, owners, tensors, g);
        for (int i = 0; i < tasks.size(); i++) {
            DepsGraph.Task task = tasks.get(i);
            for (DepsGraph.TensorInfo t : created.get(i).values()) {
                g.access(i, i, -1, TensorArgType.OUTPUT, g.buffer(t.bufferAddr(), task.taskId(), null),
                        Region.whole(t.bufferNumel(), t.dtype().bytes()), true, false);
            }
            for (DepsGraph.ArgInfo a : task.args()) {
                if (a.type() == TensorArgType.NO_DEP) {
                    g.noDep();
                } else if (a.type() != TensorArgType.OUTPUT) {
                    DepsGraph.TensorInfo t = tensors.get(a.tensorId());
                    g.access(i, i, a.idx(), a.type(), g.buffer(t.bufferAddr(), owners[i][a.idx()], null),
                            Region.of(a.startOffset(), a.shape(), a.strides(), a.dtype().bytes()), !task.manual(),
                            false);
                }
            }
        }
        List<DepsGraph.Edge> edges = graph.edges();
        for (int k = 0; k < edges.size(); k++) {
            DepsGraph.Edge e = edges.get(k);
            if (g.edge(e.pred(), e.succ()) == AccessGraph.Builder.EdgeFate.BACKWARD) {
                throw new TraceFormatException(graph.source() + ": edges[" + k + "].pred: "
                        + TaskId.display(e.pred()) + " is listed at tasks[" + g.position(e.pred()) + "], not before its"
                        + " consumer " + TaskId.display(e.succ()) + " at tasks[" + g.position(e.succ()) + "]");
            }
        }
        return g.build();
    }

    /**
     * Per task, the buffers later args show it created, by address: the largest tensor seen at each (the
     * runtime rounds an output up to 1 KiB, and a reader may view less of it).
     */
    private static List<TreeMap<Long, DepsGraph.TensorInfo>> createdBuffers(DepsGraph graph, long[][] owners,
            Map<Long, DepsGraph.TensorInfo> tensors, AccessGraph.Builder g) {
        List<TreeMap<Long, DepsGraph.TensorInfo>> created = new ArrayList<>(graph.tasks().size());
        for (int i = 0; i < graph.tasks().size(); i++) {
            created.add(new TreeMap<>());
        }
        for (int i = 0; i < graph.tasks().size(); i++) {
            for (DepsGraph.ArgInfo a : graph.tasks().get(i).args()) {
                long owner = owners[i][a.idx()];
                int creator = owner == TaskId.INVALID ? -1 : g.position(owner);
                if (creator >= 0 && a.type() != TensorArgType.OUTPUT) {
                    DepsGraph.TensorInfo t = tensors.get(a.tensorId());
                    created.get(creator).merge(t.bufferAddr(), t, (x, y) -> x.bufferBytes() >= y.bufferBytes() ? x : y);
                }
            }
        }
        return created;
    }
}
