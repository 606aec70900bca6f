package io.ptosim.node;

import io.ptosim.des.Simulation;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.TensorArgType;
import io.ptosim.spi.ChipEndpoint;
import io.ptosim.spi.HostMemory;
import io.ptosim.spi.TaskArgs;
import java.util.ArrayList;
import java.util.List;

/** A node of mock chips on a {@link Simulation}, for the spec §15 scenarios. */
final class NodeHarness {
    static final HostMemory NO_HOST = new HostMemory() {
        @Override
        public void readBytes(long addr, byte[] dst, int offset, int length) {
        }

        @Override
        public void writeBytes(long addr, byte[] src, int offset, int length) {
        }
    };

    final Simulation sim = new Simulation(1);
    final List<MockChip> chips = new ArrayList<>();
    final NodeRuntime node;

    NodeHarness(int chipCount, int subWorkers, long taskNs, NodeConfig config) {
        List<ChipEndpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < chipCount; i++) {
            MockChip c = new MockChip(i, sim, taskNs);
            chips.add(c);
            endpoints.add(c);
        }
        node = new NodeRuntime(sim, endpoints, subWorkers, NO_HOST, config, sim::reportProgress);
    }

    /** Starts {@code p} and runs the loop until {@code untilNs}. */
    NodeHarness start(NodeProgram p, long untilNs) {
        node.start(p);
        sim.runUntil(untilNs);
        return this;
    }

    void runUntil(long ns) {
        sim.runUntil(ns);
    }

    MockChip chip(int i) {
        return chips.get(i);
    }

    SlotState state(int id) {
        return node.task(id).state();
    }

    static final MockChip.Named A = new MockChip.Named("A");
    static final MockChip.Named B = new MockChip.Named("B");
    static final MockChip.Named C = new MockChip.Named("C");

    static NodeArg out(long k) {
        return new NodeArg(TensorArgType.OUTPUT, NodeProgram.tensor(Ptr.at(k), DataType.UINT8, 1));
    }

    static NodeArg in(long k) {
        return new NodeArg(TensorArgType.INPUT, NodeProgram.tensor(Ptr.at(k), DataType.UINT8, 1));
    }

    static NodeArg inout(long k) {
        return new NodeArg(TensorArgType.INOUT, NodeProgram.tensor(Ptr.at(k), DataType.UINT8, 1));
    }

    static NodeArg oe(long k) {
        return new NodeArg(TensorArgType.OUTPUT_EXISTING, NodeProgram.tensor(Ptr.at(k), DataType.UINT8, 1));
    }

    static NodeArg nd(long k) {
        return new NodeArg(TensorArgType.NO_DEP, NodeProgram.tensor(Ptr.at(k), DataType.UINT8, 1));
    }

    /** A fixed-time SUB callable that records the order it ran in. */
    static SubCallable sub(String name, long ns, List<String> log) {
        return sub(name, ns, log, null);
    }

    /** {@link #sub(String, long, List)} that then raises {@code error} (none when null). */
    static SubCallable sub(String name, long ns, List<String> log, RuntimeException error) {
        return new SubCallable() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public long durationNs(TaskArgs args) {
                return ns;
            }

            @Override
            public void run(TaskArgs args, HostMemory host) {
                log.add(name);
                if (error != null) {
                    throw error;
                }
            }
        };
    }
}
