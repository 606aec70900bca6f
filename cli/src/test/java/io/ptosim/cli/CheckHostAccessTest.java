package io.ptosim.cli;

import static io.ptosim.program.Args.args;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ptosim.program.Arg;
import io.ptosim.program.Orchestration;
import io.ptosim.program.Task;
import io.ptosim.program.Tensor;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.ScopeMode;
import io.ptosim.traces.ProgramJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ptosim check} on the orchestrator's get/set_tensor_data: each race the runtime leaves open
 * (spec §7.4: the call waits only for the tensor's creator, its TensorMap writers and, for a set, the
 * consumers that retain them) is reported with both sides, and each fix the report offers makes the
 * program clean.
 */
class CheckHostAccessTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String NL = System.lineSeparator();

    @TempDir
    Path tmp;

    private final CliHarness cli = new CliHarness();

    /** Checks the program {@code body} builds; returns the exit status, leaving the output in {@code cli.out}. */
    private int check(String name, Consumer<Orchestration> body, String... options) throws IOException {
        Orchestration orch = new Orchestration(name);
        body.accept(orch);
        Path file = tmp.resolve(name + ".json");
        ProgramJson.write(orch.build(), file);
        cli.out.getBuffer().setLength(0);
        cli.err.getBuffer().setLength(0);
        String[] args = new String[options.length + 2];
        args[0] = "check";
        args[1] = file.toString();
        System.arraycopy(options, 0, args, 2, options.length);
        return cli.run(args);
    }

    private String out() {
        return cli.out.toString();
    }

    private static Tensor x(Orchestration orch) {
        return orch.external("x", 0x8000, DataType.FLOAT32, 4, 8);
    }

    // ---------------------------------------------------------------- a write in a manual scope

    /** A kernel writes x inside a MANUAL scope; the orchestration then reads or writes element [2, 3]. */
    private static Consumer<Orchestration> manualWriteThen(boolean set) {
        return orch -> {
            Tensor x = x(orch);
            orch.scope(ScopeMode.MANUAL, () -> orch.submitAiv(0, args().inout(x)));
            access(orch, x, set);
        };
    }

    private static void access(Orchestration orch, Tensor x, boolean set) {
        if (set) {
            orch.setTensorData(x, 7, 2, 3);
        } else {
            orch.getTensorData(x, 2, 3);
        }
    }

    @Test
    void aWriteInAManualScopeThenGetTensorDataIsAReadAfterWriteNamingBothSides() throws IOException {
        assertThat(check("manual-get", manualWriteThen(false))).isEqualTo(1);
        assertThat(out()).isEqualTo("read-after-write on x (0x8000) elements [19, 19]: r1t0 (op 1) arg 0 INOUT, then"
                + " get_tensor_data (op 3) at [2, 3], no path between them; get_tensor_data waits only for the"
                + " tensor's creator and the writers the TensorMap holds, and r1t0 writes in a manual scope, where the"
                + " TensorMap registers nothing (add_dep is invisible to get_tensor_data). Fix: submit r1t0 outside"
                + " the manual scope (costs: its args then go through the TensorMap: lookups, entries, edges to"
                + " earlier writers), or submit in an AUTO scope before get_tensor_data (op 3) at [2, 3] a dummy"
                + " task with add_dep(r1t0) and the call's view of x (0x8000) as INOUT (costs one task that runs no"
                + " kernel)." + NL
                + "check manual-get: 1 task, 1 get/set_tensor_data call, 0 edges: 1 hazard between 1 task pair"
                + " (0 write-after-read, 0 write-after-write, 1 read-after-write)" + NL);
    }

    @Test
    void aWriteInAManualScopeThenSetTensorDataIsAWriteAfterWrite() throws IOException {
        assertThat(check("manual-set", manualWriteThen(true))).isEqualTo(1);
        assertThat(out()).startsWith("write-after-write on x (0x8000) elements [19, 19]: r1t0 (op 1) arg 0 INOUT,"
                + " then set_tensor_data (op 3) at [2, 3], no path between them; set_tensor_data waits only");
    }

    @Test
    void theManualScopeWritersFixesMakeBothCallsClean() throws IOException {
        for (boolean set : new boolean[] {false, true}) {
            assertThat(check("outside", orch -> {
                Tensor x = x(orch);
                orch.submitAiv(0, args().inout(x));
                access(orch, x, set);
            })).as(out()).isZero();
            assertThat(check("fenced", orch -> {
                Tensor x = x(orch);
                Task[] w = new Task[1];
                orch.scope(ScopeMode.MANUAL, () -> w[0] = orch.submitAiv(0, args().inout(x)));
                orch.submitDummy(args().inout(x).dep(w[0]));
                access(orch, x, set);
            })).as(out()).isZero();
        }
    }

    @Test
    void addDepOnALaterTaskDoesNotMakeTheCallWait() throws IOException {
        assertThat(check("dep-later", orch -> {
            Tensor x = x(orch);
            Task[] w = new Task[1];
            orch.scope(ScopeMode.MANUAL, () -> w[0] = orch.submitAiv(0, args().inout(x)));
            orch.submitAiv(1, args().output(DataType.FLOAT32, 4).dep(w[0]));
            orch.getTensorData(x, 2, 3);
        })).isEqualTo(1);
    }

    // ---------------------------------------------------------------- a write through a manual_dep view

    private static Consumer<Orchestration> manualDepWriteThen(boolean set) {
        return orch -> {
            Tensor x = x(orch);
            orch.submitAiv(0, args().outputExisting(x.manualDep(true)));
            access(orch, x, set);
        };
    }

    @Test
    void aWriteThroughAManualDepViewRacesWithBothCalls() throws IOException {
        assertThat(check("manual-dep-get", manualDepWriteThen(false))).isEqualTo(1);
        assertThat(out()).startsWith("read-after-write on x (0x8000) elements [19, 19]: t0 (op 0) arg 0"
                + " OUTPUT_EXISTING, then get_tensor_data (op 1) at [2, 3], no path between them; get_tensor_data"
                + " waits only for the tensor's creator and the writers the TensorMap holds, and t0's arg 0 is"
                + " manual_dep, which the TensorMap never sees (add_dep is invisible to get_tensor_data). Fix: drop"
                + " manual_dep from t0's arg 0 (costs: a TensorMap entry each, and the writes then wait for the"
                + " earlier writers they overlap), or submit in an AUTO scope before get_tensor_data (op 1)");
        assertThat(check("manual-dep-set", manualDepWriteThen(true))).isEqualTo(1);
        assertThat(out()).startsWith("write-after-write on x (0x8000) elements [19, 19]: t0 (op 0) arg 0"
                + " OUTPUT_EXISTING, then set_tensor_data (op 1) at [2, 3]");
    }

    @Test
    void theManualDepWritersFixesMakeBothCallsClean() throws IOException {
        for (boolean set : new boolean[] {false, true}) {
            assertThat(check("tracked", orch -> {
                Tensor x = x(orch);
                orch.submitAiv(0, args().outputExisting(x));
                access(orch, x, set);
            })).as(out()).isZero();
            assertThat(check("fenced", orch -> {
                Tensor x = x(orch);
                Task w = orch.submitAiv(0, args().outputExisting(x.manualDep(true)));
                orch.submitDummy(args().inout(x).dep(w));
                access(orch, x, set);
            })).as(out()).isZero();
        }
    }

    @Test
    void aManualDepWriteOfACreatedOutputRacesToo() throws IOException {
        assertThat(check("output", orch -> {
            Task p = orch.submitAiv(0, args().output(DataType.FLOAT32, 16));
            Tensor o = p.output(0);
            orch.submitAiv(1, args().inout(o.manualDep(true)));
            orch.getTensorData(o, 5);
        })).isEqualTo(1);
        assertThat(out()).startsWith("read-after-write on output of t0 (0x10000000000) elements [5, 5]: t1 (op 1) arg 0"
                + " INOUT, then get_tensor_data (op 2) at [5]");
    }

    // ---------------------------------------------------------------- an INPUT reader, then set_tensor_data

    /** Two AUTO readers of x after a writer, then a set: the readers hold only WAIT edges on the writer. */
    private static Consumer<Orchestration> readersThenSet(String fix) {
        return orch -> {
            Tensor x = x(orch);
            Task w = orch.submitAiv(0, args().inout(x));
            List<Task> readers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                readers.add(switch (fix) {
                    case "add_dep" -> orch.submitAiv(1, args().input(x).dep(w).output(DataType.FLOAT32, 8));
                    case "INOUT" -> orch.submitAiv(1, args().inout(x).output(DataType.FLOAT32, 8));
                    default -> orch.submitAiv(1, args().input(x).output(DataType.FLOAT32, 8));
                });
            }
            if (fix.equals("fence")) {
                orch.submitDummy(args().inout(x).dep(readers.get(0)).dep(readers.get(1)));
            }
            orch.setTensorData(x, 7, 2, 3);
        };
    }

    @Test
    void inputReadersThenSetTensorDataAreListedUnderTheOneFixThatResolvesThem() throws IOException {
        assertThat(check("readers", readersThenSet("none"))).isEqualTo(1);
        assertThat(out()).isEqualTo("Fix: add_dep(t0) on t1 and t2 (WAIT|RETAIN, so the call waits for them; costs:"
                + " t0's slot and buffer stay pinned until they complete), or make t1's arg 0 and t2's arg 0 INOUT"
                + " (costs: INOUT serialises the readers, each waiting for the one before, and adds a TensorMap entry"
                + " each), or submit in an AUTO scope before set_tensor_data (op 3) at [2, 3] a dummy task with"
                + " add_dep(t1, t2) and the call's view of x (0x8000) as INOUT (costs one task that runs no kernel;"
                + " the readers stay concurrent). It resolves 2 findings:" + NL
                + "  write-after-read on x (0x8000) elements [19, 19]: t1 (op 1) arg 0 INPUT, then set_tensor_data"
                + " (op 3) at [2, 3], no path between them; set_tensor_data waits only for t0 and the consumers that"
                + " retain it, and t1's edge is WAIT only: its pin was released when it was wired." + NL
                + "  write-after-read on x (0x8000) elements [19, 19]: t2 (op 2) arg 0 INPUT, then set_tensor_data"
                + " (op 3) at [2, 3], no path between them; set_tensor_data waits only for t0 and the consumers that"
                + " retain it, and t2's edge is WAIT only: its pin was released when it was wired." + NL
                + "check readers: 3 tasks, 1 get/set_tensor_data call, 2 edges: 2 hazards between 2 task pairs"
                + " (2 write-after-read, 0 write-after-write, 0 read-after-write)" + NL);
    }

    @Test
    void trackedReadersMakeTheSetWaitForThem() throws IOException {
        assertThat(check("readers-tracked", readersThenSet("none"), "--set", "tensorMap.trackReaders=true"))
                .as(out()).isZero();
        assertThat(check("readers-one-tracked", orch -> {
            Tensor x = x(orch);
            orch.submitAiv(0, args().inout(x));
            orch.submitAiv(1, args().trackedInput(x).output(DataType.FLOAT32, 8));
            orch.submitAiv(1, args().input(x).output(DataType.FLOAT32, 8));
            orch.setTensorData(x, 7, 2, 3);
        })).isEqualTo(1);
        assertThat(out()).contains("t2 (op 2) arg 0 INPUT, then set_tensor_data").doesNotContain("t1 (op 1)");
    }

    @Test
    void eachFixOfTheReadersMakesTheSetClean() throws IOException {
        for (String fix : List.of("add_dep", "INOUT", "fence")) {
            assertThat(check("readers-" + fix, readersThenSet(fix))).as(fix + ": " + out()).isZero();
        }
    }

    @Test
    void aReaderOfATensorNobodyWroteLeavesTheSetNothingToWaitFor() throws IOException {
        assertThat(check("lone-reader", orch -> {
            Tensor x = x(orch);
            orch.submitAiv(1, args().input(x).output(DataType.FLOAT32, 8));
            orch.setTensorData(x, 7, 2, 3);
        })).isEqualTo(1);
        assertThat(out()).startsWith("write-after-read on x (0x8000) elements [19, 19]: t0 (op 0) arg 0 INPUT, then"
                + " set_tensor_data (op 1) at [2, 3], no path between them; set_tensor_data waits for the tensor's"
                + " creator, its TensorMap writers and the consumers that retain them, and this view has none, so"
                + " nothing makes it wait for t0 (add_dep is invisible to set_tensor_data). Fix: make t0's arg 0"
                + " INOUT (costs: INOUT serialises the readers");
    }

    @Test
    void aGetTensorDataAfterReadersIsNoRaceAndAReaderAfterTheCallIsOrderedByProgramOrder() throws IOException {
        assertThat(check("reads", orch -> {
            Tensor x = x(orch);
            orch.submitAiv(0, args().inout(x));
            orch.submitAiv(1, args().input(x).output(DataType.FLOAT32, 8));
            orch.getTensorData(x, 2, 3);
            orch.setTensorData(x, 1, 0, 0);
            orch.submitAiv(1, args().input(x).output(DataType.FLOAT32, 8));
        })).as(out()).isEqualTo(1);
        assertThat(out()).startsWith("write-after-read on x (0x8000) elements [0, 0]: t1 (op 1) arg 0 INPUT, then"
                + " set_tensor_data (op 3) at [0, 0],").contains(": 1 hazard between 1 task pair");
    }

    // ---------------------------------------------------------------- a reader holding only a WAIT edge

    /** A producer's output read in a MANUAL scope by a task that lists the producer with {@code dep}. */
    private static Consumer<Orchestration> waitOnlyReaderThenSet(boolean retain) {
        return orch -> {
            Task p = orch.submitAiv(0, args().output(DataType.FLOAT32, 16));
            Tensor o = p.output(0);
            orch.scope(ScopeMode.MANUAL, () -> orch.submitAiv(1, retain ? args().input(o).dep(p)
                    : args().input(o).depWait(p)));
            orch.setTensorData(o, 7, 5);
        };
    }

    @Test
    void aReaderHoldingOnlyAWaitEdgeRacesWithSetTensorData() throws IOException {
        assertThat(check("wait-only", waitOnlyReaderThenSet(false))).isEqualTo(1);
        assertThat(out()).isEqualTo("write-after-read on output of t0 (0x10000000000) elements [5, 5]: r1t0 (op 2)"
                + " arg 0 INPUT, then set_tensor_data (op 4) at [5], no path between them; set_tensor_data waits only"
                + " for t0 and the consumers that retain it, and r1t0's edge is WAIT only: its pin was released when"
                + " it was wired. Fix: add_dep(t0) on r1t0 (WAIT|RETAIN, so the call waits for it; costs: t0's slot"
                + " and buffer stay pinned until it completes), or submit in an AUTO scope before set_tensor_data"
                + " (op 4) at [5] a dummy task with add_dep(r1t0) and the call's view of output of t0 (0x10000000000)"
                + " as INOUT (costs one task that runs no kernel; the readers stay concurrent)." + NL
                + "check wait-only: 2 tasks, 1 get/set_tensor_data call, 1 edge: 1 hazard between 1 task pair"
                + " (1 write-after-read, 0 write-after-write, 0 read-after-write)" + NL);
    }

    @Test
    void retainingTheProducerMakesTheSetWaitForTheReader() throws IOException {
        assertThat(check("retain", waitOnlyReaderThenSet(true))).as(out()).isZero();
        assertThat(check("fenced", orch -> {
            Task p = orch.submitAiv(0, args().output(DataType.FLOAT32, 16));
            Tensor o = p.output(0);
            Task[] r = new Task[1];
            orch.scope(ScopeMode.MANUAL, () -> r[0] = orch.submitAiv(1, args().input(o).depWait(p)));
            orch.submitDummy(args().inout(o).dep(r[0]));
            orch.setTensorData(o, 7, 5);
        })).as(out()).isZero();
    }

    @Test
    void aReaderOfAnAllocTensorsOutputCanRetainTheAllocationTask() throws IOException {
        Consumer<Orchestration> waitOnly = orch -> {
            Task a = orch.allocTensors(new Arg.OutputArg(DataType.FLOAT32, new int[] {16}, false));
            Tensor o = a.output(0);
            orch.scope(ScopeMode.MANUAL, () -> orch.submitAiv(1, args().input(o).depWait(a)));
            orch.setTensorData(o, 7, 5);
        };
        assertThat(check("alloc", waitOnly)).isEqualTo(1);
        assertThat(out()).contains("r1t0's edge is WAIT only").contains("Fix: add_dep(t0) on r1t0 (WAIT|RETAIN");
        assertThat(check("alloc-retained", orch -> {
            Task a = orch.allocTensors(new Arg.OutputArg(DataType.FLOAT32, new int[] {16}, false));
            Tensor o = a.output(0);
            orch.scope(ScopeMode.MANUAL, () -> orch.submitAiv(1, args().input(o).dep(a)));
            orch.setTensorData(o, 7, 5);
        })).as(out()).isZero();
    }

    @Test
    void aGetTensorDataDoesNotWaitForReadersAndNeedsNot() throws IOException {
        assertThat(check("get", orch -> {
            Task p = orch.submitAiv(0, args().output(DataType.FLOAT32, 16));
            Tensor o = p.output(0);
            orch.scope(ScopeMode.MANUAL, () -> orch.submitAiv(1, args().input(o).depWait(p)));
            orch.getTensorData(o, 5);
        })).as(out()).isZero();
        assertThat(out()).isEqualTo("check get: 2 tasks, 1 get/set_tensor_data call, 1 edge: no hazards" + NL);
    }

    // ---------------------------------------------------------------- JSON

    @Test
    void jsonNamesTheCallItsIndicesAndTheGroups() throws IOException {
        assertThat(check("readers", readersThenSet("none"), "--json")).isEqualTo(1);
        JsonNode report = MAPPER.readTree(out());
        assertThat(report.path("host_calls").asInt()).isEqualTo(1);
        JsonNode f = report.path("findings").get(0);
        assertThat(f.path("cause").asText()).isEqualTo("host-unpinned-read");
        assertThat(f.path("later").path("call").asText() + " op " + f.path("later").path("op").asInt() + " "
                + f.path("later").path("indices")).isEqualTo("set_tensor_data op 3 [2,3]");
        assertThat(f.path("later").path("task").isNull()).isTrue();
        assertThat(f.path("earlier").path("task").asText()).isEqualTo("t1");
        JsonNode groups = report.path("fix_groups");
        assertThat(groups).hasSize(1);
        assertThat(groups.get(0).path("findings").toString()).isEqualTo("[0,1]");
        assertThat(groups.get(0).path("fix").asText()).startsWith("add_dep(t0) on t1 and t2");
    }

    @Test
    void aStridedOverlapIsABoxPerDimensionInTextAndJson() throws IOException {
        Consumer<Orchestration> columns = orch -> {
            Tensor x = x(orch);
            orch.submitAiv(0, args().input(x.view(new int[] {4, 4}, new long[] {0, 0})));
            orch.submitAiv(1, args().outputExisting(x.view(new int[] {3, 6}, new long[] {1, 2})));
        };
        assertThat(check("columns", columns)).isEqualTo(1);
        assertThat(out()).startsWith("write-after-read on x (0x8000) elements 8*i + j for i in [1, 3], j in [2, 3]:");
        assertThat(check("columns", columns, "--json")).isEqualTo(1);
        JsonNode range = MAPPER.readTree(out()).path("findings").get(0).path("range");
        assertThat(range.path("lo").asLong() + ".." + range.path("hi").asLong()).isEqualTo("10..27");
        assertThat(range.path("box").toString()).isEqualTo("[{\"stride\":8,\"from\":1,\"to\":3},"
                + "{\"stride\":1,\"from\":2,\"to\":3}]");
    }
}
