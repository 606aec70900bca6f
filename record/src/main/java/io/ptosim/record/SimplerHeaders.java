package io.ptosim.record;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The orchestration headers of a simpler checkout ({@code --simpler DIR}): the include folders simpler's
 * KernelCompiler gives an a2a3 tensormap_and_ringbuffer orchestration build, those of them that exist.
 * The recorder is compiled with the same ones, so its view of the function table and argument structs
 * is the orchestration's.
 *
 * @param root the checkout
 * @param includeDirs the include folders, in the order the compiler searches them
 */
public record SimplerHeaders(Path root, List<Path> includeDirs) {
    /** The header every orchestration includes, relative to the checkout. */
    public static final String API_HEADER = "src/a2a3/runtime/tensormap_and_ringbuffer/orchestration/pto_orchestration_api.h";

    private static final List<String> INCLUDES = List.of(
            "src/a2a3/runtime/tensormap_and_ringbuffer/runtime",
            "src/a2a3/runtime/tensormap_and_ringbuffer/common",
            "src/a2a3/runtime/tensormap_and_ringbuffer/orchestration",
            "src/common/task_interface",
            "src/common",
            "src/a2a3/platform/include",
            "src/common/platform/include",
            "src/common/log/include",
            "src/a2a3/runtime");

    /** Copies the list. */
    public SimplerHeaders {
        includeDirs = List.copyOf(includeDirs);
    }

    /**
     * The headers of the checkout at {@code dir}.
     *
     * @throws RecordException if {@code dir} has no {@link #API_HEADER}
     */
    public static SimplerHeaders of(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve(API_HEADER))) {
            throw new RecordException(RecordException.Kind.BAD_INPUT, "--simpler " + dir + ": no " + API_HEADER
                    + " there; expected the root of a simpler checkout (the one the orchestration was built from)");
        }
        List<Path> dirs = new ArrayList<>();
        for (String inc : INCLUDES) {
            Path p = root.resolve(inc);
            if (Files.isDirectory(p)) {
                dirs.add(p);
            }
        }
        return new SimplerHeaders(root, dirs);
    }

    /** The {@code -I} options. */
    List<String> includeOptions() {
        return includeDirs.stream().map(p -> "-I" + p).toList();
    }
}
