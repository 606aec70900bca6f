package io.ptosim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.util.ListStatistics;

/** The medians table of {@code ptosim bench --jmh}, and its answer to a regex that selects nothing. */
class JmhMediansTest {
    private static ListStatistics of(double... values) {
        ListStatistics s = new ListStatistics();
        for (double v : values) {
            s.addValue(v);
        }
        return s;
    }

    @Test
    void theTableGivesMedianMinMaxAndTheGcProfilersBytesPerOperationWhenMeasured() {
        List<String> lines = JmhMedians.table(List.of(
                new JmhMedians.Row("WorkloadBenchmark.pagedAttentionCase1TimingOnly", "", of(61, 57, 70), "ms/op",
                        14_100_000),
                new JmhMedians.Row("QueueHoldBenchmark.hold", "pending=1000", of(3, 1, 2), "ops/s", Double.NaN)));
        assertThat(lines.get(0)).startsWith("benchmark").endsWith("alloc B/op");
        assertThat(lines.get(1)).startsWith("WorkloadBenchmark.pagedAttentionCase1TimingOnly")
                .matches(".* 61 +57 +70 +ms/op +14100000");
        assertThat(lines.get(2)).contains("pending=1000").matches(".* 2 +1 +3 +ops/s +-");
    }

    @Test
    void withoutTheGcProfilerTheTableHasNoAllocationColumn() {
        List<String> lines = JmhMedians.table(List.of(
                new JmhMedians.Row("QueueHoldBenchmark.hold", "pending=1000", of(5), "ops/s", Double.NaN)));
        assertThat(lines.get(0)).doesNotContain("alloc");
        assertThat(lines.get(1)).endsWith("ops/s");
    }

    @Test
    void forksKeepThisJvmsOptionsButTheLaunchersYoungGenerationAndStartUpCache() {
        assertThat(JmhMedians.forkArgs(List.of("-XX:+UseParallelGC", "-Xmn64m", "-XX:+UseTransparentHugePages",
                "-XX:AOTCache=/x/ptosim.aot", "-Xlog:aot=off", "--enable-native-access=ALL-UNNAMED")))
                .containsExactly("-XX:+UseParallelGC", "-XX:+UseTransparentHugePages", "-Xlog:aot=off",
                        "--enable-native-access=ALL-UNNAMED");
    }

    @Test
    void aRegexThatSelectsNoBenchmarkIsAUserErrorNamingIt() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = JmhMedians.run(new String[] {"NoSuchBenchmarkAnywhere"}, new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("no benchmark matches").contains("NoSuchBenchmarkAnywhere")
                .contains("-l");
    }
}
