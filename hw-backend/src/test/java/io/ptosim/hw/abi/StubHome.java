package io.ptosim.hw.abi;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.NativeLibrary;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The C stubs of src/test/c compiled with the system C compiler ({@code cc} on PATH) into a home laid out like
 * an a2a3sim build, so {@code HostRuntimeLibraries.locate("a2a3sim", home)} finds it. Without a compiler the
 * calling test is skipped, or fails when env CI=true.
 */
public final class StubHome {

    static final Path SOURCES = Path.of("src/test/c").toAbsolutePath();
    static final Path TARGET = Path.of("target/stub-home").toAbsolutePath();
    static final String RUNTIME_DIR = "build/lib/a2a3/sim/tensormap_and_ringbuffer";
    /** Contents of the dummy executor files. */
    static final byte[] AICPU_BYTES = "stub aicpu executor\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] AICORE_BYTES = "stub aicore executor, a little longer\n".getBytes(StandardCharsets.US_ASCII);

    private static final Map<String, Path> BUILT = new HashMap<>();
    private static int copies;

    private StubHome() {}

    /** The default stubs. */
    public static Path standard() {
        return build("standard");
    }

    /**
     * Compiles the stubs with extra {@code -D} defines into target/stub-home/{@code variant} (once per JVM) and
     * returns that home.
     */
    public static synchronized Path build(String variant, String... defines) {
        Path done = BUILT.get(variant);
        if (done != null) {
            return done;
        }
        String cc = requireCompiler();
        Path home = TARGET.resolve(variant);
        Path lib = home.resolve("build/lib");
        Path rt = home.resolve(RUNTIME_DIR);
        try {
            Files.createDirectories(rt);
            compile(cc, "stub_sim_context.c", lib.resolve("libcpu_sim_context.so"), defines);
            compile(cc, "stub_host_runtime.c", rt.resolve("libhost_runtime.so"), defines);
            Files.write(rt.resolve("libaicpu_kernel.so"), AICPU_BYTES);
            Files.write(rt.resolve("libaicore_kernel.so"), AICORE_BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        BUILT.put(variant, home);
        return home;
    }

    /** A private copy of a built home under {@code dir}: a new path, so the libraries load afresh. */
    public static synchronized Path copy(Path home, Path dir) {
        Path to = dir.resolve("stub-home-" + (++copies));
        try (Stream<Path> files = Files.walk(home)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path dest = to.resolve(home.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return to;
    }

    /** The stub home's libraries. */
    public static HostRuntimeLibraries libraries(Path home) {
        return HostRuntimeLibraries.locate("a2a3sim", home).orElseThrow();
    }

    /** Sets a variable in this process's C environment (the stubs read it; Java's own view is unchanged). */
    static void setNativeEnv(String name, String value) {
        NativeLibrary libc = NativeLibrary.getInstance("c");
        if (value == null) {
            libc.getFunction("unsetenv").invokeInt(new Object[] {name});
        } else {
            libc.getFunction("setenv").invokeInt(new Object[] {name, value, 1});
        }
    }

    private static void compile(String cc, String source, Path out, String... defines) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(cc, "-std=c11", "-O1", "-Wall", "-Werror", "-ffp-contract=off",
                "-fPIC", "-shared"));
        for (String d : defines) {
            cmd.add("-D" + d);
        }
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        cmd.addAll(List.of("-o", tmp.toString(), SOURCES.resolve(source).toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc;
        try {
            rc = p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted compiling " + source, e);
        }
        if (rc != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed (" + rc + "):\n" + output);
        }
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String requireCompiler() {
        String path = System.getenv("PATH");
        for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
            Path cc = Path.of(dir, "cc");
            if (Files.isExecutable(cc)) {
                return cc.toString();
            }
        }
        String reason = "no C compiler: cc is not on PATH, so the stub host runtime cannot be built";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(reason + " (CI=true requires it)");
        }
        assumeTrue(false, reason);
        return null;
    }
}
