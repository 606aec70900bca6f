package io.ptosim.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TensorArgType;
import io.ptosim.traces.DepsGraph;
import io.ptosim.traces.DepsJsonReader;
import io.ptosim.traces.ProgramFile;
import io.ptosim.traces.SharedVectors;
import io.ptosim.traces.TensorId;
import io.ptosim.traces.TraceFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** The hazard check of a recorded deps.json, and its agreement with the check of the program it records. */
class DepsAccessesTest {
    private static final String X = TensorId.string(4096, 0);
    private static final String OUT = TensorId.string(0x20000, 0);

    @TempDir
    Path tmp;

    private static String task(String id, String scope, String args) {
        return "{\"task_id\":\"" + id + "\",\"scope\":\"" + scope + "\",\"early_dispatch\":false,"
                + "\"kernel_ids\":[-1,0,-1],\"block_num\":1,\"args\":[" + args + "]}";
    }

    private static String arg(int idx, String type, String tensor, int size, int start) {
        return "{\"idx\":" + idx + ",\"type\":\"" + type + "\",\"tensor_id\":\"" + tensor + "\",\"dtype\":\"FLOAT32\","
                + "\"shape\":[" + size + "],\"start_offset\":\"" + start + "\",\"strides\":[1]}";
    }

    private static final String TENSORS = "\"tensors\":[{\"tensor_id\":\"" + X + "\",\"buffer_addr\":\"4096\","
            + "\"version\":0,\"dtype\":\"FLOAT32\",\"buffer_numel\":\"16\"},{\"tensor_id\":\"" + OUT + "\","
            + "\"buffer_addr\":\"131072\",\"version\":0,\"dtype\":\"FLOAT32\",\"buffer_numel\":\"256\"}]";

    private List<String> lines(String json) throws IOException {
        Path file = tmp.resolve("deps.json");
        Files.writeString(file, json);
        DepsGraph graph = DepsJsonReader.read(file);
        return HazardChecker.check(AccessGraph.of(new ProgramFile.Deps(graph)), 10).shown().stream()
                .map(f -> f.describe(AccessGraph.Listing.TASKS).replace(file.toString(), "FILE")).toList();
    }

    @Test
    void aRecordedWriteAfterReadIsFoundAtItsTasksIndices() throws IOException {
        String json = "{\"tasks\":[" + task("0", "auto", arg(0, "INPUT", X, 16, 0) + ",{\"idx\":1,\"type\":\"OUTPUT\"}")
                + "," + task("1", "auto", arg(0, "INOUT", X, 8, 8)) + "]," + TENSORS + ",\"edges\":[]}\n";
        assertThat(lines(json)).containsExactly("write-after-read on 0x1000 elements [8, 15]: t0 (tasks[0]) arg 0"
                + " INPUT, then t1 (tasks[1]) arg 0 INOUT, no path between them; the runtime never tracks"
                + " write-after-read. Fix: add_dep(t0) on t1, or make t0's arg 0 INOUT.");
    }

    @Test
    void aManualTaskReadingAnOutputWithoutAnEdgeRacesItsCreation() throws IOException {
        String creator = "{\"pred\":\"0\",\"succ\":\"1\",\"arg\":0,\"source\":\"creator\","
                + "\"flags\":[\"wait\",\"retain\"],\"tensor_id\":\"" + OUT + "\"}";
        String json = "{\"tasks\":[" + task("0", "auto", "{\"idx\":0,\"type\":\"OUTPUT\"}") + ","
                + task("1", "auto", arg(0, "INPUT", OUT, 256, 0)) + ","
                + task("4294967296", "manual", arg(0, "INPUT", OUT, 16, 32)) + "]," + TENSORS + ",\"edges\":["
                + creator + "]}\n";
        assertThat(lines(json)).containsExactly("read-after-write on output of t0 (0x20000) elements [32, 47]: t0"
                + " (tasks[0]) OUTPUT, then r1t0 (tasks[2]) arg 0 INPUT, no path between them; r1t0 is in a manual"
                + " scope, where only explicit deps order tasks. Fix: add_dep(t0) on r1t0.");
    }

    @Test
    void anEdgeFromALaterTaskIsRejectedNamingIt() throws IOException {
        String json = "{\"tasks\":[" + task("0", "auto", "") + "," + task("1", "auto", "") + "]," + TENSORS
                + ",\"edges\":[{\"pred\":\"1\",\"succ\":\"0\",\"arg\":-1,\"source\":\"explicit\"}]}\n";
        Path file = tmp.resolve("back.json");
        Files.writeString(file, json);
        assertThatThrownBy(() -> AccessGraph.of(ProgramFile.read(file))).isInstanceOf(TraceFormatException.class)
                .hasMessage(file + ": edges[0].pred: t1 is listed at tasks[1], not before its consumer t0 at tasks[0]");
    }

    /** A finding as both inputs can name it: kind, tasks, slots (a deps.json does not record an output's), range. */
    private static List<String> pairs(HazardReport report) {
        return report.shown().stream().map(f -> f.kind() + " " + slot(f.earlier()) + " " + slot(f.later()) + " "
                + f.range()).sorted().toList();
    }

    private static String slot(Access a) {
        return TaskId.display(a.taskId()) + ":" + (a.type() == TensorArgType.OUTPUT ? "OUTPUT" : a.arg());
    }

    /**
     * The same program read from its vector and from its recorded deps.json gives the same findings, but
     * for what a deps.json cannot tell about an output's creation when manual tasks read it: no creator
     * edge is recorded inside a manual scope, so an output only manual tasks read is not known as one, and
     * an OUTPUT slot records no shape, so the creation is taken to write the whole (1 KiB-rounded) buffer.
     */
    @TestFactory
    Stream<DynamicTest> everyVectorFindsWhatItsRecordedGraphFinds() throws IOException {
        return SharedVectors.perProgram(p -> {
            Path deps = p.resolveSibling(p.getFileName().toString().replace(".program.json", ".deps.json"));
            ProgramFile vector = ProgramFile.read(p);
            List<String> program = pairs(HazardChecker.check(AccessGraph.of(vector), Integer.MAX_VALUE));
            List<String> recorded = pairs(HazardChecker.check(AccessGraph.of(ProgramFile.read(deps)),
                    Integer.MAX_VALUE));
            if (((ProgramFile.Vector) vector).program().submits().stream().anyMatch(s -> s.manualScope())) {
                program = program.stream().filter(f -> !f.contains(":OUTPUT ")).toList();
                recorded = recorded.stream().filter(f -> !f.contains(":OUTPUT ")).toList();
            }
            assertThat(recorded).as(p.getFileName().toString()).isEqualTo(program);
        });
    }
}
