package io.ptosim.des;

/**
 * The kind of an event (dispatch, kernel end, poll, ...), as it enters the run digest and diagnostics.
 * The {@link #code()} must be stable across runs and JVMs: it is hashed into the event-stream digest,
 * so it may never be derived from identity hash codes or generated class names. Models typically
 * declare an enum that implements this interface with explicit codes.
 */
public interface EventKind {

    /** The kind of events scheduled without one. */
    EventKind UNSPECIFIED = new NamedEventKind(0, "event");

    /** Stable numeric code, hashed into the event-stream digest. */
    int code();

    /** Human-readable name, used in diagnostics only. */
    String name();

    /** A kind with the given code and name. */
    static EventKind of(int code, String name) {
        return new NamedEventKind(code, name);
    }
}
