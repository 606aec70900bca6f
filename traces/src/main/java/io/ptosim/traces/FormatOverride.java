package io.ptosim.traces;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A file argument that may name its format: {@code FORMAT:PATH} (e.g. {@code deps:capture.json}) reads
 * PATH with that format's reader instead of recognising it by content. A path that exists as given is
 * never split, so a file whose name holds a colon still reads as itself.
 *
 * @param format the format named, or null when the argument names none
 * @param file the file to read
 */
public record FormatOverride(String format, Path file) {
    /** Every format name an argument may start with: the trace formats, then the program forms. */
    public static final List<String> NAMES = List.of("ptrace", "deps", "swimlane", "perfetto", "name-map",
            "scope-stats", "program", "vector");

    /** The argument, split into a known format name and a path when it has one. */
    public static FormatOverride of(Path argument) {
        String s = argument.toString();
        int colon = s.indexOf(':');
        if (colon > 0 && !Files.exists(argument) && NAMES.contains(s.substring(0, colon))) {
            return new FormatOverride(s.substring(0, colon), Path.of(s.substring(colon + 1)));
        }
        return new FormatOverride(null, argument);
    }

    /** The error for a format name that does not apply to what is being read. */
    TraceFormatException notFor(String what, List<String> accepted) {
        return new TraceFormatException(format + ":" + file + ": '" + format + "' is not " + what + "; expected one of "
                + String.join(", ", accepted));
    }
}
