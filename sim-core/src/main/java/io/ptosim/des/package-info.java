/**
 * The discrete-event engine: virtual time in {@code long} nanoseconds, a deterministic event order
 * (time, then insertion sequence), bounded runs, seeded named random streams and an event-stream
 * digest. {@link io.ptosim.des.Simulation} is the only class here that knows time is virtual;
 * everything else programs against {@link io.ptosim.des.EventLoop}.
 */
package io.ptosim.des;
