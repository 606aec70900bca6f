package io.ptosim.traces;

import io.ptosim.kernel.CoreType;
import io.ptosim.kernel.DurationModel;
import io.ptosim.kernel.Kernel;
import io.ptosim.kernel.KernelTable;
import io.ptosim.program.Op;
import io.ptosim.program.Program;
import io.ptosim.traces.KernelTimingReader.KernelTiming;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The kernels of a user's program, for a timing-only run: one per func id its submits name, on the core
 * type of the slot that names it ({@code kernel_ids[0]} AIC, {@code [1]} and {@code [2]} AIV), timed from,
 * in order, the user's table ({@code --kernels}), the table the program file carries, or a default fixed
 * duration. User kernels have no functional bodies.
 */
public final class ProgramKernels {
    /** Where a kernel's timing came from. */
    public enum Source {
        /** The {@code --kernels} table. */
        TABLE,
        /** The program file's own {@code kernels} entries. */
        PROGRAM,
        /** Neither: the default duration. */
        DEFAULT
    }

    /**
     * The kernels and where each one's timing came from.
     *
     * @param table the kernels, by func id
     * @param sources each func id's source, in func-id order
     * @param unusedTableIds func ids the user's table lists but no kernel looked up, ascending
     */
    public record Resolved(KernelTable table, Map<Integer, Source> sources, List<Integer> unusedTableIds) {
        /** Copies the map in func-id order, and the list. */
        public Resolved {
            sources = new TreeMap<>(sources);
            unusedTableIds = List.copyOf(unusedTableIds);
        }

        /** The func ids whose timing came from {@code source}, ascending. */
        public List<Integer> from(Source source) {
            List<Integer> ids = new ArrayList<>();
            sources.forEach((id, s) -> {
                if (s == source) {
                    ids.add(id);
                }
            });
            return ids;
        }
    }

    private ProgramKernels() {
    }

    /**
     * Resolves the kernels {@code program} names; {@code source} names the program file in errors.
     *
     * @param table the user's table (empty: none)
     * @param carried the program's own entries (empty: none)
     * @param defaultNanos the fixed block duration of a kernel neither gives, >= 0
     * @param aivAliases func ids that stand for another's AIV uses ({@link VectorProgramBuilder.Built}): timed
     *     by that id's entries and named after it with {@code /aiv}
     * @throws TraceFormatException if a func id is named in an AIC slot and in an AIV slot
     */
    public static Resolved resolve(Program program, String source, Map<Integer, KernelTiming> table,
            Map<Integer, KernelTiming> carried, long defaultNanos, Map<Integer, Integer> aivAliases) {
        Map<Integer, CoreType> cores = new TreeMap<>();
        int index = 0;
        for (Op op : program.ops()) {
            if (op instanceof Op.Submit s) {
                int[] ids = s.kernelIds();
                for (int slot = 0; slot < ids.length; slot++) {
                    if (ids[slot] < 0) {
                        continue;
                    }
                    CoreType type = slot == 0 ? CoreType.AIC : CoreType.AIV;
                    CoreType seen = cores.putIfAbsent(ids[slot], type);
                    if (seen != null && seen != type) {
                        throw new TraceFormatException(source + ": op " + index + " (submit): kernel_ids[" + slot + "] = "
                                + ids[slot] + " runs it on " + type + ", but an earlier submit runs func id " + ids[slot]
                                + " on " + seen + "; a kernel has one core type (kernel_ids[0] is the AIC slot, [1] and [2]"
                                + " the AIV ones)");
                    }
                }
            }
            index++;
        }
        List<Kernel> kernels = new ArrayList<>();
        Map<Integer, Source> sources = new TreeMap<>();
        Set<Integer> looked = new TreeSet<>();
        cores.forEach((id, type) -> {
            Integer alias = aivAliases.get(id);
            int timedBy = alias == null ? id : alias;
            looked.add(timedBy);
            KernelTiming t = table.get(timedBy);
            Source from = Source.TABLE;
            if (t == null) {
                t = carried.get(timedBy);
                from = Source.PROGRAM;
            }
            if (t == null) {
                t = new KernelTiming(timedBy, null, new DurationModel.Fixed(defaultNanos));
                from = Source.DEFAULT;
            }
            String name = (t.name() == null ? "func_" + timedBy : t.name()) + (alias == null ? "" : "/aiv");
            kernels.add(new Kernel(id, name, type, t.duration()));
            sources.put(id, from);
        });
        List<Integer> unused = table.keySet().stream().filter(id -> !looked.contains(id)).sorted().toList();
        return new Resolved(KernelTable.of(kernels), sources, unused);
    }
}
