package io.ptosim.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** The {@code --set KEY=VALUE} options of {@code run} and {@code calibrate}, in the order given. */
final class SetOptions {
    private SetOptions() {
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
