package io.ptosim.node;

import java.util.ArrayDeque;

/**
 * The seed's scheduler (spec §8, V1): a NEXT_LEVEL and a SUB FIFO. A pass pops the head while it can be
 * placed: pinned members take exactly their worker (which must be idle), the rest the first idle
 * workers in registration order not already chosen. A head that cannot be placed goes to the tail and
 * its queue stops for this pass; the other queue still drains.
 */
final class TwoPassPolicy implements DispatchPolicy {
    private final ArrayDeque<NodeTask> nextLevel = new ArrayDeque<>();
    private final ArrayDeque<NodeTask> sub = new ArrayDeque<>();

    @Override
    public void enqueue(NodeTask task) {
        (task.type == WorkerType.NEXT_LEVEL ? nextLevel : sub).add(task);
    }

    @Override
    public boolean dispatch(Launcher launcher) {
        boolean left = drain(nextLevel, launcher.workers(WorkerType.NEXT_LEVEL), launcher);
        return drain(sub, launcher.workers(WorkerType.SUB), launcher) || left;
    }

    private static boolean drain(ArrayDeque<NodeTask> queue, NodeWorker[] workers, Launcher launcher) {
        while (!queue.isEmpty()) {
            NodeTask task = queue.poll();
            if (task.state != SlotState.READY) {
                continue;
            }
            NodeWorker[] placement = place(task, workers);
            if (placement == null) {
                queue.addLast(task);
                return true;
            }
            launcher.launch(task, placement);
        }
        return false;
    }

    /** Pass 1 pinned members, pass 2 the rest; null when some member has no worker. */
    static NodeWorker[] place(NodeTask task, NodeWorker[] workers) {
        int n = task.affinity.length;
        NodeWorker[] chosen = new NodeWorker[n];
        boolean[] used = new boolean[workers.length];
        for (int m = 0; m < n; m++) {
            int a = task.affinity[m];
            if (a >= 0) {
                if (a >= workers.length || used[a] || !DispatchPolicy.idle(workers[a])) {
                    return null;
                }
                chosen[m] = workers[a];
                used[a] = true;
            }
        }
        for (int m = 0; m < n; m++) {
            if (chosen[m] != null) {
                continue;
            }
            for (int w = 0; w < workers.length && chosen[m] == null; w++) {
                if (!used[w] && DispatchPolicy.idle(workers[w])) {
                    chosen[m] = workers[w];
                    used[w] = true;
                }
            }
            if (chosen[m] == null) {
                return null;
            }
        }
        return chosen;
    }

    @Override
    public int queued() {
        return nextLevel.size() + sub.size();
    }
}
