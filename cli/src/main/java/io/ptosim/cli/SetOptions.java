package io.ptosim.cli;

import io.ptosim.platform.Platform;
import io.ptosim.platform.PlatformException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The {@code --set KEY=VALUE} options of {@code run} and {@code calibrate}, in the order given, and the one
 * key {@code deps} and {@code check} take.
 */
final class SetOptions {
    /** The reader-tracking what-if: every INPUT a tracked reader (the one key of the dependency rules). */
    static final String TRACK_READERS = "tensorMap.trackReaders";

    private SetOptions() {
    }

    /**
     * Whether the settings of a command that only derives edges ({@code deps}, {@code check}) turn reader
     * tracking on.
     *
     * @throws ParameterException for any other key, or a value other than true, false, 1 or 0
     */
    static boolean trackReaders(List<String> sets, CommandLine cmd) {
        Map<String, String> settings = parse(sets, cmd);
        for (String key : settings.keySet()) {
            if (!key.equals(TRACK_READERS)) {
                throw new ParameterException(cmd, "--set " + key + ": '" + cmd.getCommandName() + "' takes only "
                        + TRACK_READERS + " (the dependency rules); ring, pool and timing keys matter to 'ptosim run'");
            }
        }
        try {
            return Platform.load(Platform.NAMES.get(0), settings).runtime().trackReaders();
        } catch (PlatformException e) {
            throw new ParameterException(cmd, e.getMessage());
        }
    }

    /**
     * The settings as a key-ordered-by-appearance map.
     *
     * @throws ParameterException naming an option without {@code =}
     */
    static Map<String, String> parse(List<String> sets, CommandLine cmd) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new ParameterException(cmd, "--set " + s + ": expected KEY=VALUE");
            }
            settings.put(s.substring(0, eq).trim(), s.substring(eq + 1));
        }
        return settings;
    }
}
