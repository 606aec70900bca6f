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
 * The conformance vectors: {@code ../shared/vectors} beside the checkout (the build passes it as
 * {@code ptosim.shared}). On a user's clone they are absent and the tests show as skipped with the
 * reason; under {@code CI=true} their absence fails the build, so CI never skips them silently.
 */
public final class SharedVectors {
    private SharedVectors() {
    }

    private static Path depsDir() {
        Path shared = Paths.get(System.getProperty("ptosim.shared", "../../shared")).toAbsolutePath().normalize();
        return shared.resolve("vectors").resolve("deps");
    }

    /**
     * One dynamic test per vector program ({@code *.program.json}, sorted), or, when the vectors are
     * absent, a single test that is skipped with the reason (a failure under {@code CI=true}).
     */
    public static Stream<DynamicTest> perProgram(ThrowingConsumer<Path> check) throws IOException {
        Path dir = depsDir();
        if (!Files.isDirectory(dir)) {
            String why = "conformance vectors not found at " + dir + " (they live in ../shared beside the checkout)";
            return Stream.of(DynamicTest.dynamicTest("conformance vectors", () -> {
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    fail(why + "; CI=true requires them");
                }
                abort(why);
            }));
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
