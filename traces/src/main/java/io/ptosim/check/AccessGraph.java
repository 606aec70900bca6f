package io.ptosim.check;

import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TensorArgType;
import io.ptosim.traces.ProgramFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the hazard check needs of a program: its tasks in submit order, each task's buffer accesses, and
 * the edges between tasks. Edges always run from an earlier submit to a later one (a task can only wait
 * for one that exists), so submit order is a topological order; an edge from a task the graph does not
 * list (an alloc_tensors task, which completes at submit and waits for nothing) orders nothing and is
 * left out.
 *
 * <p>A ptosim program's get/set_tensor_data calls take places of their own among the tasks, in program
 * order ({@link Access#isHost()}), with the order the runtime gives them: after what the call waits for,
 * before every task and call the orchestrator issues after it (it blocks until the access is done).
 *
 * <p>NO_DEP args are not accesses: the tag declares that the arg needs no ordering and says nothing of
 * whether the kernel reads or writes it (the runtime gives it the creator edge only, spec §3.4), so
 * there is nothing to check; they are counted in {@link #noDepArgs()}.
 */
public final class AccessGraph {
    /** How the file lists tasks, which is what a finding's op index counts. */
    public enum Listing {
        /** A ptosim program: the index of the submit op among all ops. */
        OPS("op"),
        /** A conformance-vector program: the index in {@code submits[]}. */
        SUBMITS("submits"),
        /** A deps.json: the index in {@code tasks[]}. */
        TASKS("tasks");

        private final String key;

        Listing(String key) {
            this.key = key;
        }

        /** The JSON key of the index: {@code op}, {@code submits} or {@code tasks}. */
        public String key() {
            return key;
        }

        /** E.g. {@code op 5}, {@code tasks[5]}. */
        public String position(int index) {
            return this == OPS ? "op " + index : key + "[" + index + "]";
        }
    }

    private final String name;
    private final Listing listing;
    private final long[] taskIds;
    private final List<Access> accesses;
    private final List<BufferLabel> buffers;
    private final int[] edgePreds;
    private final int[] edgeSuccs;
    private final int edges;
    private final int noDepArgs;
    private final int hostCalls;

    private AccessGraph(Builder b) {
        this.name = b.name;
        this.listing = b.listing;
        this.taskIds = Arrays.copyOf(b.taskIds, b.tasks);
        b.accesses.sort(Comparator.comparingInt(Access::task));
        this.accesses = Collections.unmodifiableList(b.accesses);
        this.buffers = List.copyOf(b.buffers);
        this.edgePreds = Arrays.copyOf(b.edgePreds, b.edges);
        this.edgeSuccs = Arrays.copyOf(b.edgeSuccs, b.edges);
        this.edges = b.givenEdges;
        this.noDepArgs = b.noDepArgs;
        this.hostCalls = b.hostCalls;
    }

    /**
     * The graph of a program file: for a ptosim or vector program, its submits with the edges the
     * runtime's dependency rules derive (the dep-gen replay: no task retires); for a deps.json, the
     * recorded tasks and edges.
     *
     * @throws io.ptosim.traces.TraceFormatException naming the file and field of what cannot be checked
     */
    public static AccessGraph of(ProgramFile file) {
        return of(file, false);
    }

    /**
     * The graph of a program file as {@link #of(ProgramFile)}; {@code trackReaders} derives a program's
     * edges with every INPUT a tracked reader (the reader-tracking what-if, {@code tensorMap.trackReaders}).
     * A deps.json keeps its recorded edges either way.
     *
     * @throws io.ptosim.traces.TraceFormatException naming the file and field of what cannot be checked
     */
    public static AccessGraph of(ProgramFile file, boolean trackReaders) {
        return switch (file) {
            case ProgramFile.Ptosim p -> SubmitAccesses.ofProgram(p.program(), p.issued(), trackReaders);
            case ProgramFile.Vector v -> SubmitAccesses.ofVector(v.program(), trackReaders);
            case ProgramFile.Deps d -> DepsAccesses.of(d.graph());
        };
    }

    /** The program's name. */
    public String name() {
        return name;
    }

    /** How the file lists tasks. */
    public Listing listing() {
        return listing;
    }

    /** Tasks, in submit order (get/set_tensor_data calls aside). */
    public int tasks() {
        return taskIds.length - hostCalls;
    }

    /** The orchestrator's get/set_tensor_data calls. */
    public int hostCalls() {
        return hostCalls;
    }

    /** The runtime id of task {@code task} (its position in submit order); INVALID for a host call. */
    public long taskId(int task) {
        return taskIds[task];
    }

    /** Every access, by task in submit order. */
    public List<Access> accesses() {
        return accesses;
    }

    /** The buffers accesses name, by index. */
    public List<BufferLabel> buffers() {
        return buffers;
    }

    /** Edges the program has (derived or recorded), including those from tasks the graph does not list. */
    public int edges() {
        return edges;
    }

    /** NO_DEP args, which are not checked. */
    public int noDepArgs() {
        return noDepArgs;
    }

    /** The happens-before relation of the edges between listed tasks. */
    HappensBefore happensBefore() {
        return new HappensBefore(taskIds.length, edgePreds, edgeSuccs);
    }

    /** Collects tasks, buffers, accesses and edges; the adapters of each file form fill one. */
    static final class Builder {
        /** What {@link #edge} did with an edge. */
        enum EdgeFate {
            /** Kept. */
            KEPT,
            /** Its producer is not a listed task (an alloc_tensors task, or an id never submitted). */
            UNLISTED_PRODUCER,
            /** Its producer is listed at or after its consumer: it cannot order anything. */
            BACKWARD
        }

        private final String name;
        private final Listing listing;
        private long[] taskIds = new long[16];
        private int tasks;
        private final Map<Long, Integer> taskIndex = new HashMap<>();
        private final Map<BufferKey, Integer> bufferIndex = new HashMap<>();
        private final List<BufferLabel> buffers = new ArrayList<>();
        private final List<Access> accesses = new ArrayList<>();
        private int[] edgePreds = new int[16];
        private int[] edgeSuccs = new int[16];
        private int edges;
        private int givenEdges;
        private int noDepArgs;
        private int hostCalls;

        private record BufferKey(long addr, long owner) {
        }

        Builder(String name, Listing listing) {
            this.name = name;
            this.listing = listing;
        }

        /** Lists the next task in submit order; returns its position. */
        int task(long taskId) {
            if (tasks == taskIds.length) {
                taskIds = Arrays.copyOf(taskIds, tasks * 2);
            }
            taskIds[tasks] = taskId;
            if (taskId != TaskId.INVALID) {
                taskIndex.put(taskId, tasks);
            }
            return tasks++;
        }

        /** Lists a get/set_tensor_data call next in program order; returns its position. */
        int hostCall() {
            hostCalls++;
            return task(TaskId.INVALID);
        }

        /** The position of a listed task, or -1. */
        int position(long taskId) {
            return taskIndex.getOrDefault(taskId, -1);
        }

        /** The index of the buffer at {@code addr} created by {@code owner}, labelled on first sight. */
        int buffer(long addr, long owner, String externalName) {
            return bufferIndex.computeIfAbsent(new BufferKey(addr, owner), k -> {
                buffers.add(new BufferLabel(addr, owner, externalName));
                return buffers.size() - 1;
            });
        }

        /** Adds an access of listed task {@code task} at op index {@code op}. */
        void access(int task, int op, int arg, TensorArgType type, int buffer, Region region, boolean scopeTracked,
                boolean manualDep) {
            accesses.add(new Access(task, taskIds[task], op, arg, type, buffer, region, scopeTracked, manualDep));
        }

        /** Adds the access of the host call listed at {@code place}, op index {@code op}. */
        void hostAccess(int place, int op, HostCall call, int buffer, Region region) {
            accesses.add(new Access(place, op, call, buffer, region));
        }

        /** Orders two listed places ({@code pred} first) without counting a program edge. */
        void order(int pred, int succ) {
            if (pred >= succ) {
                throw new IllegalArgumentException("place " + pred + " is not before " + succ);
            }
            if (edges == edgePreds.length) {
                edgePreds = Arrays.copyOf(edgePreds, edges * 2);
                edgeSuccs = Arrays.copyOf(edgeSuccs, edges * 2);
            }
            edgePreds[edges] = pred;
            edgeSuccs[edges] = succ;
            edges++;
        }

        /** Counts a NO_DEP arg. */
        void noDep() {
            noDepArgs++;
        }

        /** Adds an edge between task ids (all tasks listed first), keeping it only if it can order something. */
        EdgeFate edge(long pred, long succ) {
            givenEdges++;
            int p = position(pred);
            int s = position(succ);
            if (p < 0 || s < 0) {
                return EdgeFate.UNLISTED_PRODUCER;
            }
            if (p >= s) {
                return EdgeFate.BACKWARD;
            }
            order(p, s);
            return EdgeFate.KEPT;
        }

        AccessGraph build() {
            return new AccessGraph(this);
        }
    }
}
