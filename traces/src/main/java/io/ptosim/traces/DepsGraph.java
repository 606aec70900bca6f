package io.ptosim.traces;

import com.fasterxml.jackson.databind.JsonNode;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TensorArgType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code deps.json} as read (traces.md §1): the captured submits in submit order, the tensors they
 * name, the producer-to-consumer edges, and the document itself for exact comparisons. Ids are the
 * file's 64-bit values ({@code ring << 32 | local} for tasks, FNV-1a for tensors).
 *
 * @param source the file name errors and reports use
 * @param tasks the submits, in submit order
 * @param tensors one per distinct (buffer_addr, version)
 * @param edges the edges, in file order
 * @param document the whole file as a JSON tree
 */
public record DepsGraph(String source, List<Task> tasks, List<TensorInfo> tensors, List<Edge> edges,
        JsonNode document) implements TraceFile {
    /** Copies the lists. */
    public DepsGraph {
        tasks = List.copyOf(tasks);
        tensors = List.copyOf(tensors);
        edges = List.copyOf(edges);
    }

    /**
     * Per task (its {@code tasks[]} index) and arg slot, the task that created the arg's buffer:
     * {@link TaskId#INVALID} for an external buffer and for an OUTPUT slot. The file records no owners, so
     * they are inferred walking the submits in order: a creator edge into an arg makes its producer the
     * owner of that buffer address from then on (a later producer may take the address over, as the heap
     * reuses it); an address no creator edge has named yet is external.
     *
     * @throws TraceFormatException if a creator edge makes a task its own producer
     */
    public long[][] argOwners() {
        Map<Long, Long> tensorAddr = new HashMap<>();
        for (TensorInfo t : tensors) {
            tensorAddr.put(t.tensorId(), t.bufferAddr());
        }
        Map<Long, Map<Integer, Long>> creators = new HashMap<>();
        for (Edge e : edges) {
            if (e.source() == Source.CREATOR) {
                creators.computeIfAbsent(e.succ(), k -> new HashMap<>()).putIfAbsent(e.arg(), e.pred());
            }
        }
        Map<Long, Long> current = new HashMap<>();
        long[][] owners = new long[tasks.size()][];
        for (int i = 0; i < tasks.size(); i++) {
            Task task = tasks.get(i);
            Map<Integer, Long> mine = creators.getOrDefault(task.taskId(), Map.of());
            owners[i] = new long[task.args().size()];
            for (ArgInfo a : task.args()) {
                if (a.type() == TensorArgType.OUTPUT) {
                    owners[i][a.idx()] = TaskId.INVALID;
                    continue;
                }
                long addr = tensorAddr.get(a.tensorId());
                Long creator = mine.get(a.idx());
                if (creator != null) {
                    if (creator == task.taskId()) {
                        throw new TraceFormatException(source + ": a creator edge makes " + TaskId.display(creator)
                                + " its own producer (tasks[" + i + "].args[" + a.idx() + "])");
                    }
                    current.put(addr, creator);
                }
                owners[i][a.idx()] = current.getOrDefault(addr, TaskId.INVALID);
            }
        }
        return owners;
    }

    /**
     * One captured submit.
     *
     * @param taskId its task id
     * @param manual submitted inside a manual scope
     * @param earlyDispatch carried the early-resolve hint
     * @param kernelIds {@code [aic, aiv0, aiv1]}, -1 for unused
     * @param blockNum SPMD blocks, >= 1
     * @param args its tensor args in slot order
     */
    public record Task(long taskId, boolean manual, boolean earlyDispatch, int[] kernelIds, int blockNum,
            List<ArgInfo> args) {
        /** Copies the array and the list. */
        public Task {
            kernelIds = kernelIds.clone();
            args = List.copyOf(args);
        }

        /** A copy of the kernel ids. */
        @Override
        public int[] kernelIds() {
            return kernelIds.clone();
        }

        /** The task's ring. */
        public int ring() {
            return TaskId.ring(taskId);
        }
    }

    /**
     * One tensor arg. An OUTPUT arg carries no tensor (its buffer did not exist at submit time): its
     * {@code dtype} is null and its geometry empty.
     *
     * @param idx its slot
     * @param type its tag ({@code "UNKNOWN"} in the file reads as NO_DEP)
     * @param tensorId the tensor it names (0 for OUTPUT)
     * @param dtype the view's dtype
     * @param shape the view's shape
     * @param startOffset the view's start offset in elements
     * @param strides the view's strides in elements
     */
    public record ArgInfo(int idx, TensorArgType type, long tensorId, DataType dtype, int[] shape, long startOffset,
            long[] strides) {
        /** Copies the arrays. */
        public ArgInfo {
            shape = shape.clone();
            strides = strides.clone();
        }

        /** A copy of the shape. */
        @Override
        public int[] shape() {
            return shape.clone();
        }

        /** A copy of the strides. */
        @Override
        public long[] strides() {
            return strides.clone();
        }
    }

    /**
     * One tensor (one buffer version).
     *
     * @param tensorId its FNV-1a id
     * @param bufferAddr its buffer's address
     * @param version its version
     * @param dtype its dtype
     * @param bufferNumel elements of the underlying buffer (a runtime output's 1024-byte-rounded slot)
     */
    public record TensorInfo(long tensorId, long bufferAddr, int version, DataType dtype, long bufferNumel) {
        /** Bytes of the underlying buffer. */
        public long bufferBytes() {
            return bufferNumel * dtype.bytes();
        }
    }

    /** Where an edge comes from (traces.md §1.4). */
    public enum Source {
        /** {@code set_dependencies} or {@code add_dependency}. */
        EXPLICIT,
        /** The consumer's tensor is an output of the producer. */
        CREATOR,
        /** A TensorMap lookup hit the producer's registered write. */
        TENSORMAP
    }

    /**
     * One edge.
     *
     * @param pred the producer's task id (an alloc_tensors task is absent from {@code tasks})
     * @param succ the consumer's task id
     * @param arg the consumer's arg slot, -1 for an explicit edge
     * @param source where it comes from
     * @param tensorId the tensor it is about (0 for an explicit edge)
     */
    public record Edge(long pred, long succ, int arg, Source source, long tensorId) {
    }
}
