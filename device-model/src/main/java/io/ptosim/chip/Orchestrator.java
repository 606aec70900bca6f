package io.ptosim.chip;

import io.ptosim.des.EventHandle;
import io.ptosim.des.Timer;
import io.ptosim.kernel.ViewElements;
import io.ptosim.memory.Elements;
import io.ptosim.memory.GlobalMemory;
import io.ptosim.program.CompiledOps;
import io.ptosim.program.Op;
import io.ptosim.program.Program;
import io.ptosim.program.ProgramBinding;
import io.ptosim.runtime.SubmitArgs;
import io.ptosim.runtime.SubmitOutcome;
import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TensorAccess;
import io.ptosim.runtime.TensorView;
import io.ptosim.trace.TraceEvent;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The AICPU orchestrator thread: executes the program op by op through the runtime, charging each
 * step its cost. A submit the runtime reports blocked waits, in virtual time, until a release moves a
 * watermark (then retries), or until the allocator's backstop latches the block's error; a tensor
 * access waits for completions, or the 15 s timeout. The time spent blocked is accounted per resource.
 */
final class Orchestrator {
    private final Chip chip;
    private final Program program;
    private final int opCount;
    private CompiledOps compiled;
    private final ProgramBinding binding;
    /** The submit being made (one buffer, refilled for every submit). */
    private final SubmitArgs args = new SubmitArgs();
    /** Per open scope (innermost last): tasks submitted in it, for the scope-end cost. */
    private int[] scopeTaskCounts = new int[8];
    private int scopeDepth = 1;
    private final Map<String, Long> blocked = new TreeMap<>();
    private final long[] stepPs = new long[OrchStep.values().length];
    private final long[] stepCounts = new long[OrchStep.values().length];
    private int op;
    private long clockPs;
    long endPs;
    boolean done;
    /** The current wait: what for, since when, and the last time something moved. */
    private String waitingFor;
    private long waitStartPs;
    private long lastProgressPs;
    private TensorAccess.Waiting tensorWait;
    private EventHandle retry;
    private final ReadyBatch ready;
    private final Runnable stepAction = this::step;
    /** Its step after the one running (its first and its retries are events of their own). */
    private final Timer stepTimer;

    Orchestrator(Chip chip, Program program) {
        this.chip = chip;
        this.program = program;
        this.opCount = program.ops().size();
        this.binding = new ProgramBinding(program);
        this.ready = new ReadyBatch(chip);
        this.stepTimer = chip.sim.timer(Chip.ORCH_STEP, stepAction);
    }

    void start() {
        chip.sim.schedule(0, Chip.ORCH_STEP, stepAction);
    }

    private void charge(OrchStep step, long count, long psEach) {
        long ps = count * psEach;
        if (ps > 0 && chip.orchestratorObserver != null) {
            chip.orchestratorObserver.charged(step, clockPs, ps);
        }
        clockPs += ps;
        stepPs[step.ordinal()] += ps;
        stepCounts[step.ordinal()] += count;
    }

    /** Orchestrator time per step, ns. */
    Map<OrchStep, Long> stepNs() {
        Map<OrchStep, Long> ns = new java.util.EnumMap<>(OrchStep.class);
        for (OrchStep s : OrchStep.values()) {
            ns.put(s, stepPs[s.ordinal()] / 1000);
        }
        return ns;
    }

    /** How many times each step was charged (submits, args, lookups, ...). */
    Map<OrchStep, Long> stepCounts() {
        Map<OrchStep, Long> n = new java.util.EnumMap<>(OrchStep.class);
        for (OrchStep s : OrchStep.values()) {
            n.put(s, stepCounts[s.ordinal()]);
        }
        return n;
    }

    /** The orchestrator's window so far: its end when it finished, else its clock where it stopped, ps. */
    long windowPs() {
        return done ? endPs : clockPs;
    }

    /** The op it is executing (or blocked on), or -1 when it finished. */
    int currentOp() {
        return done ? -1 : op;
    }

    /** Op {@code index} in words, for a failure report: its kind and what it names. */
    String describe(int index) {
        Op o = program.ops().get(index);
        return switch (o) {
            case Op.Submit s -> s.isDummy() ? "submit of a dummy task" : "submit of " + kernelNames(s.kernelIds())
                    + " (" + s.args().size() + " arg(s), block_num " + s.blockNum() + ")";
            case Op.ScopeBegin b -> "scope_begin (" + b.mode() + ", opening depth " + (chip.runtime.depth() + 1) + ")";
            case Op.ScopeEnd e -> "scope_end of the depth-" + chip.runtime.depth() + " scope";
            case Op.AllocTensors a -> "alloc_tensors (" + a.outputs().size() + " output(s))";
            case Op.AddDependency d -> "add_dependency (op " + d.producerOp() + " -> op " + d.consumerOp() + ")";
            default -> o.kind();
        };
    }

    private String kernelNames(int[] ids) {
        StringBuilder b = new StringBuilder();
        for (int id : ids) {
            if (id >= 0) {
                b.append(b.isEmpty() ? "" : "+").append(chip.kernels.contains(id) ? chip.kernels.get(id).name() : "kernel " + id);
            }
        }
        return b.toString();
    }

    /** Virtual time blocked, per resource. */
    Map<String, Long> blockedNs() {
        Map<String, Long> ns = new TreeMap<>();
        blocked.forEach((k, v) -> ns.put(k, v / 1000));
        return ns;
    }

    /** A release moved (or may have moved) a watermark at {@code atPs}: a blocked submit retries. */
    void progress(long atPs) {
        if (waitingFor != null && tensorWait == null) {
            lastProgressPs = Math.max(lastProgressPs, atPs);
            scheduleRetry(atPs);
        }
    }

    /** A task completed at {@code atPs}: a waiting tensor access retries. */
    void taskCompleted(long atPs) {
        if (waitingFor != null && tensorWait != null) {
            lastProgressPs = Math.max(lastProgressPs, atPs);
            scheduleRetry(atPs);
        }
    }

    private void scheduleRetry(long atPs) {
        if (retry == null) {
            retry = chip.sim.schedule(Chip.ceilNs(atPs + chip.costs.retry), Chip.ORCH_STEP, () -> {
                retry = null;
                step();
            });
        }
    }

    /** Runs the next op, then schedules the step after it (unless the thread stops or waits). */
    private void step() {
        if (stepOnce()) {
            stepTimer.schedule(Chip.ceilNs(clockPs));
        }
    }

    /** One op at the current instant; false if the thread stops or waits (it is then woken). */
    private boolean stepOnce() {
        clockPs = Math.max(clockPs, chip.sim.now() * 1000);
        ready.publish();
        if (done || chip.errorCode != 0) {
            return false;
        }
        if (op == opCount) {
            done = true;
            endPs = clockPs;
            if (chip.orchestratorObserver != null) {
                chip.orchestratorObserver.ended(endPs);
            }
            chip.checkFinished(clockPs);
            return false;
        }
        if (compiled == null || op >= compiled.to()) {
            compiled = program.compiled(op);
        }
        if (!execute(op)) {
            return false;
        }
        if (waitingFor != null) {
            endWait();
        }
        op++;
        return true;
    }

    /** Runs one op; false if it must wait (or the run failed). */
    private boolean execute(int index) {
        switch (compiled.kind(index)) {
            case CompiledOps.SUBMIT -> {
                return submit(index);
            }
            case CompiledOps.SCOPE_BEGIN -> {
                charge(OrchStep.SCOPE_BEGIN, 1, chip.costs.scopeBegin);
                if (scopeDepth == scopeTaskCounts.length) {
                    scopeTaskCounts = Arrays.copyOf(scopeTaskCounts, 2 * scopeDepth);
                }
                scopeTaskCounts[scopeDepth++] = 0;
                boolean ok = ok(chip.runtime.beginScope(compiled.scopeMode(index)));
                if (ok && chip.trace != null) {
                    chip.trace.accept(new TraceEvent.Scope(clockPs, true, scopeDepth - 1));
                }
                return ok;
            }
            case CompiledOps.SCOPE_END -> {
                int tasks = scopeTaskCounts[--scopeDepth];
                charge(OrchStep.SCOPE_END, tasks, chip.costs.scopeEndPerTask);
                boolean ok = ok(chip.runtime.endScope());
                ready.collect();
                chip.edges += chip.runtime.edgesLinkedAtScopeEndCount();
                if (ok && chip.trace != null) {
                    long[] linked = chip.runtime.edgesLinkedAtScopeEnd();
                    for (int i = 0; i < linked.length; i += 2) {
                        chip.trace.accept(new TraceEvent.EdgeWired(clockPs, linked[i], linked[i + 1]));
                    }
                    chip.trace.accept(new TraceEvent.Scope(clockPs, false, scopeDepth - 1));
                    chip.traceWatermarks(clockPs);
                }
                return ok;
            }
            default -> {
                return executeRare(index, compiled.op(index));
            }
        }
    }

    /** The ops other than submits and scopes. */
    private boolean executeRare(int index, Op o) {
        switch (o) {
            case Op.AddDependency d -> {
                charge(OrchStep.ADD_DEPENDENCY, 1, chip.costs.addDependency);
                return ok(chip.runtime.addDependency(binding.task(d.producerOp()), binding.task(d.consumerOp())));
            }
            case Op.AllocTensors a -> {
                SubmitOutcome out = chip.runtime.allocTensors(ProgramBinding.specs(a));
                if (!(out instanceof SubmitOutcome.Submitted sub)) {
                    return waitOrFail(out);
                }
                long startPs = clockPs;
                charge(OrchStep.ALLOC_TENSORS, 1, chip.costs.allocTensors);
                if (chip.trace != null) {
                    chip.trace.accept(new TraceEvent.Allocated(startPs, clockPs, index, sub.taskId()));
                }
                binding.bindAlloc(index, sub.taskId(), sub.outputs());
                count();
                return true;
            }
            case Op.TensorData d -> {
                return tensorData(d);
            }
            default -> throw new IllegalStateException("not a rare op: " + o.kind());
        }
    }

    private boolean submit(int index) {
        SubmitArgs args = binding.fill(compiled, index, this.args);
        long lookups = chip.runtime.lookups();
        long visited = chip.runtime.chainEntriesVisited();
        long inserts = chip.runtime.inserts();
        if (!chip.runtime.submit(args)) {
            return waitOrFail(args.refusal());
        }
        long id = args.taskId();
        TensorView[] tensors = args.tensorArray();
        binding.bindSubmit(index, id, tensors);
        int wired = chip.runtime.faninEdges(id);
        chip.edges += wired;
        long startPs = clockPs;
        charge(OrchStep.SUBMIT, 1, chip.costs.submit);
        charge(OrchStep.TENSOR_ARGS, args.argCount(), chip.costs.perTensorArg);
        charge(OrchStep.LOOKUPS, chip.runtime.lookups() - lookups, chip.costs.perLookup);
        charge(OrchStep.CHAIN_ENTRIES, chip.runtime.chainEntriesVisited() - visited, chip.costs.perChainEntry);
        charge(OrchStep.INSERTS, chip.runtime.inserts() - inserts, chip.costs.perInsert);
        charge(OrchStep.EDGES, wired, chip.costs.perEdge);
        charge(OrchStep.OUTPUTS, args.outputCount(), chip.costs.perOutput);
        ChipTask task = chip.live.claim(id).load(id, args, tensors, compiled.scalars(index));
        if (chip.trace != null) {
            traceSubmit(index, id, startPs, args);
        }
        chip.submitted(task, clockPs);
        ready.collect();
        count();
        return true;
    }

    private void traceSubmit(int index, long id, long startPs, SubmitArgs args) {
        chip.trace.accept(new TraceEvent.Submitted(startPs, clockPs, index, id, args.kernelId(0), args.kernelId(1),
                args.kernelId(2), args.blockNum(), (int) chip.runtime.ring(TaskId.ring(id)).live()));
        for (long producer : chip.runtime.faninProducers(id)) {
            chip.trace.accept(new TraceEvent.EdgeWired(clockPs, producer, id));
        }
    }

    private void count() {
        scopeTaskCounts[scopeDepth - 1]++;
    }

    private boolean tensorData(Op.TensorData d) {
        TensorView view = binding.resolve(d.tensor());
        TensorAccess access = chip.runtime.tensorAccess(view, d.writes());
        switch (access) {
            case TensorAccess.Waiting w -> {
                if (waitingFor == null) {
                    beginWait("tensor wait");
                }
                tensorWait = w;
                if (clockPs - waitStartPs >= chip.costs.tensorWaitTimeout) {
                    SubmitOutcome.Fatal f = chip.runtime.tensorWaitTimedOut(w);
                    endWait();
                    chip.fail(f.code().code(), f.message(), clockPs);
                    return false;
                }
                scheduleBackstop(waitStartPs + chip.costs.tensorWaitTimeout);
                return false;
            }
            case TensorAccess.Failed f -> {
                chip.fail(f.fatal().code().code(), f.fatal().message(), clockPs);
                return false;
            }
            case TensorAccess.Unallocated u -> {
                charge(OrchStep.TENSOR_DATA, 1, chip.costs.tensorData);
                return true;
            }
            case TensorAccess.Ready r -> {
                charge(OrchStep.TENSOR_DATA, 1, chip.costs.tensorData);
                GlobalMemory memory = chip.memory;
                if (memory != null) {
                    long element = ViewElements.offset(view, d.indices());
                    if (d instanceof Op.SetTensorData set) {
                        memory.write(view.dtype(), view.bufferAddr() + element * view.dtype().bytes(),
                                Elements.decode(view.dtype(), set.value()));
                    }
                }
                return true;
            }
        }
    }

    private boolean waitOrFail(SubmitOutcome out) {
        switch (out) {
            case SubmitOutcome.Fatal f -> {
                chip.fail(f.code().code(), f.message(), clockPs);
                return false;
            }
            case SubmitOutcome.Blocked b -> {
                if (waitingFor == null) {
                    beginWait(resource(b));
                }
                if (clockPs - lastProgressPs >= chip.costs.allocatorTimeout) {
                    SubmitOutcome.Fatal f = chip.runtime.backstop(b);
                    endWait();
                    chip.fail(f.code().code(), f.message(), clockPs);
                    return false;
                }
                scheduleBackstop(lastProgressPs + chip.costs.allocatorTimeout);
                if (chip.costs.publishEvery > 1) {
                    scheduleExactPublication(lastProgressPs + chip.costs.exactPublicationAfter);
                }
                return false;
            }
            case SubmitOutcome.Submitted s -> throw new IllegalStateException("not a wait");
        }
    }

    private static String resource(SubmitOutcome.Blocked b) {
        return switch (b.code()) {
            case FLOW_CONTROL_DEADLOCK -> "task window";
            case HEAP_RING_DEADLOCK -> "heap";
            case DEP_POOL_OVERFLOW -> "dep pool";
            case TENSORMAP_OVERFLOW -> "tensormap pool";
            default -> b.code().name();
        } + " (ring " + b.ring() + ")";
    }

    private void beginWait(String what) {
        if (chip.trace != null) {
            chip.trace.accept(new TraceEvent.Blocked(clockPs, what));
        }
        waitingFor = what;
        waitStartPs = clockPs;
        lastProgressPs = clockPs;
    }

    private void endWait() {
        if (chip.trace != null) {
            chip.trace.accept(new TraceEvent.Unblocked(clockPs, waitingFor));
        }
        blocked.merge(waitingFor, clockPs - waitStartPs, Long::sum);
        waitingFor = null;
        tensorWait = null;
    }

    /**
     * a5: a reclaim path blocked this long without progress asks scheduler thread 0 for exact watermark
     * publication; if a watermark moves, the submit retries at once.
     */
    private void scheduleExactPublication(long atPs) {
        chip.sim.schedule(Chip.ceilNs(atPs), Chip.BACKSTOP, () -> {
            if (waitingFor != null && retry == null && chip.runtime.publishWatermarks()) {
                lastProgressPs = chip.sim.now() * 1000;
                if (chip.trace != null) {
                    chip.traceWatermarks(lastProgressPs);
                }
                scheduleRetry(lastProgressPs);
            }
        });
    }

    private void scheduleBackstop(long atPs) {
        chip.sim.schedule(Chip.ceilNs(atPs), Chip.BACKSTOP, () -> {
            if (waitingFor != null && retry == null) {
                step();
            }
        });
    }

    private boolean ok(Optional<SubmitOutcome.Fatal> fatal) {
        if (fatal.isPresent()) {
            chip.fail(fatal.get().code().code(), fatal.get().message(), clockPs);
            return false;
        }
        return true;
    }
}
