package io.ptosim.hw.abi;

import java.util.Locale;

/** The AICore unit a kernel runs on: the cube unit (aic) or the vector unit (aiv). */
public enum CoreType {
    AIC,
    AIV;

    /** The manifest spelling, {@code aic} or {@code aiv}. */
    public String manifestName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
