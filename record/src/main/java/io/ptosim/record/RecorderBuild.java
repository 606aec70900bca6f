package io.ptosim.record;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;

/**
 * The recorder executable for one set of simpler headers: compiled from {@code recorder.cpp} (a resource of
 * this module) with the system C++ compiler on first use and kept in a cache folder named by a hash of the
 * recorder's source, the compiler and the content of every header the source includes (the compiler's
 * {@code -MM} list), so another checkout or an edited header gets its own build. The layouts of its
 * boundary types ({@link LayoutFingerprint}) are read from its debug info on every use (a readelf run).
 *
 * @param executable the recorder
 * @param layout its boundary types' layouts
 * @param headers the headers it was built from
 * @param built whether this call compiled it (false: found in the cache)
 */
public record RecorderBuild(Path executable, LayoutFingerprint layout, SimplerHeaders headers, boolean built) {
    /** The flags simpler's KernelCompiler gives orchestrations that matter to layouts, plus what the recorder needs. */
    private static final List<String> FLAGS = List.of("-std=c++17", "-O2", "-g", "-fno-gnu-unique", "-pthread");
    private static final String SOURCE = "recorder.cpp";

    /** The default cache: {@code $PTOSIM_CACHE}, else {@code $XDG_CACHE_HOME/ptosim}, else {@code ~/.cache/ptosim}. */
    public static Path defaultCache() {
        String own = System.getenv("PTOSIM_CACHE");
        if (own != null && !own.isBlank()) {
            return Path.of(own);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("ptosim");
    }

    /**
     * The recorder for {@code headers}, from {@code cache}/recorder or compiled into it.
     *
     * @throws RecordException if the compiler fails (with its messages)
     */
    public static RecorderBuild obtain(SimplerHeaders headers, Path cache, CxxToolchain tools) {
        try {
            Path root = cache.resolve("recorder");
            Files.createDirectories(root);
            byte[] source = source();
            String sourceKey = hex(sha256(source)).substring(0, 16);
            Path src = root.resolve("recorder-" + sourceKey + ".cpp");
            if (!Files.isRegularFile(src)) {
                Path tmp = Files.createTempFile(root, "recorder", ".cpp.tmp");
                Files.write(tmp, source);
                Files.move(tmp, src, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            Path log = Files.createTempFile(root, "cxx", ".log");
            try {
                String key = key(headers, tools, source, src, log);
                Path dir = root.resolve(key);
                Path exe = dir.resolve("recorder");
                if (Files.isExecutable(exe)) {
                    return new RecorderBuild(exe, LayoutFingerprint.of(exe, tools, log), headers, false);
                }
                Files.createDirectories(dir);
                Path tmpExe = Files.createTempFile(dir, "recorder", ".tmp");
                List<String> args = new ArrayList<>(FLAGS);
                args.addAll(headers.includeOptions());
                args.addAll(List.of("-o", tmpExe.toString(), src.toString(), "-ldl"));
                try {
                    CxxToolchain.run(tools.cxxCommand(args), log);
                } catch (RecordException e) {
                    Files.deleteIfExists(tmpExe);
                    throw new RecordException(RecordException.Kind.BAD_INPUT, "cannot build the recorder against the"
                            + " headers of " + headers.root() + ": " + e.getMessage(), e);
                }
                LayoutFingerprint layout = LayoutFingerprint.of(tmpExe, tools, log);
                Files.writeString(dir.resolve("headers.txt"), headers.root() + "\n");
                Files.move(tmpExe, exe, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return new RecorderBuild(exe, layout, headers, true);
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the recorder cache " + cache + ": " + e.getMessage(), e);
        }
    }

    /** The cache key: the source, the compiler's version line, the flags and every included header's path and bytes. */
    private static String key(SimplerHeaders headers, CxxToolchain tools, byte[] source, Path src, Path log)
            throws IOException {
        List<String> args = new ArrayList<>(List.of("-std=c++17", "-MM"));
        args.addAll(headers.includeOptions());
        args.add(src.toString());
        String deps = CxxToolchain.run(tools.cxxCommand(args), log);
        TreeSet<String> files = new TreeSet<>();
        for (String token : deps.replace("\\\n", " ").split("\\s+")) {
            if (token.endsWith(".h") || token.endsWith(".hpp") || token.endsWith(".hh") || token.endsWith(".inc")) {
                files.add(Path.of(token).toAbsolutePath().normalize().toString());
            }
        }
        String version = CxxToolchain.run(tools.cxxCommand(List.of("--version")), log).lines().findFirst().orElse("");
        MessageDigest md = digest();
        md.update(source);
        md.update((version + "\n" + tools.cxx() + "\n" + FLAGS + "\n").getBytes(StandardCharsets.UTF_8));
        for (String f : files) {
            md.update((f + "\n").getBytes(StandardCharsets.UTF_8));
            md.update(Files.readAllBytes(Path.of(f)));
        }
        return hex(md.digest()).substring(0, 20);
    }

    private static byte[] source() {
        try (InputStream in = RecorderBuild.class.getResourceAsStream(SOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SOURCE + " is missing from the ptosim jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] sha256(byte[] b) {
        return digest().digest(b);
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
