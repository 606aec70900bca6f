package io.ptosim.kernel;

/** The two kinds of AICore a kernel runs on: the cube core (matrix work) and the vector core. */
public enum CoreType {
    /** The cube core; one per cluster. */
    AIC,
    /** A vector core; two per cluster. */
    AIV
}
