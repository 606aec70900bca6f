package io.ptosim.program;

import io.ptosim.des.RandomStream;
import io.ptosim.runtime.ErrorCode;
import io.ptosim.runtime.L2Runtime;
import io.ptosim.runtime.OutputSpec;
import io.ptosim.runtime.RuntimeConfig;
import io.ptosim.runtime.SubmitOutcome;
import io.ptosim.runtime.SubmitRequest;
import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TaskState;
import io.ptosim.runtime.TensorAccess;
import io.ptosim.runtime.TensorView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs a program on an {@link L2Runtime} without time: the orchestrator issues the ops in order; the
 * scheduler completes and releases tasks in an order drawn from a random stream. A blocked submit
 * makes the scheduler work until the block clears; if nothing can move, the run stops with the code
 * the runtime's backstop would latch. Every run ends: it is bounded by a step limit. Observers see each
 * step, which is how the ring-safety properties watch it.
 */
public final class UntimedRun {
    /** How a run ended. */
    public enum Result {
        /** Every task completed. */
        COMPLETED,
        /** The runtime latched an error, or a block could never clear. */
        STOPPED
    }

    /**
     * The outcome of a run.
     *
     * @param result how it ended
     * @param code the error code for a stopped run, else null
     * @param message the diagnosis for a stopped run, else ""
     * @param steps scheduler steps taken
     * @param trace one line per event (submit, complete, release, block), for determinism checks
     */
    public record Outcome(Result result, ErrorCode code, String message, long steps, List<String> trace) {
    }

    /** Sees the runtime after every change. */
    @FunctionalInterface
    public interface Observer {
        /** Called after each submit or scheduler step with a one-line description. */
        void after(L2Runtime runtime, String event);

        /** Called when a task (submit or alloc_tensors) was created, with its materialized outputs. */
        default void created(L2Runtime runtime, long taskId, List<TensorView> outputs) {
        }

        /**
         * Called just before a submitted task completes, with its op and its tensor args in slot order
         * (OUTPUT args materialized): where a functional run executes the kernel.
         */
        default void completing(L2Runtime runtime, long taskId, Op.Submit op, List<TensorView> tensors) {
        }
    }

    private static final long MAX_STEPS = 10_000_000;

    private final Program program;
    private final L2Runtime runtime;
    private final RandomStream order;
    private final Observer observer;
    private final ProgramBinding binding;
    private final List<Long> completedUnreleased = new ArrayList<>();
    private final List<String> trace = new ArrayList<>();
    private final boolean schedule;
    /** Op and resolved tensors of each submitted task until it completes; looked up only, never iterated. */
    private final Map<Long, Map.Entry<Op.Submit, List<TensorView>>> running = new HashMap<>();
    private long steps;

    private UntimedRun(Program program, RuntimeConfig config, RandomStream order, Observer observer) {
        this.program = program.validate();
        this.runtime = new L2Runtime(config);
        this.order = order;
        this.observer = observer;
        this.binding = new ProgramBinding(this.program);
        this.schedule = order != null;
    }

    /** Runs {@code program} with ring sizes {@code config}, completion order from {@code order}. */
    public static Outcome run(Program program, RuntimeConfig config, RandomStream order, Observer observer) {
        return new UntimedRun(program, config, Objects.requireNonNull(order, "order"), observer).go();
    }

    /**
     * Issues the program's ops with no scheduler at all: no task completes, so none retires and the
     * wiring can be compared with the dependency replay; get/set_tensor_data, which would need tasks to
     * complete, are skipped. A block stops the run (nothing could clear it);
     * a program that gets through ends {@link Result#COMPLETED} with its tasks still pending.
     */
    public static Outcome orchestrate(Program program, RuntimeConfig config, Observer observer) {
        return new UntimedRun(program, config, null, observer).go();
    }

    private Outcome go() {
        List<Op> ops = program.ops();
        CompiledOps compiled = null;
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            switch (op) {
                case Op.ScopeBegin b -> {
                    Optional<SubmitOutcome.Fatal> f = runtime.beginScope(b.mode());
                    if (f.isPresent()) {
                        return stopped(f.get().code(), f.get().message());
                    }
                }
                case Op.ScopeEnd e -> {
                    Optional<SubmitOutcome.Fatal> f = runtime.endScope();
                    if (f.isPresent()) {
                        return stopped(f.get().code(), f.get().message());
                    }
                }
                case Op.AddDependency d -> {
                    Optional<SubmitOutcome.Fatal> f = runtime.addDependency(binding.task(d.producerOp()),
                            binding.task(d.consumerOp()));
                    if (f.isPresent()) {
                        return stopped(f.get().code(), f.get().message());
                    }
                }
                case Op.Submit s -> {
                    if (compiled == null || i >= compiled.to()) {
                        compiled = program.compiled(i);
                    }
                    SubmitRequest req = binding.request(compiled, i);
                    SubmitOutcome o = until(() -> runtime.submit(req));
                    if (!(o instanceof SubmitOutcome.Submitted sub)) {
                        return stop(o);
                    }
                    TensorView[] tensors = ProgramBinding.tensorsOf(req, sub.outputs());
                    binding.bindSubmit(i, sub.taskId(), tensors);
                    running.put(sub.taskId(), Map.entry(s, List.of(tensors)));
                    observer.created(runtime, sub.taskId(), sub.outputs());
                    note("submit op " + i + " as " + TaskId.display(sub.taskId()));
                }
                case Op.TensorData d -> {
                    Outcome stop = access(i, d);
                    if (stop != null) {
                        return stop;
                    }
                }
                case Op.AllocTensors a -> {
                    List<OutputSpec> specs = ProgramBinding.specs(a);
                    SubmitOutcome o = until(() -> runtime.allocTensors(specs));
                    if (!(o instanceof SubmitOutcome.Submitted sub)) {
                        return stop(o);
                    }
                    binding.bindAlloc(i, sub.taskId(), sub.outputs());
                    observer.created(runtime, sub.taskId(), sub.outputs());
                    note("alloc op " + i + " as " + TaskId.display(sub.taskId()));
                }
            }
        }
        if (!schedule) {
            return new Outcome(Result.COMPLETED, null, "", steps, trace);
        }
        while (runtime.completedTasks() < runtime.totalTasks() || !completedUnreleased.isEmpty()) {
            if (!step()) {
                return stopped(null, "tasks remain but none is ready and none awaits release");
            }
            if (steps > MAX_STEPS) {
                return stopped(null, "step limit reached");
            }
        }
        return new Outcome(Result.COMPLETED, null, "", steps, trace);
    }

    /**
     * get/set_tensor_data: the scheduler works until the access may go ahead; if nothing can move, the
     * wait is the runtime's 15 s timeout (code 8). Without a scheduler the access is skipped.
     */
    private Outcome access(int op, Op.TensorData d) {
        if (!schedule) {
            note(d.kind() + " op " + op + " skipped");
            return null;
        }
        TensorView view = binding.resolve(d.tensor());
        TensorAccess a = runtime.tensorAccess(view, d.writes());
        TensorAccess noted = null;
        while (a instanceof TensorAccess.Waiting w) {
            if (!w.equals(noted)) {
                note(d.kind() + " op " + op + " waits for " + TaskId.display(w.producer())
                        + (w.forConsumers() ? "'s consumers" : ""));
                noted = w;
            }
            if (!step() || steps > MAX_STEPS) {
                SubmitOutcome.Fatal f = runtime.tensorWaitTimedOut(w);
                return stopped(f.code(), f.message());
            }
            a = runtime.tensorAccess(view, d.writes());
        }
        switch (a) {
            case TensorAccess.Failed f -> {
                return stopped(f.fatal().code(), f.fatal().message());
            }
            case TensorAccess.Unallocated u -> note(d.kind() + " op " + op + ": " + u.message());
            case TensorAccess.Ready r -> note(d.kind() + " op " + op);
            case TensorAccess.Waiting w -> throw new IllegalStateException("waited above");
        }
        return null;
    }

    private interface Attempt {
        SubmitOutcome attempt();
    }

    /** Retries a blocked call while the scheduler can make progress. */
    private SubmitOutcome until(Attempt call) {
        SubmitOutcome o = call.attempt();
        while (o instanceof SubmitOutcome.Blocked b) {
            note("blocked " + b.code() + " on ring " + b.ring());
            if (!step() || steps > MAX_STEPS) {
                if (steps <= MAX_STEPS && runtime.publishWatermarks()) {
                    note("exact watermark publication");
                    o = call.attempt();
                    continue;
                }
                return runtime.backstop(b);
            }
            o = call.attempt();
        }
        return o;
    }

    /** One scheduler action drawn at random: complete a ready task or release a completed one. */
    private boolean step() {
        if (!schedule) {
            return false;
        }
        List<Long> ready = runtime.ready().snapshot();
        int choices = ready.size() + completedUnreleased.size();
        if (choices == 0) {
            return false;
        }
        steps++;
        int pick = order.nextInt(choices);
        if (pick < ready.size()) {
            long t = ready.get(pick);
            runtime.ready().remove(t);
            Map.Entry<Op.Submit, List<TensorView>> task = running.remove(t);
            if (task != null) {
                observer.completing(runtime, t, task.getKey(), task.getValue());
            }
            runtime.complete(t);
            completedUnreleased.add(t);
            note("complete " + TaskId.display(t));
        } else {
            long t = completedUnreleased.remove(pick - ready.size());
            if (runtime.holds(t) && runtime.state(t) == TaskState.COMPLETED) {
                runtime.release(t);
            }
            note("release " + TaskId.display(t));
        }
        return true;
    }

    private void note(String event) {
        trace.add(event);
        observer.after(runtime, event);
    }

    private Outcome stop(SubmitOutcome o) {
        SubmitOutcome.Fatal f = (SubmitOutcome.Fatal) o;
        return stopped(f.code(), f.message());
    }

    private Outcome stopped(ErrorCode code, String message) {
        return new Outcome(Result.STOPPED, code, message, steps, trace);
    }
}
