package io.ptosim.traces;

import com.fasterxml.jackson.databind.JsonNode;
import io.ptosim.kernel.DurationModel;
import io.ptosim.kernel.Work;
import io.ptosim.runtime.DataType;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a kernel timing table ({@code docs/program-format.md}, "Kernel timing"): {@code {"kernels": [ENTRY,
 * ...]}}, where each entry names a func id and says how long one block of it takes, either as fixed
 * nanoseconds ({@code ns}) or as the work the platform's cost model times ({@code flops}, {@code bytes_read},
 * {@code bytes_written}, {@code dtype}, {@code tile}). The same {@code kernels} array may sit at the top
 * level of a program file: the durations the program carries. Errors name the file and field path.
 */
public final class KernelTimingReader {
    /** The top-level key that holds the entries, in a table file and in a program file. */
    public static final String KEY = "kernels";

    private static final Set<String> FIELDS = Set.of("func_id", "name", "ns", "flops", "bytes_read", "bytes_written",
            "dtype", "tile");
    private static final List<String> WORK_FIELDS = List.of("flops", "bytes_read", "bytes_written", "dtype", "tile");

    /**
     * One kernel's timing.
     *
     * @param funcId the func id submits name in {@code kernel_ids}
     * @param name its name (null: none given)
     * @param duration how long one block takes
     */
    public record KernelTiming(int funcId, String name, DurationModel duration) {
    }

    private KernelTimingReader() {
    }

    /**
     * Reads a table file; its top level must hold {@value #KEY}.
     *
     * @throws TraceFormatException naming the file and field of what is missing or malformed
     */
    public static Map<Integer, KernelTiming> read(Path file) {
        JsonNode root = JsonFields.readTree(file);
        JsonFields f = new JsonFields(file.toString());
        if (!root.isObject()) {
            throw f.error("(top level)", "an object with \"" + KEY + "\": [...]", root);
        }
        return entries(f, f.array(root, KEY, ""));
    }

    /**
     * The timings a program file carries under {@value #KEY}, or none when it has no such key.
     *
     * @throws TraceFormatException naming the file and field of a malformed entry
     */
    public static Map<Integer, KernelTiming> carried(Path programFile) {
        JsonNode root = JsonFields.readTree(programFile);
        JsonFields f = new JsonFields(programFile.toString());
        return root.has(KEY) ? entries(f, f.array(root, KEY, "")) : Map.of();
    }

    private static Map<Integer, KernelTiming> entries(JsonFields f, JsonNode array) {
        Map<Integer, KernelTiming> out = new TreeMap<>();
        for (int i = 0; i < array.size(); i++) {
            String at = KEY + "[" + i + "]";
            KernelTiming t = entry(f, array.get(i), at);
            if (out.putIfAbsent(t.funcId(), t) != null) {
                throw f.invalid(at + ".func_id", "func id " + t.funcId() + " is listed twice");
            }
        }
        return out;
    }

    private static KernelTiming entry(JsonFields f, JsonNode e, String at) {
        if (e == null || !e.isObject()) {
            throw f.error(at, "an object", e);
        }
        for (Iterator<String> names = e.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw f.invalid(at + "." + name, "unknown field; expected func_id, name, and either ns or work (flops,"
                        + " bytes_read, bytes_written, dtype, tile)");
            }
        }
        int funcId = f.integer(e, "func_id", at);
        if (funcId < 0) {
            throw f.error(at + ".func_id", "a func id >= 0", e.get("func_id"));
        }
        String name = e.has("name") ? f.text(e, "name", at) : null;
        boolean work = WORK_FIELDS.stream().anyMatch(e::has);
        if (e.has("ns") == work) {
            throw f.invalid(at, work ? "both ns and work fields (" + String.join(", ", WORK_FIELDS) + "); give one"
                    : "no timing; expected \"ns\" (fixed nanoseconds per block) or work fields (flops, bytes_read,"
                            + " bytes_written, dtype, tile)");
        }
        if (e.has("ns")) {
            return new KernelTiming(funcId, name, new DurationModel.Fixed(f.nonNegativeLong(e.get("ns"), at + ".ns")));
        }
        Work w = work(f, e, at);
        return new KernelTiming(funcId, name, new DurationModel.FromWork(call -> w));
    }

    private static Work work(JsonFields f, JsonNode e, String at) {
        Work.Tile tile = Work.Tile.NONE;
        if (e.has("tile")) {
            JsonNode t = f.array(e, "tile", at);
            if (t.size() != 3) {
                throw f.error(at + ".tile", "[m, n, k]", t);
            }
            int[] mnk = new int[3];
            for (int i = 0; i < 3; i++) {
                mnk[i] = f.intValue(t.get(i), at + ".tile[" + i + "]");
                if (mnk[i] < 1) {
                    throw f.error(at + ".tile[" + i + "]", "a dimension >= 1", t.get(i));
                }
            }
            tile = new Work.Tile(mnk[0], mnk[1], mnk[2]);
        }
        double flops;
        if (e.has("flops")) {
            JsonNode v = e.get("flops");
            if (!v.isNumber() || v.asDouble() < 0 || !Double.isFinite(v.asDouble())) {
                throw f.error(at + ".flops", "a number >= 0", v);
            }
            flops = v.asDouble();
        } else {
            flops = 2 * tile.macs();
        }
        DataType dtype = DataType.FLOAT32;
        if (e.has("dtype")) {
            try {
                dtype = DataType.fromName(f.text(e, "dtype", at));
            } catch (IllegalArgumentException x) {
                throw new TraceFormatException(f.source() + ": " + at + ".dtype: " + x.getMessage(), x);
            }
        }
        long read = e.has("bytes_read") ? f.nonNegativeLong(e.get("bytes_read"), at + ".bytes_read") : 0;
        long written = e.has("bytes_written") ? f.nonNegativeLong(e.get("bytes_written"), at + ".bytes_written") : 0;
        return new Work(flops, read, written, dtype, tile);
    }
}
