package io.ptosim.cli;

import io.ptosim.platform.Platform;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ptosim platforms}: the simulated platforms, and with {@code --keys} every parameter. */
@Command(name = "platforms", mixinStandardHelpOptions = true,
        description = "Lists the simulated platforms; --keys also prints every parameter 'run --set' accepts,"
                + " with its value.")
final class PlatformsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--keys", description = "Print every parameter of each platform.")
    boolean keys;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        for (String name : Platform.NAMES) {
            Platform p = Platform.load(name, java.util.Map.of());
            out.println(name + ": " + p.description());
            if (keys) {
                p.parameters().forEach((k, v) -> out.printf(Locale.ROOT, "  %-28s %s%n", k,
                        v == Math.rint(v) ? String.valueOf(v.longValue()) : String.valueOf(v)));
            }
        }
        out.flush();
    }
}
