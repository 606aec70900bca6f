package io.ptosim.properties;

import io.ptosim.des.RandomStream;
import io.ptosim.des.RandomStreams;
import io.ptosim.node.HostBuffer;
import io.ptosim.node.NodeArg;
import io.ptosim.node.NodeMember;
import io.ptosim.node.NodeOp;
import io.ptosim.node.NodeProgram;
import io.ptosim.node.NodeTensor;
import io.ptosim.node.Ptr;
import io.ptosim.node.SubCallable;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.TensorArgType;
import io.ptosim.spi.ChipCallConfig;
import io.ptosim.spi.ChipCallable;
import io.ptosim.spi.HostMemory;
import io.ptosim.spi.TaskArgs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Draws node scenarios from a seed: 2–4 chips, 0–2 SUB workers, and 1–40 ops over a small pool of host
 * buffers and device addresses so that tasks collide — random tags and affinities (−1 included), groups
 * on distinct pinned workers, SUB tasks and groups, {@code child_memory} tensors, auto-allocated outputs,
 * {@code alloc}, {@code malloc}/{@code copy_to}/{@code copy_from}/{@code free} on random workers (frees
 * mostly matched to live mallocs), nested scopes and occasional drains. Programs are legal under HEAD:
 * controls only before a run's first submit, {@code child_memory} only on live mallocs of the member's
 * pinned worker, no overlapping writes within a member. Every chip submit gets a callable
 * of its own name ({@code k<N>}), so a task can be traced back to the op that made it.
 */
public final class NodeProgramGenerator {
    /** The tags a node task's args draw from: the L3 runtime's, without the L2 reader-tracking what-if. */
    private static final TensorArgType[] NODE_TAGS = {TensorArgType.INPUT, TensorArgType.OUTPUT, TensorArgType.INOUT,
        TensorArgType.OUTPUT_EXISTING, TensorArgType.NO_DEP};
    /** Literal device addresses {@code child_memory} tensors may name; the fake chips' mallocs start at the first. */
    static final long[] DEVICE_POOL = {FakeChip.DEVICE_BASE, FakeChip.DEVICE_BASE + 0x1000};

    private NodeProgramGenerator() {
    }

    /** A chip callable that is only its name. */
    public record ChipKernel(String name) implements ChipCallable {
    }

    /**
     * A SUB callable of fixed duration that touches no memory.
     *
     * @param name its name
     * @param ns its modelled duration
     */
    public record SubKernel(String name, long ns) implements SubCallable {
        @Override
        public long durationNs(TaskArgs args) {
            return ns;
        }

        @Override
        public void run(TaskArgs args, HostMemory host) {
        }
    }

    /** The scenario of {@code seed}: no injected failure, default heaps. */
    public static NodeCase generate(long seed) {
        RandomStream r = new RandomStreams(seed).stream("node-program");
        int chips = r.nextInt(2, 5);
        int subs = r.nextInt(3);
        return new NodeCase(seed, chips, subs, new Drawer(r, chips, subs, seed).draw(), Set.of(), 0);
    }

    /** Chip callable names of the case's submits, in op order. */
    public static List<String> chipCallables(NodeProgram p) {
        List<String> names = new ArrayList<>();
        for (NodeOp op : p.ops()) {
            if (op instanceof NodeOp.SubmitChip s) {
                names.add(s.callable().name());
            }
        }
        return names;
    }

    /** The drawing state of one program. */
    private static final class Drawer {
        private final RandomStream r;
        private final int chips;
        private final int subs;
        private final NodeProgram.Builder b;
        private final List<HostBuffer> hosts = new ArrayList<>();
        /** Host-namespace handles usable as tensors (alloc slabs, bound auto outputs). */
        private final List<Ptr.Handle> hostHandles = new ArrayList<>();
        /** Live mallocs: handle and worker. */
        private final List<Ptr.Handle> live = new ArrayList<>();
        private final List<Integer> liveWorker = new ArrayList<>();
        private final List<Long> liveBytes = new ArrayList<>();
        private int openScopes;
        private int ops;
        /** Whether the current run has a submit (HEAD then refuses controls until the next run). */
        private boolean submittedInRun;

        Drawer(RandomStream r, int chips, int subs, long seed) {
            this.r = r;
            this.chips = chips;
            this.subs = subs;
            this.b = NodeProgram.builder("node-" + seed);
            for (int i = 0; i < 3; i++) {
                hosts.add(b.host("h" + i, DataType.UINT8, 4096));
            }
        }

        NodeProgram draw() {
            int target = r.nextInt(1, 41);
            while (ops < target) {
                int k = r.nextInt(100);
                if (k < 36) {
                    submitChip();
                } else if (k < 45) {
                    if (subs > 0) {
                        submitSub();
                    } else {
                        submitChip();
                    }
                } else if (k >= 49 && k < 71 && submittedInRun && !controlStartsRun()) {
                    continue;
                } else if (k < 49) {
                    hostHandles.add(b.alloc(DataType.UINT8, 64 << r.nextInt(4)));
                    ops++;
                } else if (k < 57) {
                    int w = r.nextInt(chips);
                    long bytes = 256L << r.nextInt(4);
                    live.add(b.malloc(w, bytes));
                    liveWorker.add(w);
                    liveBytes.add(bytes);
                    ops++;
                } else if (k < 63) {
                    free();
                } else if (k < 67) {
                    copy(true);
                } else if (k < 71) {
                    copy(false);
                } else if (k < 83) {
                    b.scopeBegin();
                    openScopes++;
                    ops++;
                } else if (k < 97) {
                    if (openScopes > 0) {
                        b.scopeEnd();
                        openScopes--;
                        ops++;
                    }
                } else {
                    closeScopes();
                    b.drain();
                    ops++;
                    submittedInRun = false;
                }
            }
            closeScopes();
            return b.build();
        }

        /**
         * HEAD refuses direct device control after a submit of the same run: one time in three the control
         * starts a new run (scopes closed, drain), else it is not drawn.
         */
        private boolean controlStartsRun() {
            if (r.nextInt(3) != 0) {
                return false;
            }
            closeScopes();
            b.drain();
            ops++;
            submittedInRun = false;
            return true;
        }

        private void closeScopes() {
            while (openScopes > 0) {
                b.scopeEnd();
                openScopes--;
                ops++;
            }
        }

        private void free() {
            if (live.isEmpty() && r.nextInt(8) != 0) {
                return;
            }
            ops++;
            if (live.isEmpty() || r.nextInt(20) == 0) {
                // the rare unmatched free, of a literal address no malloc returns (a freed handle freed again
                // could name a live malloc at the same address, here or on another chip, and free it behind
                // the generator's back, which then draws child_memory tensors on memory that is gone)
                b.free(r.nextInt(chips), new Ptr.Address(DEVICE_POOL[r.nextInt(2)] + 8));
                return;
            }
            int i = r.nextInt(live.size());
            b.free(liveWorker.get(i), live.get(i));
            live.remove(i);
            liveWorker.remove(i);
            liveBytes.remove(i);
        }

        private void copy(boolean to) {
            ops++;
            int w;
            Ptr dev;
            long bytes;
            if (!live.isEmpty() && r.nextInt(4) != 0) {
                int i = r.nextInt(live.size());
                w = liveWorker.get(i);
                dev = live.get(i);
                bytes = 1 + r.nextLong(liveBytes.get(i));
            } else {
                w = r.nextInt(chips);
                dev = new Ptr.Address(DEVICE_POOL[r.nextInt(2)]);
                bytes = 64L << r.nextInt(11);
            }
            Ptr host = hosts.get(r.nextInt(hosts.size())).ptr();
            if (to) {
                b.copyTo(w, dev, host, bytes);
            } else {
                b.copyFrom(w, host, dev, bytes);
            }
        }

        private void submitChip() {
            ops++;
            String name = "k" + ops;
            boolean group = r.nextInt(10) < 3;
            int n = group ? r.nextInt(1, chips + 1) : 1;
            int[] workers = new int[n];
            Arrays.fill(workers, -1);
            List<Integer> free = new ArrayList<>();
            for (int i = 0; i < chips; i++) {
                free.add(i);
            }
            for (int m = 0; m < n; m++) {
                if (r.nextInt(10) < (group ? 5 : 7)) {
                    workers[m] = free.remove(r.nextInt(free.size()));
                }
            }
            List<NodeMember> members = new ArrayList<>();
            List<Ptr.Handle> newOutputs = new ArrayList<>();
            for (int m = 0; m < n; m++) {
                members.add(member(newOutputs, workers[m]));
            }
            submittedInRun = true;
            ChipCallConfig cfg = ChipCallConfig.DEFAULT;
            if (group) {
                b.submitGroup(new ChipKernel(name), cfg, workers, members);
            } else {
                b.submit(new ChipKernel(name), workers[0], cfg, members.get(0));
            }
            hostHandles.addAll(newOutputs);
        }

        private void submitSub() {
            ops++;
            String name = "s" + ops;
            boolean group = r.nextInt(10) < 3;
            int n = group ? r.nextInt(1, subs + 1) : 1;
            List<NodeMember> members = new ArrayList<>();
            List<Ptr.Handle> newOutputs = new ArrayList<>();
            for (int m = 0; m < n; m++) {
                members.add(member(newOutputs, -1));
            }
            submittedInRun = true;
            SubKernel k = new SubKernel(name, 1_000L * r.nextInt(1, 50));
            if (group) {
                b.submitSubGroup(k, members);
            } else {
                b.submitSub(k, members.get(0).args().toArray(NodeArg[]::new));
            }
            hostHandles.addAll(newOutputs);
        }

        /**
         * Where a view of a literal buffer starts: half the time its base, else one of three 32-byte steps,
         * so views overlap partly, touch, or nest.
         */
        private long view() {
            return r.nextBoolean() ? 0 : 32L * r.nextInt(1, 4);
        }

        /** A view's size: 16, 32, 64 or 128 bytes. */
        private int viewBytes() {
            return 16 << r.nextInt(4);
        }

        /**
         * A member's args. A {@code child_memory} tensor is a live malloc of the member's own pinned worker
         * (HEAD checks that at submit; an unpinned or SUB member takes none). An argument that would overlap
         * an earlier writing argument of the member is not drawn (HEAD rejects overlapping writes).
         */
        private NodeMember member(List<Ptr.Handle> newOutputs, int worker) {
            int count = r.nextInt(1, 5);
            List<NodeArg> args = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int k = r.nextInt(100);
                if (k < 15) {
                    NodeTensor t = b.output("out" + ops + "." + i, DataType.UINT8, 64 << r.nextInt(3));
                    newOutputs.add((Ptr.Handle) t.data());
                    args.add(new NodeArg(TensorArgType.OUTPUT, t));
                    continue;
                }
                NodeTensor t;
                List<Ptr.Handle> own = new ArrayList<>();
                for (int j = 0; j < live.size(); j++) {
                    if (liveWorker.get(j) == worker) {
                        own.add(live.get(j));
                    }
                }
                if (k < 40 && !own.isEmpty()) {
                    t = NodeProgram.child(own.get(r.nextInt(own.size())), DataType.UINT8, 64);
                } else if (k < 55 && !hostHandles.isEmpty()) {
                    t = NodeProgram.tensor(hostHandles.get(r.nextInt(hostHandles.size())), DataType.UINT8, 64);
                } else {
                    t = NodeProgram.tensor(new Ptr.Address(hosts.get(r.nextInt(hosts.size())).addr() + view()),
                            DataType.UINT8, viewBytes());
                }
                NodeArg a = new NodeArg(NODE_TAGS[r.nextInt(NODE_TAGS.length)], t);
                if (args.stream().noneMatch(e -> e.inserts() && overlap(e.tensor(), a.tensor()))) {
                    args.add(a);
                }
            }
            return NodeMember.of(args.toArray(NodeArg[]::new));
        }

        /**
         * Whether two tensors of one member may share a byte: overlapping literal ranges, the same live malloc,
         * or any two heap handles (a slab is reused once its task is consumed, and every run resets the ring,
         * so two heap handles may be one address). Literal host buffers and the heap never meet.
         */
        private static boolean overlap(NodeTensor x, NodeTensor y) {
            if (x.childMemory() != y.childMemory()) {
                return false;
            }
            if (x.data() instanceof Ptr.Address a && y.data() instanceof Ptr.Address c) {
                return a.value() < c.value() + y.nbytes() && c.value() < a.value() + x.nbytes();
            }
            if (x.data() instanceof Ptr.Handle && y.data() instanceof Ptr.Handle) {
                return !x.childMemory() || x.data().equals(y.data());
            }
            return false;
        }
    }
}
