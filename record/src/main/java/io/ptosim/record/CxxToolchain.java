package io.ptosim.record;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The system tools the recorder needs: a C++ compiler ({@code $CXX}, else {@code c++} or {@code g++} on
 * PATH) and {@code readelf} (binutils, which every gcc install brings) to read the layouts of the boundary
 * types from debug info.
 *
 * @param cxx the C++ compiler
 * @param readelf readelf
 */
public record CxxToolchain(Path cxx, Path readelf) {
    /** Bound on one compiler or readelf run. */
    private static final long TOOL_TIMEOUT_SECONDS = 300;

    /** The tools on this machine, or why they are not all there. */
    public static Toolchains find() {
        String env = System.getenv("CXX");
        Optional<Path> cxx = env != null && !env.isBlank() ? onPath(env) : onPath("c++").or(() -> onPath("g++"));
        Optional<Path> readelf = onPath("readelf");
        if (cxx.isEmpty()) {
            return new Toolchains(null, "no C++ compiler: " + (env != null && !env.isBlank() ? "$CXX (" + env
                    + ") is not executable" : "neither c++ nor g++ is on PATH") + " (install g++)");
        }
        if (readelf.isEmpty()) {
            return new Toolchains(null, "no readelf on PATH (install binutils)");
        }
        return new Toolchains(new CxxToolchain(cxx.get(), readelf.get()), null);
    }

    /**
     * What {@link #find} found.
     *
     * @param toolchain the tools, or null
     * @param missing why they are not all there, or null
     */
    public record Toolchains(CxxToolchain toolchain, String missing) {
        /**
         * The tools.
         *
         * @throws RecordException saying what is missing
         */
        public CxxToolchain require() {
            if (toolchain == null) {
                throw new RecordException(RecordException.Kind.BAD_INPUT, "ptosim record needs " + missing);
            }
            return toolchain;
        }
    }

    private static Optional<Path> onPath(String name) {
        if (name.contains(File.separator)) {
            Path p = Path.of(name);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv("PATH");
        for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * Runs {@code command} to completion and returns its standard output (standard error goes to
     * {@code errors}, which must not exist yet or is replaced).
     *
     * @throws RecordException if it fails, naming the command and the tail of its error output
     */
    static String run(List<String> command, Path errors) {
        try {
            Process p = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new RecordException(RecordException.Kind.FAILED, String.join(" ", command) + ": no result after "
                        + TOOL_TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new RecordException(RecordException.Kind.FAILED, String.join(" ", command) + " failed (exit "
                        + p.exitValue() + "):\n" + tail(errors, 4000));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RecordException(RecordException.Kind.FAILED, "cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RecordException(RecordException.Kind.FAILED, "interrupted running " + command.get(0), e);
        }
    }

    /** The last {@code max} characters of a text file, or empty when it cannot be read. */
    static String tail(Path file, int max) {
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8);
            return s.length() <= max ? s : "..." + s.substring(s.length() - max);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** {@code cxx} with {@code args}. */
    List<String> cxxCommand(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(cxx.toString());
        cmd.addAll(args);
        return cmd;
    }
}
