package io.ptosim.report;

/**
 * One line of a run's text summary, as the terminal and the report page show it.
 *
 * @param id a stable name for the line (the report page's element id), e.g. {@code elapsed}
 * @param label the label in the left column ("" for a continuation line)
 * @param value the rest of the line
 */
public record SummaryLine(String id, String label, String value) {
}
