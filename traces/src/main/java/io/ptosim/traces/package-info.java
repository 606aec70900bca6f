/**
 * File formats around the runtime: the conformance-vector program format and {@code deps.json}
 * (spec {@code traces.md} §1), read and written exactly; later the ptosim trace, swimlane records and
 * Perfetto output.
 */
package io.ptosim.traces;
