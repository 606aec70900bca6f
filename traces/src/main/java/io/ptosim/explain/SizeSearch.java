package io.ptosim.explain;

import io.ptosim.chip.Failure;
import io.ptosim.chip.RunSummary;
import io.ptosim.platform.Platform;
import io.ptosim.platform.PlatformException;
import java.util.Map;

/**
 * The smallest size that gets a failed run past its error, found by running it again: the key that sizes
 * the blamed resource ({@link Failure#setKeyOf}) is doubled from the run's value until a rerun no longer
 * stops with the same code, then bisected between the last size that failed and the first that passed.
 * A search, not a derivation: it assumes a larger size never brings the error back. At most
 * {@link #MAX_RERUNS} reruns; a task window is a power of two, so it is only doubled.
 */
public final class SizeSearch {
    /** The most reruns one search makes. */
    public static final int MAX_RERUNS = 40;

    /**
     * What the search found.
     *
     * @param key the {@code --set} key
     * @param from the failed run's value
     * @param value the smallest value that got past the error (valid only when {@code found})
     * @param found whether a value up to {@code limit} got past it
     * @param limit the largest value the search would try
     * @param exact whether the bisection narrowed to one step (else the rerun budget ran out first)
     * @param reruns runs made
     * @param then the summary of the run with {@code value} (null when not found)
     */
    public record Result(String key, long from, long value, boolean found, long limit, boolean exact, int reruns,
            RunSummary then) {
    }

    private SizeSearch() {
    }

    /**
     * Searches the size for {@code failed}'s error, or returns null when its code is not a sizing problem.
     *
     * @param platform the failed run's platform (with its settings)
     * @param whatIf reruns it with settings added
     */
    public static Result search(RunSummary failed, Platform platform, Suggestions.WhatIf whatIf) {
        if (failed.completed() || failed.failure() == null || failed.failure().setKey().isEmpty()) {
            return null;
        }
        String key = failed.failure().setKey();
        int code = failed.errorCode();
        long from = Math.round(platform.value(key));
        long limit = limitOf(key);
        long step = stepOf(key);
        int reruns = 0;
        long lo = from;
        long hi = -1;
        RunSummary passed = null;
        for (long v = Math.max(2 * from, step); v <= limit && reruns < MAX_RERUNS; v *= 2) {
            RunSummary s = rerun(whatIf, key, v);
            reruns++;
            if (s != null && s.errorCode() != code) {
                hi = v;
                passed = s;
                break;
            }
            lo = v;
        }
        if (passed == null) {
            return new Result(key, from, -1, false, limit, true, reruns, null);
        }
        boolean powerOfTwo = key.equals("ring.taskWindow");
        while (!powerOfTwo && hi - lo > step && reruns < MAX_RERUNS) {
            long mid = (lo + (hi - lo) / 2) / step * step;
            if (mid <= lo) {
                break;
            }
            RunSummary s = rerun(whatIf, key, mid);
            reruns++;
            if (s != null && s.errorCode() != code) {
                hi = mid;
                passed = s;
            } else {
                lo = mid;
            }
        }
        return new Result(key, from, hi, true, limit, powerOfTwo || hi - lo <= step, reruns, passed);
    }

    private static RunSummary rerun(Suggestions.WhatIf whatIf, String key, long value) {
        try {
            return whatIf.run(Map.of(key, Long.toString(value)));
        } catch (PlatformException e) {
            return null;
        }
    }

    /** The largest value tried: bounded so a rerun's tables stay small. */
    private static long limitOf(String key) {
        return switch (key) {
            case "ring.taskWindow" -> 1L << 20;
            case "ring.heapBytes" -> 1L << 40;
            default -> 1L << 24;
        };
    }

    /** The resolution of the bisection: heap sizes in KiB (the submit's multiples), counts exactly. */
    private static long stepOf(String key) {
        return key.equals("ring.heapBytes") ? 1024 : 1;
    }
}
