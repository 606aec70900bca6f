package io.ptosim.traces;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * The shared fixtures beside the checkout (the build passes their folder as {@code ptosim.shared}): the
 * conformance vectors ({@code vectors/}) and simpler's own trace samples ({@code traces-samples/}). On
 * a user's clone they are absent and the tests show as skipped with the reason; under {@code CI=true}
 * their absence fails the build, so CI never skips them silently.
 */
public final class SharedVectors {
    private SharedVectors() {
    }

    private static Path shared() {
        return Paths.get(System.getProperty("ptosim.shared", "../../shared")).toAbsolutePath().normalize();
    }

    private static Path depsDir() {
        return shared().resolve("vectors").resolve("deps");
    }

    /** simpler's trace samples ({@code traces-samples/}). */
    public static Path samplesDir() {
        return shared().resolve("traces-samples");
    }

    /** A single test that is skipped with {@code why}, or fails under {@code CI=true}. */
    private static Stream<DynamicTest> missing(String name, String why) {
        return Stream.of(DynamicTest.dynamicTest(name, () -> skip(why)));
    }

    /** Skips the running test with {@code why}, or fails it under {@code CI=true}. */
    private static void skip(String why) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(why + "; CI=true requires them");
        }
        abort(why);
    }

    /**
     * The sample at {@code relative} under the trace samples; when the samples are absent the calling
     * test is skipped with the reason (a failure under {@code CI=true}).
     */
    public static Path sample(String relative) {
        Path file = samplesDir().resolve(relative);
        if (!Files.isRegularFile(file)) {
            skip("simpler's trace sample " + relative + " not found under " + samplesDir()
                    + " (they live in ../shared beside the checkout)");
        }
        return file;
    }

    /**
     * One dynamic test per file named {@code fileName} anywhere under the trace samples (sorted by path,
     * named by it), or the skipped test when the samples are absent. Fails if there are fewer than
     * {@code atLeast}, so a sample folder that moved is noticed.
     */
    public static Stream<DynamicTest> perSample(String fileName, int atLeast, ThrowingConsumer<Path> check)
            throws IOException {
        Path dir = samplesDir();
        if (!Files.isDirectory(dir)) {
            return missing("trace samples", "simpler's trace samples not found at " + dir
                    + " (they live in ../shared beside the checkout)");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> p.getFileName().toString().equals(fileName)).sorted().toList();
        }
        if (files.size() < atLeast) {
            fail("expected at least " + atLeast + " files named " + fileName + " under " + dir + ", found " + files.size());
        }
        return files.stream().map(p -> DynamicTest.dynamicTest(dir.relativize(p).toString(), () -> check.accept(p)));
    }

    /**
     * One dynamic test per vector program ({@code *.program.json}, sorted), or, when the vectors are
     * absent, a single test that is skipped with the reason (a failure under {@code CI=true}).
     */
    public static Stream<DynamicTest> perProgram(ThrowingConsumer<Path> check) throws IOException {
        Path dir = depsDir();
        if (!Files.isDirectory(dir)) {
            return missing("conformance vectors", "conformance vectors not found at " + dir
                    + " (they live in ../shared beside the checkout)");
        }
        List<Path> programs;
        try (Stream<Path> files = Files.list(dir)) {
            programs = files.filter(p -> p.getFileName().toString().endsWith(".program.json")).sorted().toList();
        }
        if (programs.size() != 256) {
            fail("expected 256 vector programs in " + dir + ", found " + programs.size());
        }
        Function<Path, DynamicTest> test = p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check.accept(p));
        return programs.stream().map(test);
    }
}
