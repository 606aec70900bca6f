package io.ptosim.hw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ptosim.spi.BackendException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which callable bundles a native backend finds by name, and in which order. */
class CallableCatalogTest {
    private static CallableCatalog catalog(Path home, Path... folders) {
        Map<String, String> set = new HashMap<>();
        if (home != null) {
            set.put("hw.home", home.toString());
        }
        if (folders.length > 0) {
            StringBuilder s = new StringBuilder();
            for (Path f : folders) {
                s.append(s.isEmpty() ? "" : ":").append(f);
            }
            set.put("hw.callables", s.toString());
        }
        return new CallableCatalog(HwSettings.of(set, Map.of()));
    }

    private static boolean containsAscii(byte[] bytes, String text) {
        return new String(bytes, StandardCharsets.ISO_8859_1).contains(text);
    }

    @Test
    void aFolderOfBundlesAndASingleBundleFolderBothWork(@TempDir Path tmp) {
        Path many = tmp.resolve("many");
        StubBundles.write(many, "child_mul", "mul");
        StubBundles.write(many, "child_add", "add");
        Path single = tmp.resolve("single");
        StubBundles.write(single, "crash", "crash");
        CallableCatalog c = catalog(null, many, single.resolve("crash"));
        assertThat(c.listing()).isEqualTo("child_add (bundle " + many.resolve("child_add") + "), child_mul (bundle "
                + many.resolve("child_mul") + "), crash (bundle " + single.resolve("crash") + ")");
        assertThat(c.build("child_mul")).hasValueSatisfying(b -> assertThat(containsAscii(b, "mul")).isTrue());
        assertThat(c.build("crash")).hasValueSatisfying(b -> assertThat(containsAscii(b, "crash")).isTrue());
    }

    @Test
    void theFirstFolderWithANameWinsAndBundlesBeatTheBuiltInOne(@TempDir Path tmp) throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path first = tmp.resolve("first");
        Path second = tmp.resolve("second");
        StubBundles.write(first, "vector_example", "vector_example");
        StubBundles.write(second, "vector_example", "add");
        CallableCatalog c = catalog(home, first, second);
        assertThat(c.listing()).isEqualTo("vector_example (bundle " + first.resolve("vector_example") + ")");
        byte[] built = c.build("vector_example").orElseThrow();
        assertThat(containsAscii(built, "vector_example")).as("the bundle's entry").isTrue();
        assertThat(containsAscii(built, "aicpu_orchestration_entry")).as("the built-in's entry").isFalse();
    }

    @Test
    void withOnlyAHomeTheBuiltInBundleIsListedAndReadsItsBinariesThere(@TempDir Path tmp) throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        CallableCatalog c = catalog(home);
        assertThat(c.listing()).isEqualTo("vector_example (built-in bundle, binaries under " + home + ")");
        assertThatThrownBy(() -> c.build("vector_example")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("classpath:io/ptosim/hw/callables/vector_example/callable.json: orchestration: "
                        + home.resolve("artifacts/orch.so") + " does not exist (base directory " + home + ")");
    }

    @Test
    void anUnknownNameBuildsToNothingAndAnEmptyCatalogSaysHowToFillIt(@TempDir Path tmp) {
        StubBundles.write(tmp, "add", "add");
        assertThat(catalog(null, tmp).build("vector_example")).isEmpty();
        assertThat(catalog(tmp).build("add")).as("a home's own folders are not bundles").isEmpty();
        assertThat(catalog(null).listing())
                .isEqualTo("none (set hw.callables to a bundle folder, or hw.home for the built-in ones)");
        assertThat(catalog(null, Path.of(tmp.toString())).listing()).startsWith("add (bundle ");
    }

    @Test
    void aFolderThatIsNeitherABundleNorHoldsThemIsABackendError(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("notes.txt"), "not a bundle");
        assertThatThrownBy(() -> catalog(null, file)).isInstanceOf(BackendException.class)
                .hasMessage("hw.callables: " + file + " is neither a bundle (a folder with callable.json) nor a folder"
                        + " of bundles");
        Path missing = tmp.resolve("missing");
        assertThatThrownBy(() -> catalog(null, missing)).isInstanceOf(BackendException.class)
                .hasMessageContaining("hw.callables: " + missing + " is neither");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThat(catalog(null, empty).listing()).as("an empty folder holds no bundles").startsWith("none");
    }
}
