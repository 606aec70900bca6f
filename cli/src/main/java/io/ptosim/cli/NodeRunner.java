package io.ptosim.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ptosim.node.SchedulingPolicy;
import io.ptosim.node.WorkerMode;
import io.ptosim.platform.Platform;
import io.ptosim.platform.PlatformException;
import io.ptosim.report.NodeReport;
import io.ptosim.spi.BackendException;
import io.ptosim.spi.Backends;
import io.ptosim.traces.NodePerfettoWriter;
import io.ptosim.traces.NodeTimeline;
import io.ptosim.workloads.Catalog;
import io.ptosim.workloads.NodeRun;
import io.ptosim.workloads.NodeWorkload;
import io.ptosim.workloads.NodeWorkloadInstance;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ParameterException;

/** {@code ptosim run node-...}: checks the node options, runs the node workload and prints its summary. */
final class NodeRunner {
    private final RunCommand cmd;

    NodeRunner(RunCommand cmd) {
        this.cmd = cmd;
    }

    /** Runs it: 0 when it completed and matched its golden, 1 when not; bad options throw (status 2). */
    int call() throws Exception {
        for (String o : RunCommand.chipOnly()) {
            if (cmd.given(o)) {
                throw usage(o + " applies to chip workloads only; '" + cmd.workload + "' is a node workload"
                        + (o.equals("--timing-only") ? " (use --set node.functional=false)" : ""));
            }
        }
        SchedulingPolicy policy = switch (cmd.policy) {
            case "two-pass" -> SchedulingPolicy.TWO_PASS;
            case "directed" -> SchedulingPolicy.DIRECTED;
            default -> throw usage("--policy " + cmd.policy + ": expected two-pass or directed");
        };
        WorkerMode mode = switch (cmd.mode) {
            case "thread" -> WorkerMode.THREAD;
            case "process" -> WorkerMode.PROCESS;
            default -> throw usage("--mode " + cmd.mode + ": expected thread or process");
        };
        NodeWorkload w = Catalog.nodeByName(cmd.workload);
        NodeWorkloadInstance instance;
        try {
            instance = w.instance(cmd.chips == null ? w.defaultChips() : cmd.chips);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        Map<String, String> settings = SetOptions.parse(cmd.sets, cmd.spec.commandLine());
        Map<String, String> env = System.getenv();
        Platform platform;
        try {
            platform = Platform.load(cmd.platform, settings);
            Backends.select(cmd.backend, env, settings);
        } catch (PlatformException | BackendException e) {
            throw usage(e.getMessage());
        }
        NodeTimeline timeline = cmd.perfetto == null && cmd.report == null ? null : new NodeTimeline();
        NodeRun.Result r;
        try {
            r = NodeRun.run(instance, new NodeRun.Options(cmd.platform, settings, policy, mode, cmd.seed, cmd.backend,
                    env), timeline);
        } catch (BackendException e) {
            throw usage(e.getMessage());
        }
        String title = instance.workload() + " on " + cmd.platform + ", " + cmd.policy + ", " + cmd.mode + ", seed "
                + cmd.seed;
        if (cmd.perfetto != null) {
            new NodePerfettoWriter(timeline).write(cmd.perfetto, title);
        }
        PrintWriter out = cmd.spec.commandLine().getOut();
        boolean functional = platform.node().functional();
        String heading = String.format(Locale.ROOT, "%s on %s: %d chip(s), %d SUB worker(s), %s, %s (seed %d, %s, backend %s)",
                instance.workload(), cmd.platform, instance.chips(), instance.subWorkers(), cmd.policy, cmd.mode, cmd.seed,
                functional ? "functional" : "timing only", r.backend());
        if (cmd.report != null) {
            StringWriter summary = new StringWriter();
            PrintWriter lines = new PrintWriter(summary);
            lines.println(heading);
            NodeSummaryReport.print(lines, r);
            lines.flush();
            NodeReport.write(cmd.report, title, summary.toString(), timeline);
        }
        if (cmd.json) {
            ObjectNode o = JsonOutput.mapper().createObjectNode();
            o.put("workload", instance.workload());
            o.put("platform", cmd.platform);
            o.put("seed", cmd.seed);
            o.put("backend", r.backend());
            o.put("chips", instance.chips());
            o.put("sub_workers", instance.subWorkers());
            o.put("policy", cmd.policy);
            o.put("mode", cmd.mode);
            o.put("functional", functional);
            NodeSummaryReport.put(o, r);
            o.put("perfetto", cmd.perfetto == null ? null : cmd.perfetto.toString());
            o.put("report", cmd.report == null ? null : cmd.report.toString());
            out.println(JsonOutput.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(o));
        } else {
            out.println(heading);
            NodeSummaryReport.print(out, r);
            if (cmd.perfetto != null) {
                out.printf(Locale.ROOT, "  %-12s %s%n", "perfetto", cmd.perfetto);
            }
            if (cmd.report != null) {
                out.printf(Locale.ROOT, "  %-12s %s (%d task members, %d dependency arrows)%n", "report", cmd.report,
                        timeline.slices().size(), timeline.arrows().size());
            }
        }
        out.flush();
        if (!r.node().ok()) {
            cmd.spec.commandLine().getErr().println("ptosim run: " + r.node().error());
            cmd.spec.commandLine().getErr().flush();
        }
        return r.passed() ? 0 : 1;
    }

    private ParameterException usage(String message) {
        return new ParameterException(cmd.spec.commandLine(), message);
    }
}
