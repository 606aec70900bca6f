package io.ptosim.traces;

import io.ptosim.program.Program;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a ptosim trace records about its run, enough to run it again (docs/trace-format.md): the ptosim
 * version, the program (a built-in workload by name, case and variant, with the digest of its program
 * so a changed workload is noticed), the platform and every {@code --set} override, the backend, the
 * seed and whether kernel bodies ran.
 *
 * @param ptosimVersion the version that wrote it
 * @param workload the built-in workload
 * @param caseName its case
 * @param variant its variant
 * @param programDigest digest of the program's JSON form ({@link ProgramJson})
 * @param platform the platform name
 * @param settings the overrides, sorted by key
 * @param backend the backend name
 * @param seed the root seed
 * @param timingOnly whether kernel bodies were skipped
 */
public record PtraceHeader(String ptosimVersion, String workload, String caseName, String variant, String programDigest,
        String platform, Map<String, String> settings, String backend, long seed, boolean timingOnly) {
    /** The format name in the header line. */
    public static final String FORMAT = "ptosim-trace";
    /** The format version this build writes and reads. */
    public static final int VERSION = 3;

    /** The digest a header records for {@code program}: of its JSON form, so any change to the program shows. */
    public static String digestOf(Program program) {
        return ProgramJson.digest(program);
    }

    /** Sorts and copies the settings. */
    public PtraceHeader {
        settings = java.util.Collections.unmodifiableMap(new TreeMap<>(settings));
    }
}
