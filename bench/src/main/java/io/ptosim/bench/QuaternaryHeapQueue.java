package io.ptosim.bench;

import java.util.Arrays;

/**
 * A candidate event queue kept so the engine's choice can be re-measured: a 4-ary min-heap on
 * primitive arrays, ordered by (time, insertion sequence), with time, sequence and payload stored
 * inline in parallel arrays. Same contract as {@link io.ptosim.des.EventQueue}.
 */
public final class QuaternaryHeapQueue {
    private long[] times = new long[16];
    private long[] sequences = new long[16];
    private long[] payloads = new long[16];
    private int size;
    private long nextSequence;

    /** Adds an entry; equal times come out in insertion order. */
    public void add(long time, long payload) {
        if (size == times.length) {
            int cap = size * 2;
            times = Arrays.copyOf(times, cap);
            sequences = Arrays.copyOf(sequences, cap);
            payloads = Arrays.copyOf(payloads, cap);
        }
        long seq = nextSequence++;
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            long pt = times[parent];
            if (pt < time || (pt == time && sequences[parent] < seq)) {
                break;
            }
            times[i] = pt;
            sequences[i] = sequences[parent];
            payloads[i] = payloads[parent];
            i = parent;
        }
        times[i] = time;
        sequences[i] = seq;
        payloads[i] = payload;
    }

    /** Time of the earliest entry. */
    public long peekTime() {
        if (size == 0) {
            throw new IllegalStateException("queue is empty");
        }
        return times[0];
    }

    /** Takes out the earliest entry and returns its payload. */
    public long poll() {
        if (size == 0) {
            throw new IllegalStateException("queue is empty");
        }
        long result = payloads[0];
        int n = --size;
        long time = times[n];
        long seq = sequences[n];
        long payload = payloads[n];
        int i = 0;
        while (true) {
            int first = (i << 2) + 1;
            if (first >= n) {
                break;
            }
            int best = first;
            long bt = times[first];
            long bs = sequences[first];
            int last = Math.min(first + 4, n);
            for (int c = first + 1; c < last; c++) {
                long ct = times[c];
                if (ct < bt || (ct == bt && sequences[c] < bs)) {
                    best = c;
                    bt = ct;
                    bs = sequences[c];
                }
            }
            if (bt > time || (bt == time && bs > seq)) {
                break;
            }
            times[i] = bt;
            sequences[i] = bs;
            payloads[i] = payloads[best];
            i = best;
        }
        times[i] = time;
        sequences[i] = seq;
        payloads[i] = payload;
        return result;
    }

    /** Number of entries. */
    public int size() {
        return size;
    }
}
