package io.ptosim.traces;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code chip_swimlane_records.json} (traces.md §2) at any level, with the differences the real
 * files show (6- or 5-column AICore rows, an empty trailing scheduler array, records not in start
 * order, the host-orchestration keys ignored). It rejects what the reference's reader rejects (a
 * level outside 1..4, a clock <= 0, orchestrator records mixed with host-orchestration ones) and
 * anything a replay cannot use: core ids outside {@code metadata.core_types}, rows of the wrong width,
 * negative or non-integral ticks, a kernel ending before it starts. Errors name the file and field.
 */
public final class SwimlaneReader {
    private SwimlaneReader() {
    }

    /**
     * Reads a file.
     *
     * @throws TraceFormatException if it cannot be read or breaks the format
     */
    public static SwimlaneRecords read(Path file) {
        return parse(JsonFields.readTree(file), file.toString());
    }

    /** Whether a JSON document looks like swimlane records. */
    public static boolean looksLike(JsonNode root) {
        return root.isObject() && root.has("chip_swimlane_level");
    }

    /** Parses a document already read; {@code source} names it in errors. */
    public static SwimlaneRecords parse(JsonNode root, String source) {
        JsonFields f = new JsonFields(source);
        if (!root.isObject()) {
            throw f.error("(top level)", "an object with chip_swimlane_level, metadata and aicore_tasks", root);
        }
        int level = f.integer(root, "chip_swimlane_level", "");
        if (level < 1 || level > 4) {
            throw f.error("chip_swimlane_level", "1, 2, 3 or 4", root.get("chip_swimlane_level"));
        }
        JsonNode meta = f.object(root, "metadata", "");
        long clock = f.nonNegativeLong(field(f, meta, "clock_freq_hz", "metadata"), "metadata.clock_freq_hz");
        if (clock == 0) {
            throw f.error("metadata.clock_freq_hz", "a frequency > 0", meta.get("clock_freq_hz"));
        }
        int numCores = f.integer(meta, "num_cores", "metadata");
        JsonNode typesNode = f.array(meta, "core_types", "metadata");
        if (numCores < 1 || typesNode.size() != numCores) {
            throw f.error("metadata.core_types", "num_cores (" + numCores + ") entries", typesNode);
        }
        List<String> types = new ArrayList<>(numCores);
        for (int i = 0; i < numCores; i++) {
            String t = typesNode.get(i).asText("");
            if (!typesNode.get(i).isTextual() || !t.equals("aic") && !t.equals("aiv")) {
                throw f.error("metadata.core_types[" + i + "]", "\"aic\" or \"aiv\"", typesNode.get(i));
            }
            types.add(t);
        }
        List<Integer> coreToThread = new ArrayList<>();
        if (meta.has("core_to_thread")) {
            JsonNode c2t = f.array(meta, "core_to_thread", "metadata");
            if (c2t.size() != numCores) {
                throw f.error("metadata.core_to_thread", "num_cores (" + numCores + ") entries", c2t);
            }
            for (int i = 0; i < numCores; i++) {
                int t = f.intValue(c2t.get(i), "metadata.core_to_thread[" + i + "]");
                if (t < -1) {
                    throw f.error("metadata.core_to_thread[" + i + "]", "a thread index, or -1", c2t.get(i));
                }
                coreToThread.add(t);
            }
        }
        if (root.has("aicpu_orchestrator_phases") && (root.has("host_orchestrator_phases")
                || meta.has("orchestrator_source"))) {
            throw f.invalid("aicpu_orchestrator_phases", "device orchestrator records mixed with host-orchestration"
                    + " records; a file has one or the other");
        }
        JsonNode coreRows = f.array(root, "aicore_tasks", "");
        List<SwimlaneRecords.AicoreRow> aicore = new ArrayList<>(coreRows.size());
        for (int i = 0; i < coreRows.size(); i++) {
            String at = "aicore_tasks[" + i + "]";
            long[] v = row(f, coreRows.get(i), at, 5, 6);
            int core = core(f, v[0], at, numCores);
            if (v[4] < v[3]) {
                throw f.invalid(at, "the kernel ends (tick " + v[4] + ") before it starts (tick " + v[3] + ")");
            }
            aicore.add(new SwimlaneRecords.AicoreRow(core, v[1], v[2], v[3], v[4], v.length == 6 ? v[5] : 0));
        }
        List<SwimlaneRecords.AicpuRow> aicpu = new ArrayList<>();
        if (root.has("aicpu_tasks")) {
            JsonNode cpuRows = f.array(root, "aicpu_tasks", "");
            for (int i = 0; i < cpuRows.size(); i++) {
                String at = "aicpu_tasks[" + i + "]";
                long[] v = row(f, cpuRows.get(i), at, 4, 4);
                aicpu.add(new SwimlaneRecords.AicpuRow(core(f, v[0], at, numCores), v[1], v[2], v[3]));
            }
        }
        List<List<SwimlaneRecords.Phase>> sched = new ArrayList<>();
        if (root.has("aicpu_scheduler_phases")) {
            JsonNode threads = f.array(root, "aicpu_scheduler_phases", "");
            for (int t = 0; t < threads.size(); t++) {
                String at = "aicpu_scheduler_phases[" + t + "]";
                if (!threads.get(t).isArray()) {
                    throw f.error(at, "an array of phase records", threads.get(t));
                }
                List<SwimlaneRecords.Phase> phases = new ArrayList<>();
                for (int i = 0; i < threads.get(t).size(); i++) {
                    JsonNode p = threads.get(t).get(i);
                    String pat = at + "[" + i + "]";
                    long start = ticks(f, p, "start_cycles", pat);
                    long end = ticks(f, p, "end_cycles", pat);
                    long processed = p.has("tasks_processed") ? ticks(f, p, "tasks_processed", pat) : 0;
                    phases.add(new SwimlaneRecords.Phase(f.text(p, "kind", pat), start, end, processed));
                }
                sched.add(phases);
            }
        }
        List<SwimlaneRecords.OrchRecord> orch = new ArrayList<>();
        if (root.has("aicpu_orchestrator_phases")) {
            JsonNode lanes = f.array(root, "aicpu_orchestrator_phases", "");
            for (int l = 0; l < lanes.size(); l++) {
                String at = "aicpu_orchestrator_phases[" + l + "]";
                if (!lanes.get(l).isArray()) {
                    throw f.error(at, "an array of orchestrator records", lanes.get(l));
                }
                for (int i = 0; i < lanes.get(l).size(); i++) {
                    JsonNode r = lanes.get(l).get(i);
                    String rat = at + "[" + i + "]";
                    orch.add(new SwimlaneRecords.OrchRecord(ticks(f, r, "submit_idx", rat), ticks(f, r, "task_id", rat),
                            ticks(f, r, "start_cycles", rat), ticks(f, r, "end_cycles", rat)));
                }
            }
        }
        return new SwimlaneRecords(source, level, clock, types, coreToThread, aicore, aicpu, sched, orch);
    }

    private static JsonNode field(JsonFields f, JsonNode node, String name, String at) {
        JsonNode v = node.get(name);
        if (v == null) {
            throw f.invalid(at + "." + name, "missing");
        }
        return v;
    }

    private static long ticks(JsonFields f, JsonNode node, String name, String at) {
        return f.nonNegativeLong(field(f, node, name, at), at + "." + name);
    }

    private static long[] row(JsonFields f, JsonNode row, String at, int minColumns, int maxColumns) {
        if (!row.isArray() || row.size() < minColumns || row.size() > maxColumns) {
            throw f.error(at, (minColumns == maxColumns ? String.valueOf(minColumns) : minColumns + " or " + maxColumns)
                    + " integer columns", row);
        }
        long[] v = new long[row.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = f.nonNegativeLong(row.get(i), at + "[" + i + "]");
        }
        return v;
    }

    private static int core(JsonFields f, long core, String at, int numCores) {
        if (core >= numCores) {
            throw f.invalid(at + "[0]", "core id " + core + " is outside 0.." + (numCores - 1) + " (metadata.num_cores)");
        }
        return (int) core;
    }
}
