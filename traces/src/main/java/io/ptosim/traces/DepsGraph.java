package io.ptosim.traces;

import com.fasterxml.jackson.databind.JsonNode;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TensorArgType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
    /** Rings a task id may name (the reader rejects others). */
    private static final int RINGS = 4;

    /** Copies the lists. */
    public DepsGraph {
        tasks = List.copyOf(tasks);
        tensors = List.copyOf(tensors);
        edges = List.copyOf(edges);
    }

    /**
     * Per task (its {@code tasks[]} index) and arg slot, the task that created the arg's buffer:
     * {@link TaskId#INVALID} for an external buffer and for an OUTPUT slot. The file records no owners, so
     * they are inferred from the creator edges: an edge from producer P naming a tensor at address A says
     * P created the buffer at A, which exists from P's submit on (after P's own args; an alloc_tensors
     * task, absent from {@code tasks[]}, right after the last listed task of its ring with a smaller
     * local id). Walking the submits in order, an arg at A belongs to the latest buffer created there, so
     * a later producer takes the address over as the heap reuses it, and an arg whose own creator edge
     * was left out (its producer already had an edge into the task) still finds its owner. An address no
     * creator edge names is external.
     *
     * @throws TraceFormatException if a creator edge makes a task its own producer, or names a producer
     *     submitted after its consumer
     */
    public long[][] argOwners() {
        Map<Long, Long> tensorAddr = new HashMap<>();
        for (TensorInfo t : tensors) {
            tensorAddr.put(t.tensorId(), t.bufferAddr());
        }
        Map<Long, Integer> position = new HashMap<>();
        for (int i = 0; i < tasks.size(); i++) {
            position.put(tasks.get(i).taskId(), i);
        }
        AllocBirths allocs = new AllocBirths();
        TreeMap<Integer, TreeMap<Long, Long>> births = new TreeMap<>();
        for (int k = 0; k < edges.size(); k++) {
            Edge e = edges.get(k);
            if (e.source() != Source.CREATOR) {
                continue;
            }
            String at = source + ": edges[" + k + "]: ";
            if (e.pred() == e.succ()) {
                throw new TraceFormatException(at + "a creator edge makes " + TaskId.display(e.pred())
                        + " its own producer");
            }
            int born = position.containsKey(e.pred()) ? position.get(e.pred()) : allocs.of(e.pred());
            if (born >= position.get(e.succ())) {
                throw new TraceFormatException(at + "creator " + TaskId.display(e.pred()) + " is submitted after its"
                        + " consumer " + TaskId.display(e.succ()));
            }
            births.computeIfAbsent(born, b -> new TreeMap<>()).put(tensorAddr.get(e.tensorId()), e.pred());
        }
        Map<Long, Long> current = new HashMap<>();
        births.getOrDefault(-1, new TreeMap<>()).forEach(current::put);
        long[][] owners = new long[tasks.size()][];
        for (int i = 0; i < tasks.size(); i++) {
            Task task = tasks.get(i);
            owners[i] = new long[task.args().size()];
            for (ArgInfo a : task.args()) {
                owners[i][a.idx()] = a.type() == TensorArgType.OUTPUT ? TaskId.INVALID
                        : current.getOrDefault(tensorAddr.get(a.tensorId()), TaskId.INVALID);
            }
            births.getOrDefault(i, new TreeMap<>()).forEach(current::put);
        }
        return owners;
    }

    /**
     * Where each alloc_tensors task's buffers come into existence: after the last listed task of its ring
     * with a smaller local id (a ring issues ids in submit order), or at -1 (before every task). Per ring,
     * the listed locals sorted with the latest position among those up to each.
     */
    private final class AllocBirths {
        private final long[][] locals = new long[RINGS][];
        private final int[][] latest = new int[RINGS][];

        AllocBirths() {
            for (int ring = 0; ring < RINGS; ring++) {
                List<long[]> mine = new ArrayList<>();
                for (int i = 0; i < tasks.size(); i++) {
                    long id = tasks.get(i).taskId();
                    if (TaskId.ring(id) == ring) {
                        mine.add(new long[] {TaskId.local(id), i});
                    }
                }
                mine.sort(Comparator.comparingLong(x -> x[0]));
                locals[ring] = new long[mine.size()];
                latest[ring] = new int[mine.size()];
                for (int k = 0; k < mine.size(); k++) {
                    locals[ring][k] = mine.get(k)[0];
                    latest[ring][k] = Math.max(k == 0 ? -1 : latest[ring][k - 1], (int) mine.get(k)[1]);
                }
            }
        }

        int of(long alloc) {
            int ring = TaskId.ring(alloc);
            int below = Arrays.binarySearch(locals[ring], TaskId.local(alloc));
            int count = below >= 0 ? below : -below - 1;
            return count == 0 ? -1 : latest[ring][count - 1];
        }
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
