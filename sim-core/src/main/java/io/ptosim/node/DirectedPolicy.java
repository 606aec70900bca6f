package io.ptosim.node;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * HEAD's directed scheduler (spec §8): pinned single tasks wait in their worker's own FIFO (no
 * stealing); groups in one group FIFO whose head launches only when all its targets are idle and
 * otherwise reserves them; SUB tasks in one FIFO. Per pass: the group head first, then each idle,
 * unreserved worker in ascending id pops its FIFO, then SUB. Extension for programs written for the
 * seed: unpinned single tasks wait in a shared FIFO that idle, unreserved workers serve (lowest id
 * first) after their own FIFOs, and a group's unpinned members take the lowest idle unreserved workers
 * at launch. A head group that cannot launch starts a reservation-stall episode, reported once through
 * {@link Launcher#reservationStall} until that head launches or leaves the queue.
 */
final class DirectedPolicy implements DispatchPolicy {
    private final ArrayDeque<NodeTask>[] perWorker;
    private final ArrayDeque<NodeTask> groups = new ArrayDeque<>();
    private final ArrayDeque<NodeTask> unpinned = new ArrayDeque<>();
    private final ArrayDeque<NodeTask> sub = new ArrayDeque<>();
    /** The head group of the current reservation-stall episode, or null. */
    private NodeTask stalledHead;

    @SuppressWarnings("unchecked")
    DirectedPolicy(int chips) {
        perWorker = new ArrayDeque[chips];
        for (int i = 0; i < chips; i++) {
            perWorker[i] = new ArrayDeque<>();
        }
    }

    @Override
    public void enqueue(NodeTask task) {
        if (task.type == WorkerType.SUB) {
            sub.add(task);
        } else if (task.group) {
            groups.add(task);
        } else if (task.affinity[0] >= 0) {
            perWorker[task.affinity[0]].add(task);
        } else {
            unpinned.add(task);
        }
    }

    @Override
    public boolean dispatch(Launcher launcher) {
        NodeWorker[] chips = launcher.workers(WorkerType.NEXT_LEVEL);
        for (NodeWorker w : chips) {
            w.reserved = false;
        }
        while (!groups.isEmpty()) {
            NodeTask head = groups.peek();
            if (head.state != SlotState.READY) {
                groups.poll();
                continue;
            }
            NodeWorker[] placement = TwoPassPolicy.place(head, chips);
            if (placement == null) {
                List<Integer> reserved = new ArrayList<>();
                List<Integer> busy = new ArrayList<>();
                for (int a : head.affinity) {
                    if (a >= 0) {
                        chips[a].reserved = true;
                        reserved.add(a);
                        if (!DispatchPolicy.idle(chips[a])) {
                            busy.add(a);
                        }
                    }
                }
                if (stalledHead != head) {
                    stalledHead = head;
                    launcher.reservationStall(head, reserved.stream().mapToInt(Integer::intValue).toArray(),
                            busy.stream().mapToInt(Integer::intValue).toArray());
                }
                break;
            }
            stalledHead = null;
            groups.poll();
            launcher.launch(head, placement);
        }
        for (NodeWorker w : chips) {
            if (DispatchPolicy.idle(w) && !w.reserved) {
                NodeTask t = pop(perWorker[w.index]);
                if (t != null) {
                    launcher.launch(t, new NodeWorker[] {w});
                }
            }
        }
        for (NodeWorker w : chips) {
            if (DispatchPolicy.idle(w) && !w.reserved) {
                NodeTask t = pop(unpinned);
                if (t != null) {
                    launcher.launch(t, new NodeWorker[] {w});
                }
            }
        }
        boolean left = false;
        NodeWorker[] subs = launcher.workers(WorkerType.SUB);
        int tries = sub.size();
        while (tries-- > 0) {
            NodeTask t = sub.poll();
            if (t.state != SlotState.READY) {
                continue;
            }
            NodeWorker[] placement = TwoPassPolicy.place(t, subs);
            if (placement == null) {
                sub.addLast(t);
                left = true;
                break;
            }
            launcher.launch(t, placement);
        }
        return left;
    }

    private static NodeTask pop(ArrayDeque<NodeTask> queue) {
        while (!queue.isEmpty()) {
            NodeTask t = queue.poll();
            if (t.state == SlotState.READY) {
                return t;
            }
        }
        return null;
    }

    @Override
    public int queued() {
        int n = groups.size() + unpinned.size() + sub.size();
        for (ArrayDeque<NodeTask> q : perWorker) {
            n += q.size();
        }
        return n;
    }
}
