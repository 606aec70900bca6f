/**
 * File formats around the runtime: the conformance-vector program format and {@code deps.json}
 * (spec {@code traces.md} §1), read and written exactly; the ptosim trace; simpler's
 * {@code chip_swimlane_records.json} (§2), read and written; and a Perfetto / Chrome trace-event
 * timeline after §3. The three trace files a run writes are {@link io.ptosim.traces.TraceWriter}s fed by
 * its events.
 */
package io.ptosim.traces;
