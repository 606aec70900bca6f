package io.ptosim.hw.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallableBundleTest {

    @TempDir
    Path base;

    private Path manifest;

    @BeforeEach
    void binaries() throws IOException {
        Files.createDirectories(base.resolve("bin"));
        Files.write(base.resolve("bin/orch.so"), new byte[] {1, 2, 3});
        Files.write(base.resolve("bin/k0.so"), new byte[] {4});
        manifest = base.resolve("callable.json");
    }

    private CallableBundle read(String json) throws IOException {
        Files.writeString(manifest, json);
        return CallableBundle.read(manifest, base);
    }

    private static String valid(String replace, String with) {
        String json = """
                {"name": "add", "orchestration": "bin/orch.so", "entry": "add", "config_name": "c",
                 "signature": ["IN", "IN", "OUT"],
                 "kernels": [{"func_id": 4, "core_type": "aiv", "signature": ["INOUT", "SCALAR"], "binary": "bin/k0.so"}]}
                """;
        return json.replace(replace, with);
    }

    @Test
    void readsEveryField() throws IOException {
        CallableBundle b = read(valid("", ""));
        assertThat(b.name()).isEqualTo("add");
        assertThat(b.orchestration()).isEqualTo(base.resolve("bin/orch.so"));
        assertThat(b.entry()).isEqualTo("add");
        assertThat(b.configName()).isEqualTo("c");
        assertThat(b.signature()).containsExactly(ArgDirection.IN, ArgDirection.IN, ArgDirection.OUT);
        assertThat(b.kernels())
                .containsExactly(new CallableBundle.Kernel(
                        4, CoreType.AIV, List.of(ArgDirection.INOUT, ArgDirection.SCALAR), base.resolve("bin/k0.so")));
        assertThat(b.reference()).isEmpty();
    }

    @Test
    void configNameDefaultsToEmpty() throws IOException {
        assertThat(read(valid("\"config_name\": \"c\",", "")).configName()).isEmpty();
    }

    @Test
    void errorsNameTheFileAndField() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> read(valid("bin/k0.so", "bin/missing.so")))
                .withMessageStartingWith(manifest.toString())
                .withMessageContaining("kernels[0].binary")
                .withMessageContaining("missing.so does not exist");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> read(valid("\"aiv\"", "\"gpu\"")))
                .withMessageContaining("kernels[0].core_type: expected \"aic\" or \"aiv\", got \"gpu\"");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> read(valid("\"INOUT\"", "\"BOTH\"")))
                .withMessageContaining("kernels[0].signature[0]: expected SCALAR, IN, OUT or INOUT");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> read(valid("\"func_id\": 4", "\"func_id\": -1")))
                .withMessageContaining("kernels[0].func_id: expected a non-negative integer");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> read(valid("\"entry\": \"add\"", "\"entry\": \"" + "e".repeat(64) + "\"")))
                .withMessageContaining("entry: expected at most 63 ASCII characters");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> read(valid("\"name\"", "\"nmae\"")))
                .withMessageContaining("nmae: unknown field");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> read(valid("\"signature\": [\"IN\", \"IN\", \"OUT\"],", "")))
                .withMessageContaining(": signature: expected an array");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> read("{not json"))
                .withMessageContaining("not valid JSON");
    }

    @Test
    void duplicateFuncIdsAreRejected() {
        String two = valid("]}\n", ", {\"func_id\": 4, \"core_type\": \"aic\", \"signature\": [], \"binary\": \"bin/k0.so\"}]}\n");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> read(two))
                .withMessageContaining("kernels[1].func_id: func_id 4 appears twice");
    }

    @Test
    void shippedVectorExampleManifestNamesTheScriptsArtifacts() throws IOException {
        for (String f : List.of("orch.so", "k0_kernel_add.so", "k1_kernel_add_scalar.so", "k2_kernel_mul.so", "callable.bin")) {
            Files.createDirectories(base.resolve("artifacts"));
            Files.write(base.resolve("artifacts").resolve(f), new byte[] {0});
        }
        CallableBundle b = CallableBundle.readResource("io/ptosim/hw/callables/vector_example/callable.json", base);
        assertThat(b.entry()).isEqualTo("aicpu_orchestration_entry");
        assertThat(b.configName()).isEmpty();
        assertThat(b.kernels()).extracting(CallableBundle.Kernel::funcId, k -> k.binary().getFileName().toString(),
                        k -> k.signature().size())
                .containsExactly(
                        tuple(0, "k0_kernel_add.so", 3),
                        tuple(1, "k1_kernel_add_scalar.so", 2),
                        tuple(2, "k2_kernel_mul.so", 3));
        assertThat(b.reference()).contains(base.resolve("artifacts/callable.bin"));
    }
}
