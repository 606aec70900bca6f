/**
 * The typed event stream of a run: what the simulated chip did, in emission order, with virtual time.
 * A {@link io.ptosim.trace.TraceSink} receives it; writers in the {@code traces} module stream it to
 * files (the ptosim trace, Perfetto, swimlane records) and replay compares it event by event.
 */
package io.ptosim.trace;
