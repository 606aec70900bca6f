package io.ptosim.traces;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where the conformance vectors are: {@code ../shared/vectors} beside the checkout (the build passes
 * it as {@code ptosim.shared}). On a user's clone they are absent and the tests skip, saying so; under
 * {@code CI=true} their absence fails the build, so CI never skips them silently.
 */
public final class SharedVectors {
    private SharedVectors() {
    }

    /** The folder of vector pairs; skips (or, under CI, fails) the calling test when it is absent. */
    public static Path depsDir() {
        Path shared = Paths.get(System.getProperty("ptosim.shared", "../../shared")).toAbsolutePath().normalize();
        Path deps = shared.resolve("vectors").resolve("deps");
        if (!Files.isDirectory(deps)) {
            String why = "conformance vectors not found at " + deps + " (they live in ../shared beside the checkout)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(why + "; CI=true requires them");
            }
            abort(why);
        }
        return deps;
    }
}
