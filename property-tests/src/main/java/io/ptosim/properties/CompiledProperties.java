package io.ptosim.properties;

import io.ptosim.program.Arg;
import io.ptosim.program.CompiledOps;
import io.ptosim.program.ExplicitDep;
import io.ptosim.program.Op;
import io.ptosim.program.Program;
import io.ptosim.program.ProgramBinding;
import io.ptosim.runtime.L2Runtime;
import io.ptosim.runtime.RuntimeConfig;
import io.ptosim.runtime.SubmitArgs;
import io.ptosim.runtime.SubmitOutcome;
import io.ptosim.runtime.SubmitRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The compiled form of a program ({@link CompiledOps}) against the ops it was made from: each submit's
 * request read from it, and the submit buffer filled from it, must be the one resolved op by op, arg by arg.
 */
public final class CompiledProperties {
    private CompiledProperties() {
    }

    /**
     * Drives the runtime through the program (nothing completes) and, at each submit, compares the
     * compiled request with the reference resolution; null when they agree for every submit reached.
     */
    public static String compiledMatchesOps(Program p) {
        p.validate();
        L2Runtime runtime = new L2Runtime(RuntimeConfig.uniform(1024, 1L << 30, 16384));
        ProgramBinding binding = new ProgramBinding(p);
        CompiledOps compiled = null;
        for (int i = 0; i < p.ops().size(); i++) {
            if (compiled == null || i >= compiled.to()) {
                compiled = p.compiled(i);
            }
            Op op = p.ops().get(i);
            if (!compiled.op(i).equals(op)) {
                return "op " + i + ": the compiled form holds " + compiled.op(i) + ", the program " + op;
            }
            SubmitOutcome out = null;
            SubmitRequest submitted = null;
            switch (op) {
                case Op.ScopeBegin b -> runtime.beginScope(b.mode());
                case Op.ScopeEnd e -> runtime.endScope();
                case Op.AddDependency d ->
                        runtime.addDependency(binding.task(d.producerOp()), binding.task(d.consumerOp()));
                case Op.TensorData d -> {
                    // needs completions; nothing to compare
                }
                case Op.AllocTensors a -> out = runtime.allocTensors(ProgramBinding.specs(a));
                case Op.Submit s -> {
                    SubmitRequest ref = reference(binding, s);
                    String expected = describe(ref);
                    SubmitRequest req = binding.request(compiled, i);
                    if (!describe(req).equals(expected)) {
                        return "submit op " + i + ": compiled " + describe(req) + " but the ops give " + expected;
                    }
                    String buffered = describe(binding.fill(compiled, i, new SubmitArgs()));
                    if (!buffered.equals(describe(new SubmitArgs().load(ref)))) {
                        return "submit op " + i + ": the compiled submit buffer holds " + buffered + " but the ops give "
                                + describe(new SubmitArgs().load(ref));
                    }
                    if (!Arrays.equals(compiled.scalars(i), ProgramBinding.scalarsOf(s))) {
                        return "submit op " + i + ": compiled scalars " + Arrays.toString(compiled.scalars(i))
                                + " but the ops give " + Arrays.toString(ProgramBinding.scalarsOf(s));
                    }
                    out = runtime.submit(req);
                    submitted = req;
                }
            }
            if (out != null) {
                if (!(out instanceof SubmitOutcome.Submitted sub)) {
                    return null;
                }
                if (submitted != null) {
                    binding.bindSubmit(i, sub.taskId(), ProgramBinding.tensorsOf(submitted, sub.outputs()));
                } else {
                    binding.bindAlloc(i, sub.taskId(), sub.outputs());
                }
            }
        }
        return null;
    }

    /** The request resolved straight from the op: each tensor through the binding, deps to task ids. */
    static SubmitRequest reference(ProgramBinding binding, Op.Submit s) {
        List<SubmitRequest.Arg> args = new ArrayList<>();
        for (Arg a : s.args()) {
            switch (a) {
                case Arg.OutputArg o -> args.add(new SubmitRequest.OutputArg(o.spec()));
                case Arg.TensorArg t -> args.add(new SubmitRequest.TensorArg(t.type(), binding.resolve(t.tensor())));
                case Arg.ScalarArg sc -> {
                    // no dependency
                }
            }
        }
        List<SubmitRequest.Dep> deps = new ArrayList<>();
        for (ExplicitDep e : s.deps()) {
            deps.add(new SubmitRequest.Dep(binding.task(e.op()), e.kind()));
        }
        return new SubmitRequest(s.kernelIds(), args, deps, s.blockNum(), s.requireSyncStart(), s.earlyResolve());
    }

    private static String describe(SubmitArgs a) {
        StringBuilder b = new StringBuilder("[" + a.kernelId(0) + ", " + a.kernelId(1) + ", " + a.kernelId(2) + "] ");
        for (int k = 0; k < a.argCount(); k++) {
            b.append(a.type(k)).append(' ').append(a.view(k)).append(" in ").append(a.view(k).bufferSize()).append("; ");
        }
        for (int d = 0; d < a.depCount(); d++) {
            b.append("dep ").append(a.depTask(d)).append(' ').append(a.depKind(d)).append("; ");
        }
        return b + " x" + a.blockNum() + (a.requireSyncStart() ? " sync" : "") + (a.earlyResolve() ? " early" : "");
    }

    private static String describe(SubmitRequest r) {
        StringBuilder args = new StringBuilder();
        for (SubmitRequest.Arg a : r.args()) {
            args.append(a instanceof SubmitRequest.TensorArg t ? t + " in " + t.view().bufferSize() + " bytes" : a)
                    .append("; ");
        }
        return Arrays.toString(r.kernelIds()) + " " + args + r.deps() + " x" + r.blockNum()
                + (r.requireSyncStart() ? " sync" : "") + (r.earlyResolve() ? " early" : "");
    }
}
