package io.ptosim.record;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fixture orchestrations of src/test/native: a simpler-shaped header tree of ours
 * ({@code simpler-fixture}, declaring the function table and structs per orchestration-abi.md) and small
 * C++ orchestrations compiled against it with the system C++ compiler into {@code target/record-fixtures}.
 * Without a compiler the calling test is skipped with the reason, or fails when env CI=true.
 */
public final class FixtureOrchestrations {
    private static final Map<String, Path> BUILT = new HashMap<>();

    private FixtureOrchestrations() {
    }

    /** src/test/native of the record module, from this module or another one's tests. */
    static Path sources() {
        String root = System.getProperty("ptosim.root");
        Path p = root != null ? Path.of(root, "record", "src", "test", "native") : Path.of("src/test/native");
        return p.toAbsolutePath().normalize();
    }

    /** The header tree to pass as {@code --simpler}. */
    public static Path simplerRoot() {
        return sources().resolve("simpler-fixture");
    }

    /** A recorder cache under this module's target folder. */
    public static Path cache() {
        return Path.of("target", "record-cache").toAbsolutePath();
    }

    /** The C++ tools, or the test is skipped (a failure under CI=true). */
    public static CxxToolchain tools() {
        CxxToolchain.Toolchains found = CxxToolchain.find();
        if (found.toolchain() == null) {
            String why = "the ptosim record fixtures need " + found.missing();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(why + " (CI=true requires it)");
            }
            abort(why);
        }
        return found.toolchain();
    }

    /**
     * {@code orchestrations/NAME.cpp} with the fixture's common part compiled into a .so (once per JVM and
     * set of {@code defines}), as simpler's KernelCompiler builds one: shared, PIC, {@code -g}.
     */
    public static synchronized Path build(String name, String... defines) {
        String variant = name + (defines.length == 0 ? "" : "-" + String.join("-", defines).replace('=', '_'));
        Path done = BUILT.get(variant);
        if (done != null) {
            return done;
        }
        CxxToolchain tools = tools();
        Path dir = Path.of("target", "record-fixtures").toAbsolutePath();
        Path src = sources().resolve("orchestrations");
        Path out = dir.resolve(variant + ".so");
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, variant, ".tmp");
            Path log = Files.createTempFile(dir, variant, ".log");
            List<String> args = new ArrayList<>(List.of("-std=c++17", "-O2", "-g", "-shared", "-fPIC",
                    "-fno-gnu-unique", "-I" + simplerRoot().resolve(SimplerHeaders.API_HEADER).getParent()));
            for (String d : defines) {
                args.add("-D" + d);
            }
            args.addAll(List.of("-o", tmp.toString(), src.resolve("fixture_common.cpp").toString(),
                    src.resolve(name + ".cpp").toString()));
            CxxToolchain.run(tools.cxxCommand(args), log);
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        BUILT.put(variant, out);
        return out;
    }

    /** A recorder for the fixture headers, in {@link #cache()}. */
    public static OrchestrationRecorder recorder() {
        tools();
        return OrchestrationRecorder.forSimpler(simplerRoot(), cache());
    }
}
