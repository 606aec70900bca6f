package io.ptosim.cli;

import io.ptosim.spi.BackendProvider;
import io.ptosim.spi.Backends;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ptosim backends}: every backend found on the class path, and whether it can run here, or why not. */
@Command(name = "backends", mixinStandardHelpOptions = true,
        description = {"Lists the backends 'ptosim run --backend' takes: sim (the simulated chip) and, with the"
                + " hw-backend plugin, a2a3, a5 (simpler's runtime on NPUs) and a2a3sim, a5sim (simpler's CPU"
                + " simulation), each with its clock and whether it can run here, or why not.",
            "%nThe native backends need simpler's build: --set hw.home=DIR or PTOSIM_HW_HOME=DIR. Plugins are"
                    + " jars in the plugins folder beside the launcher or in PTOSIM_PLUGINS (':'-separated)."})
final class BackendsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A backend setting to judge availability with, e.g. hw.home=DIR (repeatable).")
    List<String> sets = List.of();

    @Override
    public void run() {
        Map<String, String> settings = SetOptions.parse(sets, spec.commandLine());
        Map<String, String> env = System.getenv();
        String chosen = Backends.chosenName(null, env);
        PrintWriter out = spec.commandLine().getOut();
        for (BackendProvider p : Backends.installed()) {
            Optional<String> why = p.unavailableReason(settings, env);
            out.printf(Locale.ROOT, "%-8s %-11s %-9s %s%s%n", p.name(), why.isPresent() ? "unavailable" : "available",
                    p.timeBase().name().toLowerCase(Locale.ROOT), p.description(), p.name().equals(chosen) ? " (default)" : "");
            why.ifPresent(r -> out.println("         " + r));
        }
        out.flush();
    }
}
