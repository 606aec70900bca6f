package io.ptosim.des;

import java.util.Objects;

/** A plain {@link EventKind}: a stable code and a name. */
public record NamedEventKind(int code, String name) implements EventKind {
    /** Validates the name. */
    public NamedEventKind {
        Objects.requireNonNull(name, "name");
    }
}
