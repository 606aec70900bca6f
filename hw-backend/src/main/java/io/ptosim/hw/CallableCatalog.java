package io.ptosim.hw;

import io.ptosim.hw.abi.CallableBundle;
import io.ptosim.hw.abi.ChipCallableBuilder;
import io.ptosim.spi.BackendException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The compiled callables a native backend can run, by name: the bundles under each {@code hw.callables}
 * folder (a folder holding {@value #MANIFEST}, or holding such folders; binaries relative to the bundle),
 * then the bundles ptosim ships for the built-in workloads (binaries relative to {@code hw.home}, the
 * simpler-sim script's work folder). The first bundle with a name wins.
 */
final class CallableCatalog {
    /** A bundle's manifest file name. */
    static final String MANIFEST = "callable.json";
    /** The built-in bundles, as class-path resources under {@code io/ptosim/hw/callables/NAME/}. */
    static final List<String> BUILT_IN = List.of("vector_example");

    /** Where a name's bundle is: its manifest, the folder its paths are relative to, and how it was found. */
    private record Entry(Path manifest, Path base, String origin) {
    }

    private final Map<String, Entry> entries = new TreeMap<>();

    CallableCatalog(HwSettings settings) {
        for (Path folder : settings.callableFolders()) {
            for (Path manifest : manifests(folder)) {
                Path dir = manifest.getParent();
                entries.putIfAbsent(dir.getFileName().toString(), new Entry(manifest, dir, "bundle " + dir));
            }
        }
        settings.home().ifPresent(home -> {
            for (String name : BUILT_IN) {
                entries.putIfAbsent(name, new Entry(null, home, "built-in bundle, binaries under " + home));
            }
        });
    }

    private static List<Path> manifests(Path folder) {
        if (Files.isRegularFile(folder.resolve(MANIFEST))) {
            return List.of(folder.resolve(MANIFEST));
        }
        if (!Files.isDirectory(folder)) {
            throw new BackendException(HwSettings.CALLABLES + ": " + folder
                    + " is neither a bundle (a folder with " + MANIFEST + ") nor a folder of bundles");
        }
        List<Path> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(folder)) {
            for (Path d : dirs.sorted().toList()) {
                if (Files.isRegularFile(d.resolve(MANIFEST))) {
                    out.add(d.resolve(MANIFEST));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
        return out;
    }

    /** The names it has, with where each comes from, for messages. */
    String listing() {
        if (entries.isEmpty()) {
            return "none (set " + HwSettings.CALLABLES + " to a bundle folder, or " + HwSettings.HOME
                    + " for the built-in ones)";
        }
        List<String> parts = new ArrayList<>();
        entries.forEach((n, e) -> parts.add(n + " (" + e.origin() + ")"));
        return String.join(", ", parts);
    }

    /**
     * The ChipCallable bytes of {@code name}, or empty when it has no such bundle.
     *
     * @throws IllegalArgumentException (or the bundle reader's error) for a broken bundle, naming it
     */
    Optional<byte[]> build(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            return Optional.empty();
        }
        CallableBundle bundle = e.manifest() != null ? CallableBundle.read(e.manifest(), e.base())
                : CallableBundle.readResource("io/ptosim/hw/callables/" + name + "/" + MANIFEST, e.base());
        return Optional.of(ChipCallableBuilder.build(bundle));
    }
}
