package io.ptosim.record;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Records an orchestration .so: checks that it was built from the same headers as the recorder (its
 * boundary types' layouts, from debug info), runs the recorder out of process with the entry's inputs,
 * and assembles the program and sidecar from what it wrote.
 */
public final class OrchestrationRecorder {
    private final RecorderBuild recorder;
    private final CxxToolchain tools;

    /**
     * How to record.
     *
     * @param clusters what {@code available_cluster_count} answers (a2a3: 24)
     * @param aivs what {@code available_aiv_count} answers (a2a3: 48)
     * @param timeout how long the orchestration may run
     * @param checkLayout whether to refuse a .so whose boundary types differ from the recorder's
     */
    public record Options(int clusters, int aivs, Duration timeout, boolean checkLayout) {
        /** a2a3's core counts, 60 s, layouts checked. */
        public static Options defaults() {
            return new Options(24, 48, Duration.ofSeconds(60), true);
        }

        /** These options with another timeout. */
        public Options withTimeout(Duration t) {
            return new Options(clusters, aivs, t, checkLayout);
        }
    }

    private OrchestrationRecorder(RecorderBuild recorder, CxxToolchain tools) {
        this.recorder = recorder;
        this.tools = tools;
    }

    /**
     * A recorder for the headers of the simpler checkout at {@code simplerDir}, compiled into
     * {@code cache} on first use.
     *
     * @throws RecordException if the tools are missing, the folder is no simpler checkout or the recorder
     *     does not compile against it
     */
    public static OrchestrationRecorder forSimpler(Path simplerDir, Path cache) {
        CxxToolchain tools = CxxToolchain.find().require();
        return new OrchestrationRecorder(RecorderBuild.obtain(SimplerHeaders.of(simplerDir), cache, tools), tools);
    }

    /** The recorder build in use. */
    public RecorderBuild build() {
        return recorder;
    }

    /**
     * The layouts of {@code so}'s boundary types.
     *
     * @throws RecordException if it is not a readable ELF file
     */
    public LayoutFingerprint layoutOf(Path so) {
        requireFile(so);
        try {
            Path errors = Files.createTempFile("ptosim-readelf", ".log");
            try {
                return LayoutFingerprint.of(so, tools, errors);
            } catch (RecordException e) {
                throw new RecordException(RecordException.Kind.BAD_INPUT, so + ": cannot read its debug info: "
                        + e.getMessage(), e);
            } finally {
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Records {@code so} called with {@code inputs}.
     *
     * @throws RecordException if the build does not match, the recorder fails, the orchestration crashes
     *     or times out, or rejects its arguments
     */
    public Recording record(Path so, EntryInputs inputs, Options options) {
        requireFile(so);
        if (options.checkLayout()) {
            LayoutFingerprint theirs = layoutOf(so);
            List<String> mismatches = recorder.layout().mismatches(theirs);
            if (!mismatches.isEmpty()) {
                throw new RecordException(RecordException.Kind.BAD_INPUT, so + " (boundary types " + theirs.hash()
                        + ", " + theirs.members() + " members) was not built from the simpler headers in "
                        + recorder.headers().root() + " (boundary types " + recorder.layout().hash() + ", "
                        + recorder.layout().members() + " members); recording it would crash or record garbage:\n  "
                        + String.join("\n  ", mismatches) + "\nRecord it with --simpler pointing at the checkout it"
                        + " was built from, or rebuild it against " + recorder.headers().root() + ".");
            }
        }
        Path work;
        try {
            work = Files.createTempDirectory("ptosim-record");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            InputFiles files = InputFiles.write(inputs, work);
            Path out = work.resolve("calls.jsonl");
            RecorderProcess run = RecorderProcess.run(recorder.executable(), so, files.spec(), out, work.resolve("log.txt"),
                    options.timeout(), options.clusters(), options.aivs());
            List<String> lines = Files.isRegularFile(out) ? Files.readAllLines(out, StandardCharsets.UTF_8) : List.of();
            RecordingAssembler.Partial partial = RecordingAssembler.assemble(programName(so), lines, inputs,
                    files.materialized());
            String log = run.log().isBlank() ? "" : "\nits output ended with:\n" + run.log().strip();
            if (partial.error() != null) {
                throw new RecordException(run.exitCode() == 5 ? RecordException.Kind.BAD_INPUT : RecordException.Kind.FAILED,
                        "recording " + so + ": " + partial.error());
            }
            if (run.exitCode() == 3 || run.killed()) {
                throw new RecordException(RecordException.Kind.TIMEOUT, "recording " + so + ": the orchestration did"
                        + " not finish within " + options.timeout().toSeconds() + " s (a spin-wait on memory no kernel"
                        + " writes? reading device memory directly bypasses the runtime); " + partial.progress() + log);
            }
            if (!partial.done() || run.exitCode() != 0) {
                int code = run.exitCode();
                String how = code > 128 ? "was killed by signal " + (code - 128) + signalName(code - 128)
                        : "exited with status " + code;
                throw new RecordException(RecordException.Kind.FAILED, "recording " + so + ": the orchestration "
                        + how + " before it returned; " + partial.progress() + log);
            }
            return partial.recording();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(work);
        }
    }

    private static String signalName(int signal) {
        return switch (signal) {
            case 11 -> " (SIGSEGV: a bad pointer; a .so built from other headers does this)";
            case 6 -> " (SIGABRT: std::terminate, e.g. an exception thrown in another thread)";
            case 7 -> " (SIGBUS)";
            case 8 -> " (SIGFPE)";
            case 4 -> " (SIGILL)";
            case 15 -> " (SIGTERM)";
            default -> "";
        };
    }

    /** The program's name: the .so's file name without {@code .so}. */
    static String programName(Path so) {
        String f = so.getFileName().toString();
        return f.endsWith(".so") ? f.substring(0, f.length() - 3) : f;
    }

    private static void requireFile(Path so) {
        if (!Files.isRegularFile(so)) {
            throw new RecordException(RecordException.Kind.BAD_INPUT, "ORCH.so " + so + " is not a readable file");
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover temporary folder is harmless
        }
    }
}
