package io.ptosim.check;

import java.util.Arrays;

/**
 * Whether a path of edges leads from one task to another, without the transitive closure. Edges run
 * from earlier to later tasks in submit order, so a path from {@code i} to {@code j} only passes
 * through tasks between them. A query searches backwards from {@code j}, always expanding the latest
 * task found so far; once the latest unexpanded task is earlier than {@code i}, every ancestor of
 * {@code j} after {@code i} has been found, so the answer is known. The search is kept between queries
 * about the same {@code j} (the checker asks them together), so each task's ancestors are expanded at
 * most once per {@code j}, and only as far back as its earliest query needs. The longest path from a
 * source to each task answers many "no" at once: a path from i to j needs depth(i) < depth(j).
 */
final class HappensBefore {
    private final int[] predStart;
    private final int[] preds;
    private final int[] depth;
    /** {@code found[v] == stamp}: v is a known ancestor of the current target (or the target). */
    private final int[] found;
    private int stamp;
    private int target = -1;
    /** Found tasks not yet expanded: a max-heap by position. */
    private int[] heap = new int[64];
    private int heapSize;

    /** The relation of {@code tasks} tasks and the edges {@code preds[k] -> succs[k]} (each pred before its succ). */
    HappensBefore(int tasks, int[] edgePreds, int[] edgeSuccs) {
        predStart = new int[tasks + 1];
        for (int s : edgeSuccs) {
            predStart[s + 1]++;
        }
        for (int v = 0; v < tasks; v++) {
            predStart[v + 1] += predStart[v];
        }
        preds = new int[edgePreds.length];
        int[] fill = Arrays.copyOf(predStart, tasks);
        for (int k = 0; k < edgePreds.length; k++) {
            preds[fill[edgeSuccs[k]]++] = edgePreds[k];
        }
        depth = new int[tasks];
        for (int v = 0; v < tasks; v++) {
            for (int k = predStart[v]; k < predStart[v + 1]; k++) {
                depth[v] = Math.max(depth[v], depth[preds[k]] + 1);
            }
        }
        found = new int[tasks];
    }

    /** Whether a path of edges leads from task {@code i} to a later task {@code j}. */
    boolean ordered(int i, int j) {
        if (j != target) {
            target = j;
            stamp++;
            heapSize = 0;
            found[j] = stamp;
            push(j);
        }
        if (found[i] == stamp) {
            return true;
        }
        if (depth[i] >= depth[j]) {
            return false;
        }
        while (heapSize > 0 && heap[0] > i) {
            int v = pop();
            for (int k = predStart[v]; k < predStart[v + 1]; k++) {
                int p = preds[k];
                if (found[p] != stamp) {
                    found[p] = stamp;
                    push(p);
                }
            }
            if (found[i] == stamp) {
                return true;
            }
        }
        return false;
    }

    private void push(int v) {
        if (heapSize == heap.length) {
            heap = Arrays.copyOf(heap, heapSize * 2);
        }
        int at = heapSize++;
        while (at > 0 && heap[(at - 1) / 2] < v) {
            heap[at] = heap[(at - 1) / 2];
            at = (at - 1) / 2;
        }
        heap[at] = v;
    }

    private int pop() {
        int top = heap[0];
        int v = heap[--heapSize];
        int at = 0;
        while (true) {
            int child = 2 * at + 1;
            if (child >= heapSize) {
                break;
            }
            if (child + 1 < heapSize && heap[child + 1] > heap[child]) {
                child++;
            }
            if (heap[child] <= v) {
                break;
            }
            heap[at] = heap[child];
            at = child;
        }
        heap[at] = v;
        return top;
    }
}
