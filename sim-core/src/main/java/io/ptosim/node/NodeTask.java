package io.ptosim.node;

import io.ptosim.spi.ChipCallConfig;
import io.ptosim.spi.ChipCallable;
import io.ptosim.spi.TaskArgs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One node task slot (spec §5): what it runs, its members' resolved args and affinities, its state,
 * and the fan-in / fan-out / scope-reference accounting that decides when it is ready and when it
 * retires. Mutated only by {@link NodeRuntime} on the loop thread.
 */
public final class NodeTask {
    final int id;
    final long run;
    final WorkerType type;
    final boolean group;
    final boolean alloc;
    final ChipCallable chip;
    final SubCallable sub;
    final ChipCallConfig config;
    /** Per member: the worker it must run on, or −1. */
    final int[] affinity;
    /** Per member: its args on the wire. */
    final List<TaskArgs> memberArgs;
    /** Per member: the worker it ran on (−1 until dispatched). */
    final int[] placedOn;
    final MemberState[] members;
    /** The op index that submitted it, for messages. */
    final int op;

    SlotState state = SlotState.BUILDING;
    int faninCount;
    int faninReleased;
    int fanoutTotal;
    int fanoutReleased;
    final List<NodeTask> consumers = new ArrayList<>();
    final List<NodeTask> producers = new ArrayList<>();
    final List<ProducerMap.Footprint> outputs = new ArrayList<>();
    /** A failed producer seen while the slot was BUILDING: the publication fails the task. */
    NodeTask poisonedBy;
    int errorCode;
    String error;
    int membersTerminal;
    long readyAt = -1;
    long dispatchedAt = -1;
    long finishedAt = -1;

    NodeTask(int id, long run, WorkerType type, boolean group, boolean alloc, ChipCallable chip, SubCallable sub,
            ChipCallConfig config, int[] affinity, List<TaskArgs> memberArgs, int op) {
        this.id = id;
        this.run = run;
        this.type = type;
        this.group = group;
        this.alloc = alloc;
        this.chip = chip;
        this.sub = sub;
        this.config = config;
        this.affinity = affinity.clone();
        this.memberArgs = List.copyOf(memberArgs);
        this.placedOn = new int[affinity.length];
        Arrays.fill(placedOn, -1);
        this.members = new MemberState[affinity.length];
        Arrays.fill(members, MemberState.NOT_DISPATCHED);
        this.op = op;
    }

    /** Its task id (the ring's, from 0 in each run). */
    public int id() {
        return id;
    }

    /** Its state. */
    public SlotState state() {
        return state;
    }

    /** Producers it waits for (live at submit). */
    public int faninCount() {
        return faninCount;
    }

    /** Scope reference plus consumers. */
    public int fanoutTotal() {
        return fanoutTotal;
    }

    /** Releases received so far. */
    public int fanoutReleased() {
        return fanoutReleased;
    }

    /** Ids of its producers, in wiring order. */
    public List<Integer> producerIds() {
        return producers.stream().map(p -> p.id).toList();
    }

    /** Its consumers, in wiring order. */
    public List<NodeTask> consumers() {
        return List.copyOf(consumers);
    }

    /** Ids of its consumers, in wiring order. */
    public List<Integer> consumerIds() {
        return consumers.stream().map(c -> c.id).toList();
    }

    /** The TensorMap keys it wrote. */
    public List<TensorKey> outputKeys() {
        return outputs.stream().map(ProducerMap.Footprint::key).toList();
    }

    /** Its members' states. */
    public List<MemberState> memberStates() {
        return List.of(members);
    }

    /** Per member, the worker it ran on (−1: not dispatched). */
    public int[] placedOn() {
        return placedOn.clone();
    }

    /** Per member, its affinity. */
    public int[] affinity() {
        return affinity.clone();
    }

    /** Per member, its args on the wire. */
    public List<TaskArgs> memberArgs() {
        return memberArgs;
    }

    /** Whether it is a group. */
    public boolean group() {
        return group;
    }

    /** The pool it runs on. */
    public WorkerType type() {
        return type;
    }

    /** Its error message, or null. */
    public String error() {
        return error;
    }

    /** The callable's name. */
    public String callableName() {
        return alloc ? "alloc" : chip != null ? chip.name() : sub.name();
    }

    @Override
    public String toString() {
        return "task " + id + " (" + callableName() + ", op " + op + ", " + state + ")";
    }
}
