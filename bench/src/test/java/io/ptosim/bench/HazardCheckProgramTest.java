package io.ptosim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.ptosim.check.AccessGraph;
import io.ptosim.check.Cause;
import io.ptosim.check.Finding;
import io.ptosim.check.HazardChecker;
import io.ptosim.check.HazardReport;
import io.ptosim.program.Program;
import io.ptosim.traces.ProgramFile;
import org.junit.jupiter.api.Test;

/**
 * What the hazard-check benchmark's program holds is part of what its figure claims: pin, on a small
 * instance, that the checker finds exactly the hazards the generator plants and nothing else.
 */
class HazardCheckProgramTest {
    @Test
    void theCheckerFindsExactlyThePlantedWritesAfterReads() {
        HazardCheckProgram shape = new HazardCheckProgram(2_000, 10, 5, 97);
        Program p = shape.program();
        AccessGraph graph = AccessGraph.of(new ProgramFile.Ptosim(p, p.name()));
        HazardReport report = HazardChecker.check(graph, Integer.MAX_VALUE);
        assertThat(graph.tasks()).isEqualTo(10_000);
        assertThat(shape.expectedHazards()).isEqualTo(1_212);
        assertThat(report.hazards()).isEqualTo(shape.expectedHazards());
        assertThat(report.shown()).allSatisfy(f -> assertThat(f.cause()).isEqualTo(Cause.UNTRACKED_WRITE_AFTER_READ));
        Finding first = report.shown().get(0);
        assertThat(first.describe(graph.listing())).as("group 47's consumer (buffer 7, row 4) and group 97's producer")
                .isEqualTo("write-after-read on rows7 (0x100070000) elements [256, 319]: t236 (op 236) arg 0 INPUT,"
                        + " then t485 (op 485) arg 0 INOUT, no path between them; the runtime never tracks"
                        + " write-after-read. Fix: add_dep(t236) on t485, or make t236's arg 0 INOUT.");
    }

    @Test
    void theMillionTaskProgramHasTenToTheSixTasksAndPlantsHazards() {
        HazardCheckProgram million = HazardCheckProgram.million();
        assertThat(million.groups() * HazardCheckProgram.TASKS_PER_GROUP).isEqualTo(1_000_000);
        assertThat(million.expectedHazards()).isEqualTo(5_700);
    }
}
