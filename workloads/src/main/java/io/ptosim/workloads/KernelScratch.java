package io.ptosim.workloads;

import java.util.Arrays;

/**
 * Working arrays of one kernel table's bodies, by slot, grown on demand and reused from call to call, so
 * a functional run does not allocate (and zero, and collect) its kernels' tiles for every block. A chip
 * runs kernel bodies one at a time in its simulation thread and a body does not call another, so a slot
 * is never in use twice; a table must not run on several threads at once. Arrays may be longer than
 * asked for: bodies use the lengths they ask for, not the arrays' lengths.
 */
final class KernelScratch {
    private final float[][] floats;
    private final float[][][] rows;
    private float[][] refs = new float[0][];

    /** Scratch with {@code floatSlots} float arrays and {@code rowSlots} arrays of rows. */
    KernelScratch(int floatSlots, int rowSlots) {
        floats = new float[floatSlots][];
        rows = new float[rowSlots][][];
    }

    /** The float array of {@code slot}, at least {@code n} long, holding whatever it held last. */
    float[] floats(int slot, int n) {
        float[] a = floats[slot];
        if (a == null || a.length < n) {
            a = new float[n];
            floats[slot] = a;
        }
        return a;
    }

    /** {@link #floats} with {@code [0, n)} set to zero. */
    float[] zeros(int slot, int n) {
        float[] a = floats(slot, n);
        Arrays.fill(a, 0, n, 0f);
        return a;
    }

    /**
     * The rows of {@code slot}: at least {@code count} separate arrays, each at least {@code width} long,
     * holding whatever they held last.
     */
    float[][] rows(int slot, int count, int width) {
        float[][] r = rows[slot];
        if (r == null || r.length < count || r[0].length < width) {
            r = new float[Math.max(1, Math.max(count, r == null ? 0 : r.length))][Math.max(width,
                    r == null ? 0 : r[0].length)];
            rows[slot] = r;
        }
        return r;
    }

    /** An array of at least {@code n} row references for the caller to fill, holding whatever it held last. */
    float[][] refs(int n) {
        if (refs.length < n) {
            refs = new float[n][];
        }
        return refs;
    }
}
