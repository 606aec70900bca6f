package io.ptosim.check;

/** What an unordered pair of accesses to shared elements does, by the direction of each access. */
public enum HazardKind {
    /** The earlier task reads, the later one writes: the runtime never tracks this. */
    WRITE_AFTER_READ("write-after-read"),
    /** Both write (an INOUT counts as a write). */
    WRITE_AFTER_WRITE("write-after-write"),
    /** The earlier task writes, the later one reads. */
    READ_AFTER_WRITE("read-after-write");

    private final String label;

    HazardKind(String label) {
        this.label = label;
    }

    /** E.g. {@code write-after-read}. */
    public String label() {
        return label;
    }

    /** The kind of a conflicting pair (at least one writes), the earlier access first. */
    static HazardKind of(Access earlier, Access later) {
        if (earlier.writes()) {
            return later.writes() ? WRITE_AFTER_WRITE : READ_AFTER_WRITE;
        }
        return WRITE_AFTER_READ;
    }
}
