package io.ptosim.spi;

import java.util.Objects;

/**
 * A callable named only: what a node program submits when the backend brings the definition itself
 * (a compiled bundle on a native backend).
 *
 * @param name the callable's name
 */
public record CallableRef(String name) implements ChipCallable {
    /** Checks the name is not blank. */
    public CallableRef {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a callable name must not be blank");
        }
    }
}
