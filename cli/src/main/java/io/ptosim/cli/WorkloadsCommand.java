package io.ptosim.cli;

import io.ptosim.workloads.Catalog;
import io.ptosim.workloads.NodeWorkload;
import io.ptosim.workloads.Workload;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ptosim workloads}: the built-in workloads with their cases and variants, then the node workloads. */
@Command(name = "workloads", mixinStandardHelpOptions = true,
        description = "Lists the built-in workloads 'ptosim run' takes, with their cases and variants (defaults first),"
                + " then the node workloads (many chips) with their chip counts.")
final class WorkloadsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        for (Workload w : Catalog.all()) {
            out.println(w.name());
            out.println("  " + w.summary());
            out.println("  cases:    " + String.join(", ", w.cases()));
            out.println("  variants: " + String.join(", ", w.variants()));
        }
        for (NodeWorkload w : Catalog.nodes()) {
            out.println(w.name() + "   (node: many chips)");
            out.println("  " + w.summary());
            out.println("  chips:    " + w.defaultChips() + " by default (--chips 1 to " + NodeWorkload.MAX_CHIPS
                    + "); --policy two-pass|directed, --mode thread|process");
        }
        out.flush();
    }
}
