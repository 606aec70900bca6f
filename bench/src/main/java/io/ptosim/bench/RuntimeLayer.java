package io.ptosim.bench;

import io.ptosim.program.CompiledOps;
import io.ptosim.program.Op;
import io.ptosim.program.Program;
import io.ptosim.program.ProgramBinding;
import io.ptosim.runtime.L2Runtime;
import io.ptosim.runtime.ReadyQueue;
import io.ptosim.runtime.RuntimeConfig;
import io.ptosim.runtime.SubmitArgs;
import io.ptosim.runtime.SubmitOutcome;
import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TaskShape;

/**
 * The runtime-semantics layer of a run on its own: a program's ops go through {@link L2Runtime} the
 * way the simulated orchestrator issues them (the same compiled form, binding and submit buffer), and
 * every task that becomes ready is completed and released at once, in ready-queue order, as a scheduler
 * with infinitely fast cores would. No virtual time, no events, no chip: what is left of a timed run's
 * cost once the event engine and the chip model are taken away.
 */
public final class RuntimeLayer {
    private static final TaskShape[] SHAPES = TaskShape.values();

    private final L2Runtime runtime;
    private final long[] done = new long[256];

    private RuntimeLayer(RuntimeConfig config) {
        this.runtime = new L2Runtime(config);
    }

    /**
     * Issues all of {@code program}'s submits, scopes, allocations and explicit dependencies; returns the
     * tasks completed.
     *
     * @throws IllegalStateException if a submit stays blocked with nothing left to complete, or is fatal
     */
    public static long run(Program program, RuntimeConfig config) {
        return new RuntimeLayer(config).go(program);
    }

    private long go(Program program) {
        ProgramBinding binding = new ProgramBinding(program);
        SubmitArgs args = new SubmitArgs();
        int ops = program.ops().size();
        CompiledOps compiled = null;
        for (int op = 0; op < ops; op++) {
            if (compiled == null || op >= compiled.to()) {
                compiled = program.compiled(op);
            }
            switch (compiled.kind(op)) {
                case CompiledOps.SUBMIT -> {
                    binding.fill(compiled, op, args);
                    while (!runtime.submit(args)) {
                        if (args.refusal() instanceof SubmitOutcome.Fatal f || drain() == 0) {
                            throw new IllegalStateException("op " + op + " cannot be submitted: " + args.refusal());
                        }
                        binding.fill(compiled, op, args);
                    }
                    binding.bindSubmit(op, args);
                }
                case CompiledOps.SCOPE_BEGIN -> check(op, runtime.beginScope(compiled.scopeMode(op)).orElse(null));
                case CompiledOps.SCOPE_END -> check(op, runtime.endScope().orElse(null));
                default -> other(op, compiled.op(op), binding);
            }
            drain();
        }
        while (drain() > 0) {
            continue;
        }
        return runtime.completedTasks();
    }

    private void other(int index, Op op, ProgramBinding binding) {
        switch (op) {
            case Op.AllocTensors a -> {
                SubmitOutcome out = runtime.allocTensors(ProgramBinding.specs(a));
                if (!(out instanceof SubmitOutcome.Submitted s)) {
                    throw new IllegalStateException("op " + index + " cannot allocate: " + out);
                }
                binding.bindAlloc(index, s.taskId(), s.outputs());
            }
            case Op.AddDependency d ->
                    check(index, runtime.addDependency(binding.task(d.producerOp()), binding.task(d.consumerOp()))
                            .orElse(null));
            default -> {
                // tensor data accesses wait for completions, which this layer makes at once
            }
        }
    }

    private static void check(int op, SubmitOutcome.Fatal fatal) {
        if (fatal != null) {
            throw new IllegalStateException("op " + op + " failed: " + fatal.message());
        }
    }

    /** Completes and then releases every ready task (and those they make ready); returns how many. */
    private int drain() {
        ReadyQueue ready = runtime.ready();
        int total = 0;
        while (ready.size() > 0) {
            int n = 0;
            for (TaskShape shape : SHAPES) {
                long t;
                while (n < done.length && (t = ready.poll(shape)) != TaskId.INVALID) {
                    runtime.complete(t);
                    done[n++] = t;
                }
            }
            for (int i = 0; i < n; i++) {
                runtime.release(done[i]);
            }
            total += n;
        }
        return total;
    }
}
