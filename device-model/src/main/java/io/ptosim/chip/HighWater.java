package io.ptosim.chip;

import java.util.List;

/**
 * A named high-water mark of a run: the most of one resource it held, per ring (or one value for a global
 * pool), against the resource's size and the {@code --set} key that sizes it. Text, JSON and trace
 * outputs iterate these, so a new mark needs no new field anywhere.
 *
 * @param key the machine name ({@code task_window}, {@code heap}, {@code dep_pool}, {@code tensormap})
 * @param label the name in words
 * @param unit what is counted ({@code tasks}, {@code bytes}, {@code nodes}, {@code entries})
 * @param setKey the platform key that sizes it
 * @param peaks the peak per ring (four values), or one value for a global pool
 * @param sizes the size per ring, or one value
 */
public record HighWater(String key, String label, String unit, String setKey, List<Long> peaks, List<Long> sizes) {
    /** Copies the lists. */
    public HighWater {
        peaks = List.copyOf(peaks);
        sizes = List.copyOf(sizes);
        if (peaks.size() != sizes.size()) {
            throw new IllegalArgumentException(key + ": " + peaks.size() + " peaks but " + sizes.size() + " sizes");
        }
    }

    /** Whether the mark is per ring (else one global pool). */
    public boolean perRing() {
        return peaks.size() > 1;
    }
}
