package io.ptosim.traces;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ptosim.runtime.DependencyReplay;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every conformance vector: the dependency replay plus the deps.json writer must reproduce the
 * reference's deps.json — edges as multisets (projected, then whole with tensor ids and geometry),
 * tasks and tensors exactly — and, stricter than the vectors' README asks, byte for byte.
 */
class DepsConformanceTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> everyVectorMatchesTheReference() throws IOException {
        return SharedVectors.perProgram(DepsConformanceTest::check);
    }

    private static void check(Path programFile) throws IOException {
        String name = programFile.getFileName().toString().replace(".program.json", "");
        VectorProgram program = VectorProgramReader.read(programFile);
        String written = DepsJsonWriter.toJson(program.submits(), DependencyReplay.edgesOf(program.submits()));
        assertThat(written).as("one compact line").endsWith("\n").doesNotContain(" ").hasLineCount(1);
        Path expectedFile = programFile.resolveSibling(name + ".deps.json");
        JsonNode expected = MAPPER.readTree(expectedFile.toFile());
        assertThat(DepsJsonComparison.differences(expected, MAPPER.readTree(written))).as(name).isEmpty();
        assertThat(DependencyReplay.referenceEdgesOf(program.submits())).as("%s: naive reference model", name)
                .isEqualTo(DependencyReplay.edgesOf(program.submits()));
        assertThat(written).as("%s: same content as the reference; the bytes (key order, number forms, edge order"
                + " within an address chain) must match too", name).isEqualTo(Files.readString(expectedFile));
    }

    @Test
    void tensorIdsMatchTheSpecVectors() {
        assertThat(TensorId.string(29204938752L, 0)).isEqualTo("13451765318376212391");
        assertThat(TensorId.string(0, 0)).isEqualTo("6082024272624116885");
        assertThat(TensorId.string(4096, 0)).isEqualTo("5247134848181355493");
        assertThat(TensorId.string(268435456L, 0)).isEqualTo("2144376431686255461");
        assertThat(TensorId.string(268435456L, 1)).isEqualTo("9063405157381523156");
        assertThat(TensorId.string(536870912L, 0)).isEqualTo("16653472664457945653");
    }
}
