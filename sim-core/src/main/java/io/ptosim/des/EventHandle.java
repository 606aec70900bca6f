package io.ptosim.des;

/**
 * Names one scheduled event, for {@link EventLoop#cancel}: the time it is due and its sequence
 * number (1, 2, 3, ... in scheduling order). Because events fire in (time, sequence) order, the pair
 * alone tells a loop whether the event has fired yet, so the engine keeps no per-event record.
 *
 * @param timeNanos when the event is due
 * @param sequence its scheduling sequence number
 */
public record EventHandle(long timeNanos, long sequence) {
}
