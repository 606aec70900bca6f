package io.ptosim.hw;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Callable bundles for the stub runtime: each folder's manifest names an entry the stub executes by
 * name (add, mul, vector_example, fail, crash, sleep) and small placeholder binaries.
 */
final class StubBundles {
    private StubBundles() {
    }

    /** Writes bundle {@code name} (executed as the stub's {@code entry}) into {@code folder}. */
    static void write(Path folder, String name, String entry) {
        Path dir = folder.resolve(name);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("orch.so"), "orchestration of " + name + "\n");
            Files.writeString(dir.resolve("kernel.so"), "kernel of " + name + "\n");
            Files.writeString(dir.resolve("callable.json"), """
                    {
                      "name": "%s",
                      "orchestration": "orch.so",
                      "entry": "%s",
                      "signature": ["IN", "IN", "OUT"],
                      "kernels": [
                        {"func_id": 0, "core_type": "aiv", "signature": ["IN", "IN", "OUT"], "binary": "kernel.so"}
                      ]
                    }
                    """.formatted(name, entry), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The standard set: vector_example, child_add, child_mul, add, fail, crash. */
    static Path standard(Path folder) {
        write(folder, "vector_example", "vector_example");
        write(folder, "child_add", "add");
        write(folder, "child_mul", "mul");
        write(folder, "add", "add");
        write(folder, "fail", "fail");
        write(folder, "crash", "crash");
        return folder;
    }
}
