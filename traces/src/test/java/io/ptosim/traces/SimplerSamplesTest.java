package io.ptosim.traces;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.chip.Chip;
import io.ptosim.chip.RunSummary;
import io.ptosim.platform.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every file simpler wrote in {@code ../shared/traces-samples} is read, and every recorded task graph
 * replays: the expected figures come from each folder's {@code README.txt}, which the recording wrote
 * (deps.json tasks, tensors and edges; the runtime's completed tasks, alloc_tensors included; the
 * swimlane level).
 */
class SimplerSamplesTest {
    private static final Pattern DEPS = Pattern.compile("deps\\.json tasks=(\\d+) tensors=(\\d+) edges=(\\d+)");
    private static final Pattern COMPLETED = Pattern.compile("runtime tasks completed: (\\d+)");
    private static final Pattern LEVEL = Pattern.compile("--enable-chip-swimlane (?:\\(level (\\d)\\)|(\\d))");

    /** The README.txt line describing the recording in {@code file}'s folder. */
    private static String readmeLine(Path file) throws IOException {
        Path folder = file.getParent();
        Path caseDir = folder;
        String sub = "./";
        if (!Files.exists(folder.resolve("README.txt"))) {
            caseDir = folder.getParent();
            sub = folder.getFileName() + "/";
        }
        for (String line : Files.readAllLines(caseDir.resolve("README.txt"))) {
            if (line.startsWith(sub + " ")) {
                return line;
            }
        }
        throw new AssertionError("no line for " + sub + " in " + caseDir.resolve("README.txt"));
    }

    private static long figure(Pattern p, String line, int group) {
        Matcher m = p.matcher(line);
        assertThat(m.find()).as("%s in %s", p, line).isTrue();
        return Long.parseLong(m.group(group) != null ? m.group(group) : m.group(group + 1));
    }

    /** Kernel tasks of the case: the top-level recording's deps.json task count. */
    private static long kernelTasks(Path file) throws IOException {
        Path caseDir = Files.exists(file.getParent().resolve("README.txt")) ? file.getParent()
                : file.getParent().getParent();
        return figure(DEPS, Files.readAllLines(caseDir.resolve("README.txt")).get(0), 1);
    }

    @TestFactory
    Stream<DynamicTest> everyDepsJsonReadsWithItsRecordedCounts() throws IOException {
        return SharedVectors.perSample("deps.json", 10, file -> {
            String line = readmeLine(file);
            DepsGraph g = DepsJsonReader.read(file);
            assertThat(g.tasks()).hasSize((int) figure(DEPS, line, 1));
            assertThat(g.tensors()).hasSize((int) figure(DEPS, line, 2));
            assertThat(g.edges()).hasSize((int) figure(DEPS, line, 3));
            assertThat(TraceFormat.read(file)).isInstanceOfSatisfying(DepsGraph.class,
                    d -> assertThat(d.document()).isEqualTo(g.document()));
        });
    }

    @TestFactory
    Stream<DynamicTest> everySwimlaneFileReadsAtItsLevelWithOneBlockPerKernelTask() throws IOException {
        return SharedVectors.perSample("chip_swimlane_records.json", 10, file -> {
            SwimlaneRecords r = SwimlaneReader.read(file);
            assertThat(r.level()).isEqualTo(figure(LEVEL, readmeLine(file), 1));
            assertThat(r.clockFreqHz()).isEqualTo(50_000_000L);
            assertThat(r.coreTypes()).hasSize(24);
            assertThat(r.blocks()).hasSize((int) kernelTasks(file));
            assertThat(r.kernelNanos()).hasSize((int) kernelTasks(file));
            assertThat(r.coreToThread()).hasSize(r.level() >= 3 ? 24 : 0);
            assertThat(TraceFormat.read(file)).isEqualTo(r);
        });
    }

    @TestFactory
    Stream<DynamicTest> everyRecordedGraphRebuildsWithEqualEdgesAndRuns() throws IOException {
        return SharedVectors.perSample("deps.json", 10, file -> {
            DepsGraph g = DepsJsonReader.read(file);
            Path records = file.resolveSibling("chip_swimlane_records.json");
            Map<Long, long[]> nanos = Files.exists(records) ? SwimlaneReader.read(records).kernelNanos() : Map.of();
            DepsProgramBuilder.Rebuilt rebuilt = DepsProgramBuilder.build(g, nanos, 1000);
            DepsEdgeCheck.Result check = DepsEdgeCheck.compare(g, rebuilt.program());
            assertThat(check.differences()).isEmpty();
            assertThat(check.rebuiltEdges()).isEqualTo(g.edges().size());
            assertThat(rebuilt.tracedTasks()).isEqualTo(nanos.isEmpty() ? 0 : g.tasks().size());
            RunSummary s = new Chip(Platform.load("a2a3", Map.of()), rebuilt.program(), DepsProgramBuilder.kernels(g), Map.of(),
                    false, 0).run();
            assertThat(s.completed()).as(s.error()).isTrue();
            assertThat(s.tasks()).isEqualTo(figure(COMPLETED, readmeLine(file), 1));
            assertThat(s.dispatches()).isEqualTo(g.tasks().size());
        });
    }
}
