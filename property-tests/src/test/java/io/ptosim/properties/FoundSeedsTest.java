package io.ptosim.properties;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Seeds a long fuzz run found failing, kept so that what was fixed stays fixed. */
class FoundSeedsTest {
    @ParameterizedTest(name = "{0} at seed {1}")
    @CsvSource({
        // an INOUT's planned removal of a stale TensorMap entry, which the overflow reclaim freed, was freed twice
        "bounded, 7200017227",
        // reader tracking's extra edges pushed a task past add_dependency's 16 unique fanins: the runtime rightly stops
        "reader-tracking, 7200012571"})
    void theFixedSeedHolds(String property, long seed) {
        Property p = Property.fromCliName(property);
        assertThat(p.check(p.generate(seed))).isNull();
    }
}
