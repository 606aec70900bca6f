package io.ptosim.des;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SequenceSetTest {

    /** Differential property: random adds, removes and lookups agree with java.util.HashSet. */
    @Test
    void behavesLikeAHashSetUnderRandomOperations() {
        int tries = Tries.count(200);
        for (int seed = 0; seed < tries; seed++) {
            RandomStream r = new RandomStreams(seed).stream("sequence-set");
            SequenceSet set = new SequenceSet();
            Set<Long> ref = new HashSet<>();
            long range = 1 + r.nextLong(1 << r.nextInt(1, 16));
            for (int op = 0; op < 2_000; op++) {
                long v = 1 + r.nextLong(range);
                String where = "seed " + seed + " op " + op + " value " + v;
                switch (r.nextInt(3)) {
                    case 0 -> assertThat(set.add(v)).as(where).isEqualTo(ref.add(v));
                    case 1 -> assertThat(set.remove(v)).as(where).isEqualTo(ref.remove(v));
                    default -> assertThat(set.contains(v)).as(where).isEqualTo(ref.contains(v));
                }
                assertThat(set.size()).as(where).isEqualTo(ref.size());
            }
        }
    }

    @Test
    void clearEmptiesAndOnlyPositiveValuesAreAccepted() {
        SequenceSet set = new SequenceSet();
        for (long v = 1; v <= 100; v++) {
            set.add(v);
        }
        set.clear();
        assertThat(set.size()).isZero();
        assertThat(set.contains(7)).isFalse();
        assertThatThrownBy(() -> set.add(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sequence numbers are positive, got 0");
    }
}
