package io.ptosim.report;

import io.ptosim.chip.RunSummary;
import io.ptosim.explain.SizeSearch;
import java.util.List;

/**
 * A run as its summary reports it: the chip's {@link RunSummary} and what the command that ran it adds.
 *
 * @param summary the chip's summary
 * @param golden the golden check's mismatches, or null when there was no golden check
 * @param wallNs the wall time of the run in ns, or -1 when not measured (the report page is written before)
 * @param search a failed run's size search, or null when none was made
 */
public record ReportedRun(RunSummary summary, List<String> golden, long wallNs, SizeSearch.Result search) {
    /** Whether kernel blocks ran, so that utilisation and work mean something (always for a completed run). */
    boolean ran() {
        return summary.failure() == null || summary.dispatches() > 0;
    }
}
