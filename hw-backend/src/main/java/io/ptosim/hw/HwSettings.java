package io.ptosim.hw;

import io.ptosim.spi.BackendException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hardware backend's settings, from {@code --set hw.*} keys (which platforms ignore) or the
 * environment: where simpler's build is ({@value #HOME}, else {@value #HOME_ENV}), extra callable bundle
 * folders ({@value #CALLABLES}, {@code :}-separated), the runtime's log threshold ({@value #LOG_LEVEL}),
 * how long a worker may take to start ({@value #START_TIMEOUT_MS}), and variables for the worker
 * processes' environment ({@code hw.env.NAME=VALUE}, e.g. a loader path CANN needs).
 *
 * @param home simpler's build (a checkout with {@code build/lib}, or the simpler-sim script's work folder), if set
 * @param callableFolders bundle folders searched before the built-in bundles
 * @param logThreshold simpler's log threshold (10 debug ... 60 silent)
 * @param startTimeoutMs the bound on a worker's start-up
 * @param workerEnv variables added to each worker's environment
 */
public record HwSettings(Optional<Path> home, List<Path> callableFolders, int logThreshold, long startTimeoutMs,
        Map<String, String> workerEnv) {
    /** {@code --set} key naming simpler's build. */
    public static final String HOME = "hw.home";
    /** The environment variable naming simpler's build when {@value #HOME} is not set. */
    public static final String HOME_ENV = "PTOSIM_HW_HOME";
    /** {@code --set} key: extra callable bundle folders. */
    public static final String CALLABLES = "hw.callables";
    /** {@code --set} key: simpler's log threshold (default 30, warnings). */
    public static final String LOG_LEVEL = "hw.logLevel";
    /** {@code --set} key: milliseconds a chip worker may take to load simpler and report ready. */
    public static final String START_TIMEOUT_MS = "hw.startTimeoutMs";
    /** {@code --set} key prefix: {@code hw.env.NAME=VALUE} sets NAME in each worker's environment. */
    public static final String ENV_PREFIX = "hw.env.";

    /** Copies the folder list and the environment (in order). */
    public HwSettings {
        callableFolders = List.copyOf(callableFolders);
        workerEnv = Collections.unmodifiableMap(new LinkedHashMap<>(workerEnv));
    }

    /**
     * Reads the settings.
     *
     * @throws BackendException for a value that is not a whole number where one is expected
     */
    public static HwSettings of(Map<String, String> settings, Map<String, String> env) {
        String home = settings.getOrDefault(HOME, env.get(HOME_ENV));
        List<Path> folders = new ArrayList<>();
        String extra = settings.get(CALLABLES);
        if (extra != null) {
            for (String p : extra.split(":")) {
                if (!p.isBlank()) {
                    folders.add(Path.of(p.trim()));
                }
            }
        }
        Map<String, String> workerEnv = new LinkedHashMap<>();
        settings.forEach((k, v) -> {
            if (k.startsWith(ENV_PREFIX) && k.length() > ENV_PREFIX.length()) {
                workerEnv.put(k.substring(ENV_PREFIX.length()), v);
            }
        });
        return new HwSettings(home == null || home.isBlank() ? Optional.empty() : Optional.of(Path.of(home.trim())),
                folders, (int) number(settings, LOG_LEVEL, 30), number(settings, START_TIMEOUT_MS, 60_000), workerEnv);
    }

    private static long number(Map<String, String> settings, String key, long fallback) {
        String v = settings.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new BackendException("--set " + key + "=" + v + ": expected a whole number");
        }
    }

    /** The folder for shared files: {@code /dev/shm} where it exists, else the temporary folder. */
    public static Path sharedFolder() {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }
}
