package io.ptosim.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceSinksTest {
    @Test
    void noSinksIsAnUntracedRunAndOneSinkIsItself() {
        TraceSink only = e -> { };
        assertThat(TraceSinks.all(List.of())).isNull();
        assertThat(TraceSinks.all(List.of(only))).isSameAs(only);
    }

    @Test
    void everySinkSeesEveryEventInOrder() {
        List<String> seen = new ArrayList<>();
        TraceSink all = TraceSinks.all(List.of(e -> seen.add("a " + e.tag()), e -> seen.add("b " + e.tag())));
        all.accept(new TraceEvent.Ready(1, 7));
        all.accept(new TraceEvent.Completed(2, 0, 7));
        assertThat(seen).containsExactly("a ready", "b ready", "a complete", "b complete");
    }
}
