package io.ptosim.traces;

import com.fasterxml.jackson.databind.JsonNode;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TensorArgType;
import java.util.List;

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
