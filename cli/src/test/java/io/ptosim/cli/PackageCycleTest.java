package io.ptosim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.google.common.graph.GraphBuilder;
import com.google.common.graph.Graphs;
import com.google.common.graph.MutableGraph;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The io.ptosim packages of every module form no cycle, and the seam packages stay thin: {@code spi} uses
 * only {@code des} and {@code runtime}, {@code mailbox} only {@code spi} and {@code runtime}. Read from the
 * compiled classes with jdeps, so it needs the reactor build (every module compiled before cli's tests).
 */
class PackageCycleTest {
    private static final List<String> MODULES = List.of("sim-core", "device-model", "traces", "workloads", "record",
            "hw-backend", "bench", "property-tests");
    /** A jdeps {@code -verbose:package} dependency line between two io.ptosim packages. */
    private static final Pattern EDGE = Pattern.compile("^\\s*(io\\.ptosim(?:\\.\\w+)*)\\s+->\\s+(io\\.ptosim(?:\\.\\w+)*)\\s");

    /** The io.ptosim package edges in jdeps output (self edges dropped), as a directed graph. */
    static MutableGraph<String> packageGraph(String jdepsOutput) {
        MutableGraph<String> g = GraphBuilder.directed().allowsSelfLoops(false).build();
        for (String line : jdepsOutput.lines().toList()) {
            Matcher m = EDGE.matcher(line);
            if (m.find() && !m.group(1).equals(m.group(2))) {
                g.putEdge(m.group(1), m.group(2));
            }
        }
        return g;
    }

    /** One cycle of {@code g} as its packages, the first repeated at the end, or an empty list when it has none. */
    static List<String> aCycle(MutableGraph<String> g) {
        Map<String, Integer> state = new HashMap<>(); // absent: unseen, 1: on the path, 2: done
        List<String> path = new ArrayList<>();
        for (String start : new TreeSet<>(g.nodes())) {
            List<String> found = visit(g, start, state, path);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    private static List<String> visit(MutableGraph<String> g, String n, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(n);
        if (s != null && s == 2) {
            return List.of();
        }
        if (s != null) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(n), path.size()));
            cycle.add(n);
            return cycle;
        }
        state.put(n, 1);
        path.add(n);
        for (String next : new TreeSet<>(g.successors(n))) {
            List<String> found = visit(g, next, state, path);
            if (!found.isEmpty()) {
                return found;
            }
        }
        path.remove(path.size() - 1);
        state.put(n, 2);
        return List.of();
    }

    private static MutableGraph<String> ptosimPackages() {
        List<String> args = new ArrayList<>(List.of("-verbose:package", "-filter:none"));
        for (String module : MODULES) {
            Path classes = Path.of("..", module, "target", "classes");
            if (!Files.isDirectory(classes)) {
                fail(classes.toAbsolutePath().normalize() + " is missing: run the reactor build"
                        + " (./mvnw install -DskipTests, or verify from the top) so every module is compiled first");
            }
            args.add(classes.toString());
        }
        assertThat(Path.of("target", "classes")).as("cli's own classes").isDirectory();
        args.add(Path.of("target", "classes").toString());
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() -> new AssertionError("this JDK has no jdeps tool (module jdk.jdeps)"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = jdeps.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        assertThat(status).as("jdeps %s: %s", args, err).isZero();
        return packageGraph(out.toString());
    }

    @Test
    void theIoPtosimPackagesOfEveryModuleFormNoCycleAndTheSeamStaysThin() {
        MutableGraph<String> g = ptosimPackages();
        assertThat(g.nodes()).as("packages jdeps saw").contains("io.ptosim.spi", "io.ptosim.mailbox", "io.ptosim.node",
                "io.ptosim.chip", "io.ptosim.endpoint", "io.ptosim.hw", "io.ptosim.cli");
        if (Graphs.hasCycle(g)) {
            fail("package cycle: " + String.join(" -> ", aCycle(g)));
        }
        assertThat(new TreeSet<>(g.successors("io.ptosim.spi"))).as("io.ptosim.spi depends on")
                .isSubsetOf(Set.of("io.ptosim.des", "io.ptosim.runtime"))
                .doesNotContain("io.ptosim.node", "io.ptosim.chip", "io.ptosim.endpoint");
        assertThat(new TreeSet<>(g.successors("io.ptosim.mailbox"))).as("io.ptosim.mailbox depends on")
                .isSubsetOf(Set.of("io.ptosim.spi", "io.ptosim.runtime"));
    }

    @Test
    void theParserAndCycleFinderCatchACycleInMadeUpJdepsOutput() {
        String output = """
                classes -> java.base
                   io.ptosim.a                                        -> io.ptosim.a                                        classes
                   io.ptosim.a                                        -> io.ptosim.b.x                                      classes
                   io.ptosim.a                                        -> java.util                                          java.base
                   io.ptosim.b.x                                      -> io.ptosim.c                                        classes
                   io.ptosim.c                                        -> io.ptosim.a                                        not found
                   io.ptosim.d                                        -> io.ptosim.c                                        classes
                """;
        MutableGraph<String> g = packageGraph(output);
        assertThat(new TreeSet<>(g.nodes())).containsExactly("io.ptosim.a", "io.ptosim.b.x", "io.ptosim.c", "io.ptosim.d");
        assertThat(g.edges()).hasSize(4);
        assertThat(g.successors("io.ptosim.a")).containsExactly("io.ptosim.b.x");
        assertThat(Graphs.hasCycle(g)).isTrue();
        assertThat(aCycle(g)).containsExactly("io.ptosim.a", "io.ptosim.b.x", "io.ptosim.c", "io.ptosim.a");

        MutableGraph<String> acyclic = packageGraph(output.replace(
                "io.ptosim.c                                        -> io.ptosim.a ",
                "io.ptosim.c                                        -> io.ptosim.e "));
        assertThat(Graphs.hasCycle(acyclic)).isFalse();
        assertThat(aCycle(acyclic)).isEmpty();
    }
}
