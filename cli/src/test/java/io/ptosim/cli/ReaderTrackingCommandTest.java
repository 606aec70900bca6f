package io.ptosim.cli;

import static io.ptosim.program.Args.args;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ptosim.program.Orchestration;
import io.ptosim.program.Tensor;
import io.ptosim.runtime.DataType;
import io.ptosim.traces.ProgramJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --set tensorMap.trackReaders} on {@code deps}, {@code check} and {@code run}, and its refusals. */
class ReaderTrackingCommandTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String NL = System.lineSeparator();
    private static final String TRACK = "tensorMap.trackReaders=true";

    @TempDir
    Path tmp;

    private final CliHarness cli = new CliHarness();

    /** The loop-carried buffer of a fused prefill: per band, W_b updates buf in place, R_b reads it. */
    private Path prefill() throws IOException {
        Orchestration orch = new Orchestration("prefill");
        Tensor buf = orch.external("buf", 0x10000, DataType.FLOAT32, 64);
        for (int b = 0; b < 3; b++) {
            orch.submitAiv(0, args().inout(buf));
            orch.submitAiv(1, args().input(buf).output(DataType.FLOAT32, 64));
        }
        Path file = tmp.resolve("prefill.json");
        ProgramJson.write(orch.build(), file);
        return file;
    }

    @Test
    void checkIsCleanWithReaderTrackingAndReportsTheWriteAfterReadsWithout() throws IOException {
        Path p = prefill();
        assertThat(cli.run("check", p.toString())).isEqualTo(1);
        assertThat(cli.out.toString()).endsWith("check prefill: 6 tasks, 5 edges: 3 hazards between 3 task pairs"
                + " (3 write-after-read, 0 write-after-write, 0 read-after-write)" + NL);
        cli.out.getBuffer().setLength(0);
        assertThat(cli.run("check", p.toString(), "--set", TRACK)).isZero();
        assertThat(cli.out.toString()).isEqualTo("check prefill: 6 tasks, 7 edges: no hazards" + NL);
    }

    @Test
    void depsAddsTheReaderToWriterEdgesAndSaysHowMany() throws IOException {
        Path out = tmp.resolve("deps.json");
        assertThat(cli.run("deps", prefill().toString(), "--set", TRACK, "-o", out.toString())).isZero();
        assertThat(cli.err.toString()).isEqualTo("prefill: 6 tasks, 7 edges (0 explicit, 0 creator, 7 tensormap, 2 of"
                + " them write-after-read from tracked readers) -> " + out + NL);
        JsonNode edges = MAPPER.readTree(out.toFile()).path("edges");
        StringBuilder war = new StringBuilder();
        for (JsonNode e : edges) {
            if (e.path("hazard").asText().equals("WAR")) {
                war.append(e.path("pred").asText()).append('>').append(e.path("succ").asText()).append(' ');
            }
        }
        assertThat(war.toString()).isEqualTo("1>2 3>4 ");
    }

    @Test
    void theDefaultDepsOutputHasNoReaderFields() throws IOException {
        assertThat(cli.run("deps", prefill().toString())).isZero();
        assertThat(cli.out.toString()).doesNotContain("hazard").doesNotContain("READER");
        assertThat(cli.err.toString()).isEqualTo("prefill: 6 tasks, 5 edges (0 explicit, 0 creator, 5 tensormap)" + NL);
    }

    @Test
    void depsAndCheckTakeNoOtherKeyAndCheckRefusesADepsJson() throws IOException {
        Path p = prefill();
        assertThat(cli.run("deps", p.toString(), "--set", "ring.taskWindow=64")).isEqualTo(2);
        assertThat(cli.err.toString()).startsWith("ptosim deps: --set ring.taskWindow: 'deps' takes only"
                + " tensorMap.trackReaders (the dependency rules)");
        cli.err.getBuffer().setLength(0);
        assertThat(cli.run("check", p.toString(), "--set", "tensorMap.trackReaders=yes")).isEqualTo(2);
        assertThat(cli.err.toString()).startsWith("ptosim check: --set tensorMap.trackReaders=yes: expected true or"
                + " false");
        Path deps = tmp.resolve("d.json");
        assertThat(cli.run("deps", p.toString(), "-o", deps.toString())).isZero();
        cli.err.getBuffer().setLength(0);
        assertThat(cli.run("check", deps.toString(), "--set", TRACK)).isEqualTo(2);
        assertThat(cli.err.toString()).contains("is a deps.json, whose edges are recorded");
        assertThat(Files.exists(deps)).isTrue();
    }

    @Test
    void runPrintsWhatReaderTrackingCostsAndNothingWhenItIsOff() throws IOException {
        assertThat(cli.run("run", "vector-example", "--timing-only", "--set", TRACK, "--json")).isZero();
        JsonNode on = MAPPER.readTree(cli.out.toString());
        cli.out.getBuffer().setLength(0);
        assertThat(cli.run("run", "vector-example", "--timing-only", "--json")).isZero();
        JsonNode off = MAPPER.readTree(cli.out.toString());
        assertThat(off.path("reader_tracking").path("all_inputs").asBoolean()).isFalse();
        assertThat(off.path("reader_tracking").path("entries").asLong()).isZero();
        assertThat(on.path("reader_tracking").path("all_inputs").asBoolean()).isTrue();
        assertThat(on.path("reader_tracking").path("entries").asLong()).isPositive();
        assertThat(on.path("orch_us").asDouble()).isGreaterThan(off.path("orch_us").asDouble());
        assertThat(on.path("orch_steps").path("inserts").path("count").asLong()
                - off.path("orch_steps").path("inserts").path("count").asLong())
                .isEqualTo(on.path("reader_tracking").path("entries").asLong());
        cli.out.getBuffer().setLength(0);
        assertThat(cli.run("run", "vector-example", "--timing-only")).isZero();
        assertThat(cli.out.toString()).doesNotContain("readers");
        cli.out.getBuffer().setLength(0);
        assertThat(cli.run("run", "vector-example", "--timing-only", "--set", TRACK)).isZero();
        assertThat(cli.out.toString()).containsPattern("readers +\\d+ TensorMap entries, \\d+ write-after-read"
                + " edges \\(tensorMap.trackReaders: every INPUT tracked\\)");
    }
}
