package io.ptosim.runtime;

/** The kind of an explicit dependency (spec §3.2). */
public enum DepKind {
    /** The consumer waits for the producer to complete. */
    WAIT,
    /** It waits, and keeps the producer's slot until the consumer completes and releases it. */
    WAIT_RETAIN
}
