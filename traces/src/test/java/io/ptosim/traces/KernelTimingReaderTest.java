package io.ptosim.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptosim.kernel.DurationModel;
import io.ptosim.kernel.Work;
import io.ptosim.program.Args;
import io.ptosim.program.Orchestration;
import io.ptosim.program.Program;
import io.ptosim.runtime.DataType;
import io.ptosim.traces.KernelTimingReader.KernelTiming;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link KernelTimingReader} and {@link ProgramKernels}: the kernel timing table and the order of its sources. */
class KernelTimingReaderTest {
    @TempDir
    Path tmp;

    private Path write(String name, String json) throws IOException {
        Path file = tmp.resolve(name);
        Files.writeString(file, json);
        return file;
    }

    @Test
    void readsFixedAndWorkEntries() throws IOException {
        Map<Integer, KernelTiming> t = KernelTimingReader.read(write("k.json", """
                {"kernels": [
                  {"func_id": 0, "name": "qk", "tile": [64, 128, 128], "dtype": "BFLOAT16", "bytes_read": 65536},
                  {"func_id": 1, "ns": 1500},
                  {"func_id": 2, "flops": 4096, "bytes_written": 16384}
                ]}
                """));
        assertThat(t.keySet()).containsExactly(0, 1, 2);
        assertThat(t.get(0).name()).isEqualTo("qk");
        Work qk = ((DurationModel.FromWork) t.get(0).duration()).work().of(null);
        assertThat(qk).isEqualTo(new Work(2.0 * 64 * 128 * 128, 65536, 0, DataType.BFLOAT16, new Work.Tile(64, 128, 128)));
        assertThat(t.get(1)).isEqualTo(new KernelTiming(1, null, new DurationModel.Fixed(1500)));
        assertThat(((DurationModel.FromWork) t.get(2).duration()).work().of(null))
                .isEqualTo(new Work(4096, 0, 16384, DataType.FLOAT32, Work.Tile.NONE));
    }

    @Test
    void malformedEntriesAreNamedByFieldPath() throws IOException {
        Path both = write("both.json", "{\"kernels\": [{\"func_id\": 0, \"ns\": 5, \"flops\": 1}]}");
        assertThatThrownBy(() -> KernelTimingReader.read(both)).isInstanceOf(TraceFormatException.class)
                .hasMessage(both + ": kernels[0]: both ns and work fields (flops, bytes_read, bytes_written, dtype, tile);"
                        + " give one");
        Path none = write("none.json", "{\"kernels\": [{\"func_id\": 3}]}");
        assertThatThrownBy(() -> KernelTimingReader.read(none)).hasMessage(none + ": kernels[0]: no timing; expected"
                + " \"ns\" (fixed nanoseconds per block) or work fields (flops, bytes_read, bytes_written, dtype, tile)");
        Path typo = write("typo.json", "{\"kernels\": [{\"func_id\": 0, \"nanos\": 5}]}");
        assertThatThrownBy(() -> KernelTimingReader.read(typo)).hasMessage(typo + ": kernels[0].nanos: unknown field;"
                + " expected func_id, name, and either ns or work (flops, bytes_read, bytes_written, dtype, tile)");
        Path twice = write("twice.json", "{\"kernels\": [{\"func_id\": 0, \"ns\": 1}, {\"func_id\": 0, \"ns\": 2}]}");
        assertThatThrownBy(() -> KernelTimingReader.read(twice)).hasMessage(twice
                + ": kernels[1].func_id: func id 0 is listed twice");
        Path negative = write("neg.json", "{\"kernels\": [{\"func_id\": 0, \"ns\": -1}]}");
        assertThatThrownBy(() -> KernelTimingReader.read(negative)).hasMessage(negative
                + ": kernels[0].ns: expected a non-negative 64-bit integer, got -1");
        Path tile = write("tile.json", "{\"kernels\": [{\"func_id\": 0, \"tile\": [16, 16]}]}");
        assertThatThrownBy(() -> KernelTimingReader.read(tile)).hasMessage(tile
                + ": kernels[0].tile: expected [m, n, k], got [16,16]");
        Path noKey = write("nokey.json", "{\"ops\": []}");
        assertThatThrownBy(() -> KernelTimingReader.read(noKey)).hasMessage(noKey + ": kernels: missing");
    }

    @Test
    void theTableComesFirstThenTheProgramThenTheDefaultAndTheSlotGivesTheCore() {
        Orchestration orch = new Orchestration("three");
        orch.submitAic(0, Args.args().input(orch.external("x", 4096, DataType.FLOAT32, 4)));
        orch.submitAiv(1, Args.args());
        orch.submitAiv(2, Args.args());
        Program p = orch.build();
        Map<Integer, KernelTiming> table = Map.of(0, new KernelTiming(0, "mm", new DurationModel.Fixed(7)),
                9, new KernelTiming(9, null, new DurationModel.Fixed(1)));
        Map<Integer, KernelTiming> carried = Map.of(0, new KernelTiming(0, null, new DurationModel.Fixed(8)),
                1, new KernelTiming(1, "vec", new DurationModel.Fixed(9)));
        ProgramKernels.Resolved r = ProgramKernels.resolve(p, "p.json", table, carried, 1000, Map.of());
        assertThat(r.from(ProgramKernels.Source.TABLE)).containsExactly(0);
        assertThat(r.from(ProgramKernels.Source.PROGRAM)).containsExactly(1);
        assertThat(r.from(ProgramKernels.Source.DEFAULT)).containsExactly(2);
        assertThat(r.table().kernels()).extracting(k -> k.name() + " " + k.core() + " " + k.duration()).containsExactly(
                "mm AIC Fixed[nanos=7]", "vec AIV Fixed[nanos=9]", "func_2 AIV Fixed[nanos=1000]");
        assertThat(r.table().get(0).functional()).isEmpty();
        assertThat(r.unusedTableIds()).containsExactly(9);
    }

    @Test
    void aFuncIdInAnAicAndAnAivSlotIsRejected() {
        Orchestration orch = new Orchestration("clash");
        orch.submitAic(4, Args.args());
        orch.submitAiv(4, Args.args());
        assertThatThrownBy(() -> ProgramKernels.resolve(orch.build(), "c.json", Map.of(), Map.of(), 1, Map.of()))
                .isInstanceOf(TraceFormatException.class).hasMessage("c.json: op 1 (submit): kernel_ids[1] = 4 runs it on"
                        + " AIV, but an earlier submit runs func id 4 on AIC; a kernel has one core type (kernel_ids[0] is"
                        + " the AIC slot, [1] and [2] the AIV ones)");
    }
}
