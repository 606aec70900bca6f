package io.ptosim.spi;

/** Which clock a backend's replies come on, and so which loop the node runtime must run on. */
public enum TimeBase {
    /**
     * Virtual time: the endpoint schedules each reply at the simulated time its operation ends, on the
     * node's {@link io.ptosim.des.Simulation}; modelled host costs apply.
     */
    VIRTUAL,
    /**
     * Wall-clock time: replies are posted from the threads native calls return on, to a
     * {@link io.ptosim.des.RealTimeLoop}; nothing is modelled.
     */
    REAL
}
