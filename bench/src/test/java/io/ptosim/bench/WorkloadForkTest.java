package io.ptosim.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadForkTest {
    @Test
    void theFiguresCrossTheProcessBoundaryUnchanged() {
        WorkloadBench.Figures f = new WorkloadBench.Figures(65_792, 812_345.5, 790_001.25, 2.75, true,
                List.of(new WorkloadBench.SmallRun("pa_small1_warm_ms", "paged-attention CaseSmall1", 0.41, 0.35)),
                484_812, 24.5, 2.0e7, 229.5);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        WorkloadFork.write(f, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>(List.of("[0.012s][warning][aot] a JVM line", ""));
        lines.addAll(bytes.toString(StandardCharsets.UTF_8).lines().toList());
        assertThat(WorkloadFork.read(lines)).isEqualTo(f);
    }

    @Test
    void theRuntimeLayerComesFromItsOwnChild() {
        WorkloadBench.Figures f = new WorkloadBench.Figures(65_792, 812_345.5, 790_001.25, Double.NaN, false, List.of(),
                353_830, Double.NaN, 2.0e7, Double.NaN);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        WorkloadFork.write(f, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>(bytes.toString(StandardCharsets.UTF_8).lines().toList());
        assertThat(lines).noneMatch(l -> l.startsWith("runtime"));
        lines.add("runtime 23.75");
        assertThat(WorkloadFork.read(lines).runtimeMillis()).isEqualTo(23.75);
        assertThat(WorkloadFork.read(lines).layers().runtimeMillis()).isEqualTo(23.75);
    }

    @Test
    void aThroughputChildKeepsTheCollectorAndHeapButNotTheStartUpCache() {
        List<String> own = List.of("-XX:+UseParallelGC", "-Xmn64m", "-XX:AOTCache=/x/ptosim.aot", "-Xlog:aot=off",
                "-Dptosim.home=/x", "--enable-native-access=ALL-UNNAMED");
        assertThat(WorkloadFork.childOptions(own, true)).containsExactly("-XX:+UseParallelGC", "-Xmn64m", "-Xlog:aot=off");
        assertThat(WorkloadFork.childOptions(own, false))
                .containsExactly("-XX:+UseParallelGC", "-Xmn64m", "-XX:AOTCache=/x/ptosim.aot", "-Xlog:aot=off");
    }

    @Test
    void theHoldChildHasNeitherTheFixedYoungGenerationNorTheStartUpCache() {
        assertThat(WorkloadFork.holdOptions(List.of("-XX:+UseParallelGC", "-Xmn64m", "-XX:AOTCache=/x/ptosim.aot",
                "-XX:+UseTransparentHugePages"))).containsExactly("-XX:+UseParallelGC", "-XX:+UseTransparentHugePages");
    }

    @Test
    void theHoldFiguresCrossTheProcessBoundaryUnchanged() {
        List<QuickBench.HoldFigure> figures = List.of(
                new QuickBench.HoldFigure(QuickBench.Layer.EVENT_QUEUE, 1_000, 26_498_509.25, 9_814_908.5),
                new QuickBench.HoldFigure(QuickBench.Layer.ENGINE, 1_000_000, 10_040_000, 1_032_872));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        WorkloadFork.writeHold(figures, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>(List.of("[0.012s][warning][gc] a JVM line"));
        lines.addAll(bytes.toString(StandardCharsets.UTF_8).lines().toList());
        assertThat(WorkloadFork.readHold(lines)).isEqualTo(figures);
        assertThatThrownBy(() -> WorkloadFork.readHold(List.of("Error: could not find main class")))
                .hasMessageContaining("no hold-model figures");
    }

    @Test
    void noFiguresIsAnErrorThatShowsWhatCame() {
        assertThatThrownBy(() -> WorkloadFork.read(List.of("Error: could not find main class")))
                .hasMessageContaining("printed no figures").hasMessageContaining("could not find main class");
    }
}
