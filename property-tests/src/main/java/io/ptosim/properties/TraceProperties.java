package io.ptosim.properties;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ptosim.program.Arg;
import io.ptosim.program.DependencyView;
import io.ptosim.program.Op;
import io.ptosim.program.Program;
import io.ptosim.runtime.DependencyReplay;
import io.ptosim.runtime.ScopeMode;
import io.ptosim.runtime.SubmitRecord;
import io.ptosim.traces.DepsEdgeCheck;
import io.ptosim.traces.DepsGraph;
import io.ptosim.traces.DepsJsonReader;
import io.ptosim.traces.DepsJsonWriter;
import io.ptosim.traces.DepsProgramBuilder;
import io.ptosim.traces.TraceFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Trace properties over generated programs: a program's deps.json, read back and rebuilt into a
 * program the way {@code ptosim replay deps.json} does, gives the same deps.json.
 */
public final class TraceProperties {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TraceProperties() {
    }

    /** {@code p} with every tensor and output's {@code manual_dep} cleared. */
    static Program withoutManualDep(Program p) {
        List<Op> ops = new ArrayList<>(p.ops().size());
        for (Op op : p.ops()) {
            if (op instanceof Op.Submit s) {
                List<Arg> args = new ArrayList<>();
                for (Arg a : s.args()) {
                    args.add(switch (a) {
                        case Arg.TensorArg t -> new Arg.TensorArg(t.type(), t.tensor().manualDep(false));
                        case Arg.OutputArg o -> new Arg.OutputArg(o.dtype(), o.shape(), false);
                        case Arg.ScalarArg sc -> sc;
                    });
                }
                ops.add(new Op.Submit(s.kernelIds(), args, s.deps(), s.blockNum(), s.requireSyncStart(),
                        s.earlyResolve()));
            } else if (op instanceof Op.AllocTensors a) {
                ops.add(new Op.AllocTensors(a.outputs().stream()
                        .map(o -> new Arg.OutputArg(o.dtype(), o.shape(), false)).toList()));
            } else {
                ops.add(op);
            }
        }
        return new Program(p.name(), p.externals(), ops);
    }

    /** A program's deps.json as read back, and its rebuild (null when the file did not rebuild). */
    record Rebuild(DepsGraph graph, DepsProgramBuilder.Rebuilt rebuilt, String failure) {
    }

    /** Writes {@code p}'s deps.json (manual_dep cleared: the format does not record it), reads and rebuilds it. */
    static Rebuild rebuild(Program p) {
        List<SubmitRecord> submits = DependencyView.submitsOf(withoutManualDep(p));
        String json = DepsJsonWriter.toJson(submits, DependencyReplay.edgesOf(submits));
        DepsGraph graph;
        try {
            graph = DepsJsonReader.parse(MAPPER.readTree(json), "generated deps.json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return new Rebuild(graph, DepsProgramBuilder.build(graph, Map.of(), 1000), null);
        } catch (TraceFormatException e) {
            return new Rebuild(graph, null, e.getMessage());
        }
    }

    /**
     * Whether the property states something about {@code p}: not when it has both kinds of manual scope
     * (deps.json calls both "manual", so adjacent ones cannot be told apart), nor when the rebuild had
     * to guess a buffer's producer (from heap adjacency, or a MANUAL_HYBRID arg without a creator edge,
     * which may be another member's manual-local output; the file cannot tell).
     */
    static boolean decisive(Program p, Rebuild r) {
        boolean mixed = p.ops().contains(new Op.ScopeBegin(ScopeMode.MANUAL))
                && p.ops().contains(new Op.ScopeBegin(ScopeMode.MANUAL_HYBRID));
        return !mixed && (r.rebuilt() == null || r.rebuilt().guessedOwners() == 0);
    }

    /**
     * Null when the rebuilt program's edges equal the original's (or the program is not
     * {@link #decisive}), else the failure or the first differences.
     */
    public static String depsRebuildMatches(Program p) {
        Rebuild r = rebuild(p);
        if (!decisive(p, r)) {
            return null;
        }
        if (r.failure() != null) {
            return "the deps.json does not rebuild: " + r.failure();
        }
        DepsEdgeCheck.Result check = DepsEdgeCheck.compare(r.graph(), r.rebuilt().program());
        if (check.equal()) {
            return null;
        }
        List<String> d = check.differences();
        return d.size() + " difference(s), first: " + String.join("; ", d.subList(0, Math.min(3, d.size())));
    }
}
