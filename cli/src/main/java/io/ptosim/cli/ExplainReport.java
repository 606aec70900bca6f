package io.ptosim.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ptosim.chip.OrchStep;
import io.ptosim.chip.RunSummary;
import io.ptosim.explain.Explainer;
import io.ptosim.explain.Explanation;
import io.ptosim.explain.Part;
import io.ptosim.explain.Step;
import io.ptosim.explain.Suggestion;
import io.ptosim.explain.Suggestions;
import io.ptosim.platform.Platform;
import io.ptosim.report.RunReport;
import io.ptosim.runtime.TaskId;
import io.ptosim.workloads.ChipRun;
import io.ptosim.workloads.WorkloadInstance;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --explain} of {@code run} and {@code replay}: the run's critical path (its parts, verdict, dominant
 * orchestrator steps, longest steps) and the suggested settings with their what-if runs, as text and as the
 * summary's {@code explain} object.
 */
final class ExplainReport {
    /** What a JSON path shows at most: this many steps from each end. */
    private static final int JSON_PATH_ENDS = 1000;
    private static final int LONGEST_SHOWN = 5;
    private static final int SUGGESTIONS_SHOWN = 3;

    /** An explanation and its measured suggestions, best first. */
    record Result(Explanation explanation, List<Suggestion> suggestions) {
    }

    private ExplainReport() {
    }

    /**
     * Explains the run {@code explainer} saw and measures the candidate settings for {@code platform} (the
     * run's) with {@code whatIf}.
     */
    static Result of(Explainer explainer, RunSummary summary, Platform platform, Suggestions.WhatIf whatIf) {
        Explanation e = explainer.explain(summary.elapsedNs());
        return new Result(e, Suggestions.measure(Suggestions.candidates(e, platform), whatIf, summary.elapsedNs()));
    }

    /**
     * The what-if of a workload run: {@code w} on {@code platformName} with {@code settings} and the
     * candidate's, seed {@code seed}, timing only (kernel bodies do not change timing).
     */
    static Suggestions.WhatIf whatIf(WorkloadInstance w, String platformName, Map<String, String> settings, long seed) {
        return extra -> ChipRun.run(w, platformName, merged(settings, extra), false, seed).summary();
    }

    /** {@code settings}, then {@code extra}. */
    static Map<String, String> merged(Map<String, String> settings, Map<String, String> extra) {
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.putAll(extra);
        return all;
    }

    static void print(PrintWriter out, Result r) {
        Explanation e = r.explanation();
        Map<Part, Long> ns = e.partsNs();
        long total = e.elapsedPs() / 1000;
        out.printf(Locale.ROOT, "%nexplain      %s%s (the critical path, every ps of the elapsed window)%n",
                e.bound().label(), e.ps(Part.RING_BLOCK) > e.ps(Part.ORCHESTRATOR)
                        ? ", the orchestrator mostly blocked on a ring or pool" : "");
        for (Part p : Part.values()) {
            out.printf(Locale.ROOT, "  %-16s %14s us %6.1f %%%n", p.key(), us(ns.get(p)), percent(ns.get(p), total));
        }
        out.printf(Locale.ROOT, "  %-16s %14s us%n", "= elapsed", us(total));
        if (!e.orchestratorStepsPs().isEmpty()) {
            long orch = e.ps(Part.ORCHESTRATOR);
            StringBuilder b = new StringBuilder();
            e.orchestratorStepsPs().forEach((step, ps) -> b.append(b.isEmpty() ? "" : ", ").append(step.label())
                    .append(String.format(Locale.ROOT, " %.1f us (%.0f %%)", ps / 1e6, 100.0 * ps / Math.max(1, orch))));
            out.printf(Locale.ROOT, "  %-12s %s%n", "orch steps", b);
        }
        out.printf(Locale.ROOT, "  %-12s %d steps%s; longest:%n", "path", e.path().size(),
                e.lastTask() < 0 ? ", ending with the orchestrator"
                        : ", ending with task " + TaskId.display(e.lastTask()) + "'s completion");
        List<Step> longest = new ArrayList<>(e.path());
        longest.sort(Comparator.comparingLong(Step::ps).reversed().thenComparingLong(Step::fromPs));
        for (Step s : longest.subList(0, Math.min(LONGEST_SHOWN, longest.size()))) {
            out.printf(Locale.ROOT, "    %14s .. %14s us  %-12s %s%n", us(s.fromPs() / 1000.0), us(s.toPs() / 1000.0),
                    s.kind(), describe(s));
        }
        if (r.suggestions().isEmpty()) {
            out.printf(Locale.ROOT, "  %-12s none (no candidate setting applies)%n", "suggestions");
            return;
        }
        out.printf(Locale.ROOT, "  %-12s what-if runs (timing only), best first:%n", "suggestions");
        for (Suggestion s : r.suggestions().subList(0, Math.min(SUGGESTIONS_SHOWN, r.suggestions().size()))) {
            out.printf(Locale.ROOT, "    --set %-32s %12.1f us  %+7.1f %%  %s%s%n", s.set(), s.elapsedNs() / 1e3,
                    s.deltaPercent(), s.why(), s.completed() ? "" : " (the run FAILED)");
        }
        if (r.suggestions().get(0).deltaPercent() > -1) {
            out.printf(Locale.ROOT, "  %-12s no setting tried shortens the run by 1 %% or more (%s is %.1f %% of"
                    + " the path)%n", "", dominantPart(e).key(), percent(e.ps(dominantPart(e)), e.elapsedPs()));
        }
    }

    private static Part dominantPart(Explanation e) {
        Part best = Part.ORCHESTRATOR;
        for (Part p : Part.values()) {
            if (e.ps(p) > e.ps(best)) {
                best = p;
            }
        }
        return best;
    }

    /** Writes {@code page} to {@code file} with the explain parts of {@code r} (none when null). */
    static void writeReport(RunReport page, Path file, String title, RunSummary s, List<String> golden, Result r) {
        Map<String, Double> parts = new LinkedHashMap<>();
        if (r != null) {
            r.explanation().partsPs().forEach((p, ps) -> parts.put(p.key(), ps / 1e6));
        }
        page.write(file, title, s, golden, parts, r == null ? null : r.explanation().bound().label(),
                r == null ? List.of() : r.explanation().path());
    }

    /** {@link #put}, or an {@code explain} of null when there was nothing to explain. */
    static void putOrNull(ObjectNode o, Result r) {
        if (r == null) {
            o.putNull("explain");
        } else {
            put(o, r);
        }
    }

    static void put(ObjectNode o, Result r) {
        Explanation e = r.explanation();
        ObjectNode x = o.putObject("explain");
        x.put("bound", e.bound().label());
        x.put("elapsed_us", e.elapsedPs() / 1e6);
        ObjectNode parts = x.putObject("parts");
        e.partsNs().forEach((p, ns) -> parts.put(p.key(), ns / 1e3));
        ObjectNode partsPs = x.putObject("parts_ps");
        e.partsPs().forEach((p, ps) -> partsPs.put(p.key(), ps));
        ObjectNode steps = x.putObject("orchestrator_steps_us");
        e.orchestratorStepsPs().forEach((step, ps) -> steps.put(step.label(), ps / 1e6));
        if (e.lastTask() < 0) {
            x.putNull("last_task");
        } else {
            x.put("last_task", TaskId.display(e.lastTask()));
        }
        x.put("path_steps", e.path().size());
        List<Step> path = e.path();
        int omitted = Math.max(0, path.size() - 2 * JSON_PATH_ENDS);
        x.put("path_omitted", omitted);
        ArrayNode steps2 = x.putArray("path");
        for (int i = 0; i < path.size(); i++) {
            if (omitted > 0 && i == JSON_PATH_ENDS) {
                i += omitted - 1;
                continue;
            }
            steps2.add(step(o, path.get(i)));
        }
        ArrayNode sug = x.putArray("suggestions");
        for (Suggestion s : r.suggestions().subList(0, Math.min(SUGGESTIONS_SHOWN, r.suggestions().size()))) {
            ObjectNode n = sug.addObject();
            n.put("set", s.set());
            n.put("why", s.why());
            n.put("elapsed_us", s.elapsedNs() / 1e3);
            n.put("delta_pct", Math.round(s.deltaPercent() * 100) / 100.0);
            n.put("completed", s.completed());
        }
    }

    private static ObjectNode step(ObjectNode factory, Step s) {
        ObjectNode n = factory.objectNode();
        n.put("kind", s.kind());
        n.put("part", s.part().key());
        n.put("from_ps", s.fromPs());
        n.put("to_ps", s.toPs());
        n.put("us", s.ps() / 1e6);
        switch (s) {
            case Step.Orchestrator o -> {
                n.put("first_op", o.firstOp());
                n.put("last_op", o.lastOp());
                n.put("submits", o.submits());
                ObjectNode st = n.putObject("steps_us");
                o.stepPs().forEach((k, v) -> st.put(k.label(), v / 1e6));
                n.put("other_us", o.otherPs() / 1e6);
            }
            case Step.Blocked b -> n.put("resource", b.resource());
            case Step.Dependency d -> {
                n.put("producer", TaskId.display(d.producer()));
                n.put("consumer", TaskId.display(d.consumer()));
            }
            case Step.Dispatch d -> {
                n.put("task", TaskId.display(d.task()));
                n.put("block", d.block());
                n.put("core", d.core());
                if (d.afterTask() >= 0) {
                    n.put("after_task", TaskId.display(d.afterTask()));
                }
            }
            case Step.CoreBusy c -> {
                n.put("task", TaskId.display(c.task()));
                n.put("block", c.block());
                n.put("core", c.core());
            }
            case Step.MemoryWait m -> {
                n.put("task", TaskId.display(m.task()));
                n.put("block", m.block());
                n.put("core", m.core());
            }
            case Step.Completion c -> n.put("task", TaskId.display(c.task()));
            case Step.Release r -> n.put("task", TaskId.display(r.task()));
            case Step.Tail t -> { }
        }
        return n;
    }

    /** One line about a step, for the text report. */
    static String describe(Step s) {
        return switch (s) {
            case Step.Orchestrator o -> (o.firstOp() < 0 ? "between ops" : "ops " + o.firstOp() + ".." + o.lastOp()
                    + " (" + o.submits() + " submits)") + dominant(o.stepPs(), o.ps());
            case Step.Blocked b -> "blocked on " + b.resource();
            case Step.Dependency d -> "task " + TaskId.display(d.consumer()) + " waited for its producer "
                    + TaskId.display(d.producer());
            case Step.Dispatch d -> "task " + TaskId.display(d.task()) + " block " + d.block() + " to core " + d.core()
                    + (d.afterTask() < 0 ? " after it became ready"
                            : " after the core ran task " + TaskId.display(d.afterTask()));
            case Step.CoreBusy c -> "task " + TaskId.display(c.task()) + " block " + c.block() + " on core " + c.core();
            case Step.MemoryWait m -> "task " + TaskId.display(m.task()) + " block " + m.block() + " on core " + m.core()
                    + " waiting for its share of HBM bandwidth";
            case Step.Completion c -> "task " + TaskId.display(c.task()) + " completed";
            case Step.Release r -> "task " + TaskId.display(r.task()) + " released, freeing what the orchestrator waited for";
            case Step.Tail t -> "the scheduler's last iteration";
        };
    }

    private static String dominant(Map<OrchStep, Long> steps, long ps) {
        OrchStep best = null;
        for (Map.Entry<OrchStep, Long> e : steps.entrySet()) {
            if (best == null || e.getValue() > steps.get(best)) {
                best = e.getKey();
            }
        }
        return best == null ? "" : String.format(Locale.ROOT, ", mostly %s (%.0f %%)", best.label(),
                100.0 * steps.get(best) / Math.max(1, ps));
    }

    private static String us(double ns) {
        return String.format(Locale.ROOT, "%.3f", ns / 1e3);
    }

    private static double percent(long part, long total) {
        return total == 0 ? 0 : 100.0 * part / total;
    }
}
