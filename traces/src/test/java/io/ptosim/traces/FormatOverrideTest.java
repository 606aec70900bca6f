package io.ptosim.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FormatOverrideTest {
    @TempDir
    Path dir;

    @Test
    void aKnownFormatNameBeforeAColonIsSplitOffUnlessThePathExistsAsGiven() throws Exception {
        assertThat(FormatOverride.of(Path.of("deps:run/deps.json"))).isEqualTo(new FormatOverride("deps",
                Path.of("run/deps.json")));
        assertThat(FormatOverride.of(Path.of("nosuch:run/deps.json")).format()).isNull();
        assertThat(FormatOverride.of(Path.of("run/deps.json")).format()).isNull();
        Path odd = Files.writeString(dir.resolve("deps:odd.json"), "{}");
        assertThat(FormatOverride.of(odd).format()).as("an existing file keeps its name").isNull();
    }

    @Test
    void aNamedFormatIsReadWithThatReaderWithoutRecognising() throws Exception {
        Path deps = dir.resolve("graph.json");
        Files.writeString(deps, "{\"tasks\": [], \"tensors\": [], \"edges\": []}");
        assertThat(TraceFormat.read(Path.of("deps:" + deps))).isInstanceOf(DepsGraph.class);
        assertThat(ProgramFile.read(Path.of("deps:" + deps))).isInstanceOf(ProgramFile.Deps.class);
        assertThatThrownBy(() -> TraceFormat.read(Path.of("swimlane:" + deps))).isInstanceOf(TraceFormatException.class)
                .hasMessageContaining(deps.toString());
        assertThatThrownBy(() -> TraceFormat.read(Path.of("program:" + deps))).isInstanceOf(TraceFormatException.class)
                .hasMessage("program:" + deps + ": 'program' is not a trace format; expected one of ptrace, deps, swimlane,"
                        + " perfetto, name-map, scope-stats");
        assertThatThrownBy(() -> ProgramFile.read(Path.of("perfetto:" + deps))).isInstanceOf(TraceFormatException.class)
                .hasMessage("perfetto:" + deps + ": 'perfetto' is not a program form; expected one of program, vector, deps");
    }
}
