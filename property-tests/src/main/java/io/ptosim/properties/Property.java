package io.ptosim.properties;

import io.ptosim.program.Program;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * The properties ptosim checks on random programs, by name: what each draws and what it checks. The
 * JUnit tests run them over many seeds; {@code ptosim fuzz --property NAME} runs one from the command line.
 */
public enum Property {
    /** The pooled TensorMap gives the naive reference model's edges. */
    TENSORMAP_DIFFERENTIAL("the pooled TensorMap gives the naive reference model's edges",
            DependencyProperties::generate, DependencyProperties::tensorMapDifferential),
    /** No read-after-write is missed in AUTO scope. */
    NO_MISSED_RAW("every tracked read (AUTO, or a MANUAL_HYBRID boundary arg) depends (transitively) on the last registered writer of its bytes",
            DependencyProperties::generate, DependencyProperties::missedReadAfterWrite),
    /** The same seed gives the same program and edges. */
    DETERMINISM("the same seed gives the same program and the same edges",
            DependencyProperties::generate, DependencyProperties::determinism),
    /** deps.json's edges are the ones the runtime wires. */
    REPLAY_MATCHES_WIRING("the dependency replay (deps.json) and the runtime's wiring give each task the same"
            + " predecessors, in AUTO, MANUAL and MANUAL_HYBRID scopes",
            DependencyProperties::generate, DependencyProperties::replayMatchesWiring),
    /** The hazard checker reports exactly the unordered conflicting pairs the naive closure finds. */
    HAZARD_CHECK("the hazard checker reports exactly the pairs of accesses to one buffer that share a byte, one at"
            + " least writing, with no path of edges between their tasks (a naive transitive closure and byte sets)",
            DependencyProperties::generate, HazardProperties::matchesNaiveClosure),
    /** The compiled program gives the requests its ops give. */
    COMPILED_MATCHES_OPS("each submit's request read from the compiled program is the one resolved from its op,"
            + " arg by arg", DependencyProperties::generate, CompiledProperties::compiledMatchesOps),
    /** A program's deps.json rebuilds into a program with the same deps.json. */
    DEPS_REBUILD("a program's deps.json, rebuilt into a program as 'ptosim replay deps.json' does, gives the same"
            + " deps.json (tasks, tensors matched by buffer and version, edge multiset)",
            DependencyProperties::generate, TraceProperties::depsRebuildMatches),
    /** Reader tracking keeps every default edge and adds exactly the reader-to-later-writer edges. */
    READER_TRACKING("reader tracking (tensorMap.trackReaders, or TRACKED_INPUT on every other INPUT) keeps every"
            + " default edge and adds exactly one edge from each earlier tracked reader to each later INOUT or"
            + " OUTPUT_EXISTING arg overlapping it, unless a writer between them covered it; every tracked reader"
            + " precedes each later INOUT sharing a byte; the runtime wires the replay's predecessors",
            DependencyProperties::generate, ReaderTrackingProperties::addsExactlyTheReaderEdges),
    /** Slots and heap blocks are never reused early; watermarks only rise. */
    RING_SAFETY("no slot reused before its task is consumed, no live heap blocks overlap, watermarks only rise",
            RuntimeProperties::generate, RuntimeProperties::ringSafety),
    /** Every run completes or stops with a deadlock code. */
    BOUNDED("with tiny rings every run completes or stops with one of the spec's deadlock codes",
            RuntimeProperties::generate, RuntimeProperties::boundedRun),
    /** The same seed gives the same stepper trace. */
    STEPPER_DETERMINISM("the same seed gives the same scheduler trace",
            RuntimeProperties::generate, RuntimeProperties::stepperDeterminism),
    /** More HBM bandwidth never lengthens a run of independent kernels. */
    HBM_MONOTONE("on independent kernels, raising memory.hbmGbps (100 to 3200 GB/s, then unlimited) never"
            + " lengthens the run", MemoryProperties::generate, MemoryProperties::hbmMonotone),
    /** More bytes for one kernel never shorten it. */
    MORE_BYTES_NEVER_FASTER("on independent kernels, doubling one kernel's bytes never shortens that kernel",
            MemoryProperties::generate, MemoryProperties::moreBytesNeverFaster);

    private final String description;
    private final LongFunction<Program> generator;
    private final Function<Program, String> check;

    Property(String description, LongFunction<Program> generator, Function<Program, String> check) {
        this.description = description;
        this.generator = generator;
        this.check = check;
    }

    /** The command-line name, e.g. {@code no-missed-raw}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** What the property states. */
    public String description() {
        return description;
    }

    /** The program for a seed. */
    public Program generate(long seed) {
        return generator.apply(seed);
    }

    /** Null when the property holds for {@code program}, else the violation. */
    public String check(Program program) {
        return check.apply(program);
    }

    /**
     * The property with this command-line name.
     *
     * @throws IllegalArgumentException naming the valid ones
     */
    public static Property fromCliName(String name) {
        for (Property p : values()) {
            if (p.cliName().equals(name)) {
                return p;
            }
        }
        StringBuilder names = new StringBuilder();
        for (Property p : values()) {
            names.append(names.isEmpty() ? "" : ", ").append(p.cliName());
        }
        throw new IllegalArgumentException("unknown property '" + name + "'; expected one of " + names);
    }
}
