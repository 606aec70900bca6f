package io.ptosim.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ptosim.program.Program;
import io.ptosim.traces.FormatOverride;
import io.ptosim.traces.KernelTimingReader;
import io.ptosim.traces.KernelTimingReader.KernelTiming;
import io.ptosim.traces.ProgramFile;
import io.ptosim.traces.ProgramKernels;
import io.ptosim.traces.PtraceHeader;
import io.ptosim.traces.TraceFormatException;
import io.ptosim.traces.VectorProgramBuilder;
import io.ptosim.workloads.WorkloadInstance;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@code ptosim run PROGRAM.json} runs: a user's program file (a ptosim program or a
 * conformance-vector program) as a timing-only workload instance, its kernels timed from the
 * {@code --kernels} table, then from the program's own {@code kernels} entries, then by the default
 * duration. It also says where each kernel's timing came from, and records itself in a trace header so
 * that {@code ptosim replay} can run it again.
 */
final class ProgramTarget {
    /** The header's workload field starts with this, then the program file's absolute path. */
    private static final String HEADER_PREFIX = "file:";
    private static final String NO_TABLE = "-";
    private static final String NS_PREFIX = "kernel-ns=";

    private final Path file;
    private final Path kernels;
    private final long defaultNanos;
    private final String form;
    private final WorkloadInstance instance;
    private final ProgramKernels.Resolved resolved;
    private final Map<Integer, Integer> aivAliases;

    private ProgramTarget(Path file, Path kernels, long defaultNanos, String form, Program program,
            ProgramKernels.Resolved resolved, Map<Integer, Integer> aivAliases) {
        this.file = file;
        this.kernels = kernels;
        this.defaultNanos = defaultNanos;
        this.form = form;
        this.resolved = resolved;
        this.aivAliases = aivAliases;
        this.instance = new WorkloadInstance(program.name(), file.getFileName().toString(), "program", program,
                resolved.table(), Map.of(), null);
    }

    /** Whether {@code target}, run's first argument, names a program file rather than a built-in workload. */
    static boolean names(String target) {
        if (target.endsWith(".json")) {
            return true;
        }
        try {
            return Files.isRegularFile(Path.of(target));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /**
     * Reads {@code file} and, when given, the kernel table {@code kernels}.
     *
     * @throws IllegalArgumentException if a file is missing or the program is a deps.json (a usage error)
     * @throws TraceFormatException if a file is malformed, naming it and the field
     */
    static ProgramTarget read(Path file, Path kernels, long defaultNanos) {
        if (!Files.isRegularFile(FormatOverride.of(file).file())) {
            throw new IllegalArgumentException("PROGRAM " + file + " is not a readable file");
        }
        if (kernels != null && !Files.isRegularFile(kernels)) {
            throw new IllegalArgumentException("--kernels " + kernels + " is not a readable file");
        }
        if (defaultNanos < 0) {
            throw new IllegalArgumentException("--kernel-ns " + defaultNanos + ": expected >= 0");
        }
        ProgramFile read = ProgramFile.read(file);
        String form;
        Program program;
        Map<Integer, Integer> aliases = Map.of();
        switch (read) {
            case ProgramFile.Ptosim p -> {
                form = "ptosim program";
                program = p.program();
            }
            case ProgramFile.Vector v -> {
                form = "conformance-vector program";
                VectorProgramBuilder.Built built = VectorProgramBuilder.build(v.program(), v.source());
                program = built.program();
                aliases = built.aivAliases();
            }
            case ProgramFile.Deps d -> throw new IllegalArgumentException("PROGRAM " + file + " is a deps.json: it"
                    + " records no output sizes or scope nesting; run takes a ptosim or conformance-vector program"
                    + " (docs/program-format.md), and 'ptosim replay " + file + "' runs a deps.json trace-driven");
        }
        Map<Integer, KernelTiming> table = kernels == null ? Map.of() : KernelTimingReader.read(kernels);
        Map<Integer, KernelTiming> carried = KernelTimingReader.carried(file);
        ProgramKernels.Resolved resolved = ProgramKernels.resolve(program, file.toString(), table, carried, defaultNanos,
                aliases);
        return new ProgramTarget(file, kernels, defaultNanos, form, program, resolved, aliases);
    }

    /** Whether a trace header records a program-file run. */
    static boolean recorded(PtraceHeader h) {
        return h.workload().startsWith(HEADER_PREFIX);
    }

    /**
     * The program-file run a trace header records, read again from the files it names.
     *
     * @throws TraceFormatException naming the trace if the header's fields are not what a program run writes
     */
    static ProgramTarget fromHeader(Path trace, PtraceHeader h) {
        if (!h.variant().startsWith(NS_PREFIX)) {
            throw new TraceFormatException(trace + ": line 1 (header): variant: expected " + NS_PREFIX
                    + "N for a program-file run, got " + h.variant());
        }
        long ns;
        try {
            ns = Long.parseLong(h.variant().substring(NS_PREFIX.length()));
        } catch (NumberFormatException e) {
            throw new TraceFormatException(trace + ": line 1 (header): variant: expected " + NS_PREFIX + "N, got "
                    + h.variant(), e);
        }
        Path program = Path.of(h.workload().substring(HEADER_PREFIX.length()));
        Path table = h.caseName().equals(NO_TABLE) ? null : Path.of(h.caseName());
        try {
            return read(program, table, ns);
        } catch (IllegalArgumentException e) {
            throw new TraceFormatException(trace + ": line 1 (header): the recorded run's " + e.getMessage(), e);
        }
    }

    /** The run as a workload instance (no inputs, no golden: timing only). */
    WorkloadInstance instance() {
        return instance;
    }

    /** The header's workload field: the program's absolute path. */
    String headerWorkload() {
        return HEADER_PREFIX + file.toAbsolutePath().normalize();
    }

    /** The header's case field: the kernel table's absolute path, or {@value #NO_TABLE}. */
    String headerCase() {
        return kernels == null ? NO_TABLE : kernels.toAbsolutePath().normalize().toString();
    }

    /** The header's variant field: the default kernel duration. */
    String headerVariant() {
        return NS_PREFIX + defaultNanos;
    }

    /** The summary's first line. */
    String title(String platform, long seed) {
        return String.format(Locale.ROOT, "%s (%s, %s) on %s (seed %d, timing only: user kernels have no functional"
                + " bodies)", instance.workload(), file, form, platform, seed);
    }

    /** The kernels line of the text summary, and the table's unused entries if any. */
    void print(PrintWriter out) {
        StringBuilder s = new StringBuilder();
        s.append(resolved.sources().size()).append(" named");
        append(s, ProgramKernels.Source.TABLE, "from " + kernels);
        append(s, ProgramKernels.Source.PROGRAM, "from the program");
        append(s, ProgramKernels.Source.DEFAULT, "default " + defaultNanos + " ns");
        out.printf(Locale.ROOT, "  %-12s %s%n", "kernels", s);
        if (!resolved.unusedTableIds().isEmpty()) {
            out.printf(Locale.ROOT, "  %-12s %s lists func id(s) %s, which no submit names%n", "", kernels,
                    ids(resolved.unusedTableIds()));
        }
        if (!aivAliases.isEmpty()) {
            out.printf(Locale.ROOT, "  %-12s func id(s) %s sit in AIC and AIV slots (a vector's kernel ids are"
                    + " informational): their AIV uses run as func id(s) %s, timed alike%n", "",
                    ids(List.copyOf(aivAliases.values())), ids(List.copyOf(aivAliases.keySet())));
        }
    }

    private void append(StringBuilder s, ProgramKernels.Source source, String what) {
        List<Integer> ids = resolved.from(source);
        if (!ids.isEmpty()) {
            s.append("; ").append(ids.size()).append(' ').append(what).append(" (").append(names(ids)).append(')');
        }
    }

    /**
     * The warning for kernels that took the default duration, or null when none did: it names them and
     * says how to time them.
     */
    String defaultWarning() {
        List<Integer> ids = resolved.from(ProgramKernels.Source.DEFAULT);
        if (ids.isEmpty()) {
            return null;
        }
        return "warning: no timing for kernel(s) " + names(ids) + " in " + (kernels == null ? "" : kernels + " or ")
                + "the program; each of their blocks takes the default " + defaultNanos + " ns (--kernel-ns). Give"
                + " them \"ns\" or work (flops, bytes) in a --kernels table: docs/program-format.md";
    }

    /** Puts the program fields into a run's JSON summary. */
    void put(ObjectNode o) {
        o.put("program", file.toString());
        o.put("program_form", form);
        o.put("timing_only_reason", "user kernels have no functional bodies");
        ObjectNode k = o.putObject("kernels");
        k.put("table", kernels == null ? null : kernels.toString());
        k.put("default_ns", defaultNanos);
        ArrayNode list = k.putArray("named");
        resolved.sources().forEach((id, source) -> list.addObject().put("func_id", id)
                .put("name", resolved.table().get(id).name()).put("core", resolved.table().get(id).core().name())
                .put("timing", source.name().toLowerCase(Locale.ROOT)));
        ArrayNode unused = k.putArray("unused_table_ids");
        resolved.unusedTableIds().forEach(unused::add);
        ObjectNode aliases = k.putObject("aiv_aliases");
        aivAliases.forEach((alias, id) -> aliases.put(String.valueOf(alias), id));
    }

    private String names(List<Integer> ids) {
        return ids.stream().map(id -> {
            String name = resolved.table().get(id).name();
            return name.equals("func_" + id) || name.equals("func_" + aivAliases.get(id) + "/aiv") ? name
                    : name + " (" + id + ")";
        }).collect(Collectors.joining(", "));
    }

    private static String ids(List<Integer> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
