package io.ptosim.explain;

/**
 * A change a user can make and what a real what-if run with it gave.
 *
 * @param key the {@code --set} key
 * @param value its value in the what-if
 * @param why why the verdict points at it
 * @param elapsedNs the what-if run's elapsed
 * @param completed whether the what-if run completed
 * @param baseElapsedNs the explained run's elapsed, for the delta
 */
public record Suggestion(String key, String value, String why, long elapsedNs, boolean completed,
        long baseElapsedNs) {

    /** The {@code --set} argument: {@code key=value}. */
    public String set() {
        return key + "=" + value;
    }

    /** The change in elapsed, percent of the explained run's (negative: faster). */
    public double deltaPercent() {
        return baseElapsedNs == 0 ? 0 : 100.0 * (elapsedNs - baseElapsedNs) / baseElapsedNs;
    }
}
