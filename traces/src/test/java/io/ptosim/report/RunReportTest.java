package io.ptosim.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunReportTest {
    @Test
    void theSampleStrideReadsAsAnEnglishOrdinal() {
        assertThat(RunReport.ordinal(2)).isEqualTo("2nd");
        assertThat(RunReport.ordinal(3)).isEqualTo("3rd");
        assertThat(RunReport.ordinal(4)).isEqualTo("4th");
        assertThat(RunReport.ordinal(11)).isEqualTo("11th");
        assertThat(RunReport.ordinal(12)).isEqualTo("12th");
        assertThat(RunReport.ordinal(21)).isEqualTo("21st");
        assertThat(RunReport.ordinal(112)).isEqualTo("112th");
    }
}
