package io.ptosim.traces;

import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TensorArgType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Lookups over a recorded graph shared by its rebuild and its owner inference: tensors by id, tasks
 * by id and in ring order, edges by consumer, the producers edges name.
 */
final class DepsIndex {
    final DepsGraph graph;
    private final Map<Long, DepsGraph.TensorInfo> tensors = new HashMap<>();
    private final Map<Long, Integer> taskIndex = new HashMap<>();
    /** Task ids of tasks[] in id order (ring, then local), with their index. */
    private final TreeMap<Long, Integer> ringTasks = new TreeMap<>();
    private final Map<Long, List<DepsGraph.Edge>> edgesInto = new HashMap<>();
    private final Set<Long> preds = new HashSet<>();

    DepsIndex(DepsGraph graph) {
        this.graph = graph;
        for (DepsGraph.TensorInfo t : graph.tensors()) {
            tensors.put(t.tensorId(), t);
        }
        for (int i = 0; i < graph.tasks().size(); i++) {
            taskIndex.put(graph.tasks().get(i).taskId(), i);
            ringTasks.put(graph.tasks().get(i).taskId(), i);
        }
        for (DepsGraph.Edge e : graph.edges()) {
            edgesInto.computeIfAbsent(e.succ(), k -> new ArrayList<>()).add(e);
            preds.add(e.pred());
        }
    }

    /** The tensor with this id (the reader checked every reference). */
    DepsGraph.TensorInfo tensor(long tensorId) {
        return tensors.get(tensorId);
    }

    /** The tasks[] index of a task, or null for an id absent from tasks[] (an alloc_tensors task). */
    Integer index(long taskId) {
        return taskIndex.get(taskId);
    }

    /** The edges into a task, in file order. */
    List<DepsGraph.Edge> edgesInto(long taskId) {
        return edgesInto.getOrDefault(taskId, List.of());
    }

    /** Whether some edge names {@code taskId} as its producer. */
    boolean named(long taskId) {
        return preds.contains(taskId);
    }

    /** Whether a task of tasks[] was submitted in a manual scope. */
    boolean manual(long taskId) {
        Integer i = taskIndex.get(taskId);
        return i != null && graph.tasks().get(i).manual();
    }

    /** The next listed task of {@code id}'s ring after it (id and index), or null. */
    Map.Entry<Long, Integer> nextInRing(long id) {
        Map.Entry<Long, Integer> next = ringTasks.higherEntry(id);
        return next != null && TaskId.ring(next.getKey()) == TaskId.ring(id) ? next : null;
    }

    /** The last listed task of {@code id}'s ring before it (id and index), or null. */
    Map.Entry<Long, Integer> previousInRing(long id) {
        Map.Entry<Long, Integer> before = ringTasks.lowerEntry(id);
        return before != null && TaskId.ring(before.getKey()) == TaskId.ring(id) ? before : null;
    }

    /** A task's OUTPUT slots. */
    static int countOutputs(DepsGraph.Task task) {
        int n = 0;
        for (DepsGraph.ArgInfo a : task.args()) {
            n += a.type() == TensorArgType.OUTPUT ? 1 : 0;
        }
        return n;
    }

    /**
     * A task's place in submit order. An alloc_tensors task, absent from tasks[], takes the place of the
     * last listed task of its ring with a smaller local id (a ring issues ids in submit order), or -1.
     */
    int position(long taskId) {
        Integer i = taskIndex.get(taskId);
        if (i != null) {
            return i;
        }
        Map.Entry<Long, Integer> before = previousInRing(taskId);
        return before != null ? before.getValue() : -1;
    }
}
