package io.ptosim.properties;

import io.ptosim.runtime.ScopeMode;
import io.ptosim.des.RandomStream;
import io.ptosim.des.RandomStreams;
import io.ptosim.program.Args;
import io.ptosim.program.Arg;
import io.ptosim.program.BufferRef;
import io.ptosim.program.Orchestration;
import io.ptosim.program.Program;
import io.ptosim.program.Task;
import io.ptosim.program.Tensor;
import io.ptosim.runtime.DataType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws a random valid {@link Program} from a seed: a few external buffers of 1 to 4 small
 * dimensions, then submits whose args view those buffers and earlier outputs with full, partial and no
 * overlap (sub-boxes, steps, transposes), sometimes a newer version or manual_dep, OUTPUTs,
 * alloc_tensors, explicit deps, scalars, nested AUTO and MANUAL scopes and, if asked, MANUAL_HYBRID
 * scopes with add_dependency (earlier task to later, so no cycles). The same seed always
 * gives the same program; everything comes from one named random stream.
 */
public final class ProgramGenerator {
    /**
     * Knobs for the shape of generated programs.
     *
     * @param maxOps most submits and alloc_tensors
     * @param maxDim largest size of one dimension
     * @param manualScopes whether MANUAL scopes appear
     * @param maxTasksPerScope most tasks a (non-root) scope gets before it is closed and a sibling opened,
     *     as loops of small scopes do in real orchestrations
     * @param hybridScopes whether MANUAL_HYBRID scopes (with add_dependency) appear
     */
    public record Settings(int maxOps, int maxDim, boolean manualScopes, int maxTasksPerScope, boolean hybridScopes) {
        /** Programs of up to 40 tasks over dimensions up to 6, with manual scopes, scopes of any size. */
        public static final Settings DEFAULT = new Settings(40, 6, true, Integer.MAX_VALUE, true);
    }

    private static final DataType[] DTYPES = {DataType.FLOAT32, DataType.FLOAT16, DataType.INT8};

    private final RandomStream random;
    private final Settings settings;
    private final Orchestration orch;
    private final List<Tensor> bases = new ArrayList<>();
    private final List<Task> tasks = new ArrayList<>();
    /** Highest version used per buffer; only looked up, never iterated. */
    private final Map<BufferRef, Integer> versions = new HashMap<>();
    private final List<ScopeMode> scopes = new ArrayList<>();
    private final List<Integer> tasksInScope = new ArrayList<>();
    /** Submits of the innermost MANUAL_HYBRID scope, in order (alloc tasks excluded: undefined there, spec §12.7). */
    private final List<Task> scopeTasks = new ArrayList<>();

    private ProgramGenerator(long seed, Settings settings) {
        this.random = new RandomStreams(seed).stream("program-generator");
        this.settings = settings;
        this.orch = new Orchestration("generated-" + seed);
    }

    /** The program for {@code seed}. */
    public static Program generate(long seed, Settings settings) {
        return new ProgramGenerator(seed, settings).build();
    }

    private Program build() {
        int externals = 1 + random.nextInt(3);
        for (int i = 0; i < externals; i++) {
            DataType dtype = DTYPES[random.nextInt(DTYPES.length)];
            bases.add(orch.external("x" + i, 0x1000_0000L * (i + 1), dtype, shape()));
        }
        int ops = 1 + random.nextInt(settings.maxOps());
        for (int i = 0; i < ops; i++) {
            int roll = random.nextInt(100);
            if (!scopes.isEmpty() && tasksInScope.get(tasksInScope.size() - 1) >= settings.maxTasksPerScope()) {
                ScopeMode mode = scopes.get(scopes.size() - 1);
                endScope();
                beginScope(mode);
            } else if (roll < 8 && scopes.size() < 4 && !scopes.contains(ScopeMode.MANUAL_HYBRID)) {
                boolean inManual = scopes.contains(ScopeMode.MANUAL);
                if (!inManual && settings.hybridScopes() && random.nextInt(4) == 0) {
                    beginScope(ScopeMode.MANUAL_HYBRID);
                } else {
                    beginScope(inManual || (settings.manualScopes() && random.nextInt(3) == 0)
                            ? ScopeMode.MANUAL : ScopeMode.AUTO);
                }
            } else if (roll < 14 && !scopes.isEmpty()) {
                endScope();
            }
            if (!scopes.isEmpty() && scopes.get(scopes.size() - 1) == ScopeMode.MANUAL_HYBRID
                    && scopeTasks.size() >= 2 && random.nextInt(3) == 0) {
                int a = random.nextInt(scopeTasks.size() - 1);
                int b = a + 1 + random.nextInt(scopeTasks.size() - a - 1);
                orch.addDependency(scopeTasks.get(a), scopeTasks.get(b));
            }
            if (!tasksInScope.isEmpty()) {
                tasksInScope.set(tasksInScope.size() - 1, tasksInScope.get(tasksInScope.size() - 1) + 1);
            }
            boolean inHybrid = scopes.contains(ScopeMode.MANUAL_HYBRID);
            if (!inHybrid && random.nextInt(25) == 0) {
                tensorData();
                continue;
            }
            if (random.nextInt(20) == 0) {
                Task t = orch.allocTensors(new Arg.OutputArg(DTYPES[random.nextInt(DTYPES.length)], shape(), false));
                tasks.add(t);
                bases.addAll(t.outputs());
            } else {
                submit();
            }
        }
        while (!scopes.isEmpty()) {
            endScope();
        }
        return orch.build();
    }

    private void beginScope(ScopeMode mode) {
        scopeTasks.clear();
        scopes.add(mode);
        tasksInScope.add(0);
        orch.beginScope(mode);
    }

    private void endScope() {
        scopeTasks.clear();
        scopes.remove(scopes.size() - 1);
        tasksInScope.remove(tasksInScope.size() - 1);
        orch.endScope();
    }

    /** A get_tensor_data or set_tensor_data of one element of a random view (never inside MANUAL_HYBRID). */
    private void tensorData() {
        Tensor view = view(bases.get(random.nextInt(bases.size())));
        int[] shape = view.shape();
        for (int n : shape) {
            if (n == 0) {
                return;
            }
        }
        long[] indices = new long[shape.length];
        for (int d = 0; d < shape.length; d++) {
            indices[d] = random.nextInt(shape[d]);
        }
        if (random.nextBoolean()) {
            orch.getTensorData(view, indices);
        } else {
            orch.setTensorData(view, random.nextInt(256), indices);
        }
    }

    private int[] shape() {
        int[] shape = new int[1 + random.nextInt(4)];
        for (int d = 0; d < shape.length; d++) {
            shape[d] = 1 + random.nextInt(settings.maxDim());
        }
        return shape;
    }

    private void submit() {
        Args args = Args.args();
        int tensors = 1 + random.nextInt(5);
        for (int i = 0; i < tensors; i++) {
            int roll = random.nextInt(100);
            if (roll < 20) {
                args.output(DTYPES[random.nextInt(DTYPES.length)], shape());
                continue;
            }
            Tensor view = view(bases.get(random.nextInt(bases.size())));
            if (roll < 55) {
                args.input(view);
            } else if (roll < 80) {
                args.inout(view);
            } else if (roll < 93) {
                args.outputExisting(view);
            } else {
                args.noDep(view);
            }
        }
        int scalars = random.nextInt(4) == 0 ? 1 + random.nextInt(2) : 0;
        for (int i = 0; i < scalars; i++) {
            args.scalar(random.nextLong());
        }
        if (!tasks.isEmpty() && random.nextInt(5) == 0) {
            int deps = 1 + random.nextInt(2);
            for (int i = 0; i < deps; i++) {
                Task t = tasks.get(random.nextInt(tasks.size()));
                if (random.nextBoolean()) {
                    args.dep(t);
                } else {
                    args.depWait(t);
                }
            }
        }
        Task t = random.nextBoolean() ? orch.submitAic(random.nextInt(4), args) : orch.submitAiv(random.nextInt(4), args);
        tasks.add(t);
        scopeTasks.add(t);
        bases.addAll(t.outputs());
    }

    /** A random view of {@code base}: whole, a sub-box, a stepped slice or a transpose, maybe versioned. */
    private Tensor view(Tensor base) {
        int[] shape = base.shape();
        Tensor v = base;
        int roll = random.nextInt(10);
        if (roll < 6) {
            int[] sub = new int[shape.length];
            long[] off = new long[shape.length];
            for (int d = 0; d < shape.length; d++) {
                sub[d] = 1 + random.nextInt(shape[d]);
                off[d] = random.nextInt(shape[d] - sub[d] + 1);
            }
            v = base.view(sub, off);
        } else if (roll < 7) {
            int dim = random.nextInt(shape.length);
            if (shape[dim] >= 2) {
                int start = random.nextInt(2);
                v = base.slice(dim, start, shape[dim], 2);
            }
        } else if (roll < 8 && shape.length >= 2) {
            v = base.transpose(0, shape.length - 1);
        }
        int current = versions.getOrDefault(base.buffer(), 0);
        int version = random.nextInt(6) == 0 ? current + 1 : current;
        versions.put(base.buffer(), version);
        v = v.withVersion(version);
        if (random.nextInt(20) == 0) {
            v = v.manualDep(true);
        }
        return v;
    }
}
