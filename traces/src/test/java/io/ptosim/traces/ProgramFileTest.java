package io.ptosim.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptosim.program.Args;
import io.ptosim.program.Orchestration;
import io.ptosim.runtime.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ProgramFile}: each of the three forms is recognised by its content, anything else is named. */
class ProgramFileTest {
    @TempDir
    Path tmp;

    @Test
    void aPtosimProgramIsRecognisedByItsFormatKey() throws IOException {
        Orchestration orch = new Orchestration("one");
        orch.submitAiv(0, Args.args().input(orch.external("x", 4096, DataType.FLOAT32, 4)));
        Path file = tmp.resolve("one.json");
        ProgramJson.write(orch.build(), file);
        ProgramFile read = ProgramFile.read(file);
        assertThat(read).isInstanceOf(ProgramFile.Ptosim.class);
        assertThat(read.name()).isEqualTo("one");
        assertThat(((ProgramFile.Ptosim) read).submits()).hasSize(1);
    }

    @Test
    void aVectorProgramAndADepsJsonAreRecognisedByTheirKeys() throws IOException {
        Path vector = tmp.resolve("v.json");
        Files.writeString(vector, "{\"name\":\"v\",\"submits\":[]}");
        assertThat(ProgramFile.read(vector)).isInstanceOf(ProgramFile.Vector.class).extracting(ProgramFile::name)
                .isEqualTo("v");
        Path deps = tmp.resolve("deps.json");
        Files.writeString(deps, "{\"tasks\":[],\"tensors\":[],\"edges\":[]}\n");
        assertThat(ProgramFile.read(deps)).isInstanceOf(ProgramFile.Deps.class).extracting(ProgramFile::name)
                .isEqualTo(deps.toString());
    }

    @Test
    void anythingElseIsRejectedNamingTheFileAndTheFormsItCouldHaveBeen() throws IOException {
        Path other = tmp.resolve("other.json");
        Files.writeString(other, "{\"ops\":[]}");
        assertThatThrownBy(() -> ProgramFile.read(other)).isInstanceOf(TraceFormatException.class)
                .hasMessage(other + ": (top level): expected a ptosim program (\"format\": \"ptosim-program/1\"), a"
                        + " conformance-vector program (\"submits\") or a deps.json (\"tasks\", \"edges\")");
        Files.writeString(other, "{\"format\":\"ptosim-program/9\"}");
        assertThatThrownBy(() -> ProgramFile.read(other)).hasMessage(other
                + ": format: expected \"ptosim-program/1\", got \"ptosim-program/9\"");
    }
}
