package io.ptosim.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Checks a command's output files before it does any work, so an unwritable path is a usage error (exit 2)
 * naming the option, the path and the reason, not a failure after the run naming a hidden temporary file.
 */
final class OutputPaths {
    private OutputPaths() {
    }

    /**
     * Refuses the first of {@code outputs} (option name → path; null paths are skipped) that cannot be
     * written.
     *
     * @throws ParameterException naming the option, the path and why
     */
    static void requireWritable(CommandLine cli, Map<String, Path> outputs) {
        outputs.forEach((option, path) -> requireWritable(cli, option, path));
    }

    /** Refuses {@code path} (skipped when null), the value of {@code option}, if it cannot be written. */
    static void requireWritable(CommandLine cli, String option, Path path) {
        if (path != null) {
            String why = whyNot(path);
            if (why != null) {
                throw new ParameterException(cli, option + " " + path + ": cannot write there: " + why);
            }
        }
    }

    /** Why {@code path} cannot be written (as a new file or over an existing one), or null when it can. */
    static String whyNot(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) {
            return "it is a directory";
        }
        if (Files.exists(abs) && !Files.isWritable(abs)) {
            return "the file is not writable";
        }
        Path dir = abs.getParent();
        if (dir == null) {
            return "it has no parent directory";
        }
        if (!Files.exists(dir)) {
            return "the directory " + dir + " does not exist";
        }
        if (!Files.isDirectory(dir)) {
            return dir + " is not a directory";
        }
        if (!Files.isWritable(dir)) {
            return "the directory " + dir + " is not writable (the file is written beside it first, then moved)";
        }
        return probe(dir, abs.getFileName().toString());
    }

    /** Creates and deletes a hidden file in {@code dir}, as the writer's temporary file will be; why it failed, or null. */
    private static String probe(Path dir, String name) {
        Path probe;
        try {
            probe = Files.createTempFile(dir, "." + name + ".", ".probe");
        } catch (AccessDeniedException e) {
            return "permission denied creating a file in " + dir;
        } catch (FileSystemException e) {
            return "no file can be created in " + dir + (e.getReason() == null ? "" : " (" + e.getReason() + ")");
        } catch (IOException e) {
            return "no file can be created in " + dir + " (" + e.getMessage() + ")";
        }
        try {
            Files.delete(probe);
        } catch (IOException e) {
            return "a file created in " + dir + " cannot be deleted (" + e.getMessage() + ")";
        }
        return null;
    }
}
