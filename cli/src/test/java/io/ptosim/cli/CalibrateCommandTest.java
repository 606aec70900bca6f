package io.ptosim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrateCommandTest {
    @TempDir
    Path dir;

    @Test
    void theDocumentHoldsTheCase1TablePredictionsWithTheExplainersBoundAndASourceForEveryParameter() throws Exception {
        CliHarness cli = new CliHarness();
        Path doc = dir.resolve("calibration.md");
        assertThat(cli.run("calibrate", "-o", doc.toString())).as(cli.err.toString()).isZero();
        PlainFilePermissions.assertLikeAPlainFile(doc);
        String text = Files.readString(doc);
        assertThat(text).contains("| paged-attention-unroll | auto | 1322.5 | 1327.4 | +0.4 % |")
                .contains("| paged-attention | auto | Case1 | 65792 | 37147.5 | 37140.2 | orchestrator-bound |")
                .contains("| paged-attention-unroll | auto | Case1 | 1280 | 1327.4 | 810.5 | bandwidth-bound |")
                .contains("| paged-attention-unroll | auto | Case2 | 576 | 626.9 | 325.2 | bandwidth-bound |")
                .contains("| `memory.hbmEfficiency` | 0.71 | fitted on Case1")
                .doesNotContain("(no source recorded)");
    }
}
