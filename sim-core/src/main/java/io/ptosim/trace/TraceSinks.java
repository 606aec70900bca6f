package io.ptosim.trace;

import java.util.List;

/** Combines sinks, so one run can feed several trace files at once. */
public final class TraceSinks {
    private TraceSinks() {
    }

    /**
     * One sink that hands each event to every one of {@code sinks}, in list order. With no sinks it is
     * null, so the chip stays untraced and builds no events; with one it is that sink.
     */
    public static TraceSink all(List<TraceSink> sinks) {
        if (sinks.isEmpty()) {
            return null;
        }
        if (sinks.size() == 1) {
            return sinks.get(0);
        }
        TraceSink[] each = sinks.toArray(TraceSink[]::new);
        return event -> {
            for (TraceSink sink : each) {
                sink.accept(event);
            }
        };
    }
}
