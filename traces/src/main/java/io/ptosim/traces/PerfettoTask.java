package io.ptosim.traces;

import java.util.Arrays;

/**
 * What the Perfetto writer keeps of a live task: the kernels it runs, whether the sampling keeps it,
 * where its first slice is (the end of the arrows into it and the start of the arrows out of it), and
 * the producers whose arrows wait for that slice.
 */
final class PerfettoTask {
    private static final long[] NONE = {};

    final long id;
    /** {@code [aic, aiv0, aiv1]}, -1 unused. */
    final int[] kernels;
    final int blockNum;
    /** Its slices are written (sampling keeps every n-th task). */
    final boolean kept;
    /** Its first slice is settled: written (then {@link #anchored}) or left out. */
    boolean settled;
    boolean anchored;
    int pid;
    int tid;
    long startNs;
    private long[] producers = NONE;
    private int producerCount;

    PerfettoTask(long id, int[] kernels, int blockNum, boolean kept) {
        this.id = id;
        this.kernels = kernels;
        this.blockNum = blockNum;
        this.kept = kept;
    }

    /** Its kernels run on cores of more than one kind or slot, so each core's slot names its kernel. */
    boolean mix() {
        int used = 0;
        for (int k : kernels) {
            used += k >= 0 ? 1 : 0;
        }
        return used > 1;
    }

    /** No kernel: a dependency-only task, completed by a scheduler thread. */
    boolean dummy() {
        return kernels[0] < 0 && kernels[1] < 0 && kernels[2] < 0;
    }

    void addProducer(long producer) {
        if (producerCount == producers.length) {
            producers = Arrays.copyOf(producers, Math.max(4, 2 * producerCount));
        }
        producers[producerCount++] = producer;
    }

    int producerCount() {
        return producerCount;
    }

    long producer(int i) {
        return producers[i];
    }

    /** Forgets the producers once their arrows are drawn or left out. */
    void clearProducers() {
        producers = NONE;
        producerCount = 0;
    }
}
