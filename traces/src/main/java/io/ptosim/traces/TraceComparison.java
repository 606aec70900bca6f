package io.ptosim.traces;

import io.ptosim.runtime.TaskId;
import io.ptosim.trace.TraceEvent;
import io.ptosim.trace.TraceSink;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Compares a run, event by event as it happens, with a recorded ptosim trace: the sink a replay hands
 * to the chip. It keeps nothing but the op of each task not yet released, so a trace of any length
 * compares in memory bounded by the live tasks; after the first difference it only counts.
 */
public final class TraceComparison implements TraceSink {
    /**
     * Where a replay first left the recording.
     *
     * @param index the event's position (0-based)
     * @param timePs the virtual time of the recorded event (of the replayed one if the recording ended)
     * @param expected the recorded event's line, or "(the recording ends here)"
     * @param actual the replayed event's line, or "(the run ends here)"
     * @param op the op whose task the event is about, or -1
     */
    public record Divergence(long index, long timePs, String expected, String actual, int op) {
    }

    private final PtraceReader recording;
    private final Map<Long, Integer> opOfTask = new HashMap<>();
    private long index;
    private Divergence divergence;

    /** Compares against {@code recording}, whose header has been read. */
    public TraceComparison(PtraceReader recording) {
        this.recording = recording;
    }

    @Override
    public void accept(TraceEvent actual) {
        track(actual);
        if (divergence == null) {
            TraceEvent expected = recording.next();
            if (expected == null) {
                divergence = new Divergence(index, actual.timePs(), "(the recording ends here)",
                        EventCodec.format(actual), opOf(actual));
            } else if (!expected.equals(actual)) {
                divergence = new Divergence(index, expected.timePs(), EventCodec.format(expected),
                        EventCodec.format(actual), opOf(expected) >= 0 ? opOf(expected) : opOf(actual));
            }
        }
        if (actual instanceof TraceEvent.Released r) {
            opOfTask.remove(r.taskId());
        }
        index++;
    }

    /** After the run: the first divergence, including a recording that goes on after the run ended. */
    public Optional<Divergence> finish() {
        if (divergence == null) {
            TraceEvent extra = recording.next();
            if (extra != null) {
                divergence = new Divergence(index, extra.timePs(), EventCodec.format(extra), "(the run ends here)",
                        opOf(extra));
            }
        }
        return Optional.ofNullable(divergence);
    }

    /** Events the run produced. */
    public long events() {
        return index;
    }

    private void track(TraceEvent e) {
        switch (e) {
            case TraceEvent.Submitted s -> opOfTask.put(s.taskId(), s.op());
            case TraceEvent.Allocated a -> opOfTask.put(a.taskId(), a.op());
            default -> {
            }
        }
    }

    /** The op an event is about: its own for a submit or alloc, else its task's as submitted; -1 if none. */
    private int opOf(TraceEvent e) {
        if (e instanceof TraceEvent.Submitted s) {
            return s.op();
        }
        if (e instanceof TraceEvent.Allocated a) {
            return a.op();
        }
        long task = switch (e) {
            case TraceEvent.EdgeWired w -> w.consumer();
            case TraceEvent.Ready r -> r.taskId();
            case TraceEvent.Dispatched d -> d.taskId();
            case TraceEvent.BlockEnded b -> b.taskId();
            case TraceEvent.Completed c -> c.taskId();
            case TraceEvent.Released r -> r.taskId();
            default -> TaskId.INVALID;
        };
        Integer op = opOfTask.get(task);
        return op == null ? -1 : op;
    }
}
