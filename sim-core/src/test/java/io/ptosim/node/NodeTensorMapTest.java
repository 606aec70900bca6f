package io.ptosim.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The node's TensorMap and TensorKey (spec §4), scenarios 13 to 16 of spec §15. */
class NodeTensorMapTest {

    @Test
    void scenario13_insertOverwritesAndLookupMissesOtherKeys() {
        NodeTensorMap map = new NodeTensorMap(Compat.V1);
        assertThat(map.lookup(0, TensorKey.host(0x1000))).isEqualTo(-1);
        map.insert(0, TensorKey.host(0x1000), 5);
        assertThat(map.lookup(0, TensorKey.host(0x1000))).isEqualTo(5);
        assertThat(map.lookup(0, TensorKey.host(0x2000))).isEqualTo(-1);
        assertThat(map.lookup(0, new TensorKey(0x1000, 0))).isEqualTo(-1);
        assertThat(map.size()).isEqualTo(1);
        map.insert(0, TensorKey.host(0x1000), 7);
        assertThat(map.lookup(0, TensorKey.host(0x1000))).isEqualTo(7);
        assertThat(map.size()).isEqualTo(1);

        NodeTensorMap many = new NodeTensorMap(Compat.V1);
        for (int i = 0; i < 100; i++) {
            many.insert(0, TensorKey.host(0x10000 + i * 0x100L), i);
        }
        assertThat(many.size()).isEqualTo(100);
        for (int i = 0; i < 100; i++) {
            assertThat(many.lookup(0, TensorKey.host(0x10000 + i * 0x100L))).isEqualTo(i);
        }
    }

    @Test
    void scenario14_eraseOutputsRemovesOnlyTheListedKeys() {
        NodeTensorMap map = new NodeTensorMap(Compat.V1);
        map.insert(0, TensorKey.host(0x1000), 0);
        map.insert(0, TensorKey.host(0x2000), 0);
        map.insert(0, TensorKey.host(0x3000), 1);
        map.eraseOutputs(0, List.of(TensorKey.host(0x1000), TensorKey.host(0x2000)), 0);
        assertThat(map.size()).isEqualTo(1);
        assertThat(map.lookup(0, TensorKey.host(0x1000))).isEqualTo(-1);
        assertThat(map.lookup(0, TensorKey.host(0x2000))).isEqualTo(-1);
        assertThat(map.lookup(0, TensorKey.host(0x3000))).isEqualTo(1);
        map.eraseOutputs(0, List.of(), 1);
        assertThat(map.size()).isEqualTo(1);
        assertThat(map.lookup(0, TensorKey.host(0x3000))).isEqualTo(1);
    }

    @Test
    void scenario15_workerNamespacesKeepEqualAddressesApart() {
        NodeTensorMap map = new NodeTensorMap(Compat.V1);
        map.insert(0, new TensorKey(0xABC, 0), 10);
        map.insert(0, new TensorKey(0xABC, 1), 20);
        assertThat(map.lookup(0, new TensorKey(0xABC, 0))).isEqualTo(10);
        assertThat(map.lookup(0, new TensorKey(0xABC, 1))).isEqualTo(20);
        map.insert(0, new TensorKey(0x1000, -1), 5);
        map.insert(0, new TensorKey(0x1000, 0), 6);
        assertThat(map.size()).isEqualTo(4);
        assertThat(map.lookup(0, TensorKey.host(0x1000))).isEqualTo(5);
        assertThat(map.lookup(0, new TensorKey(0x1000, 0))).isEqualTo(6);
        map.eraseOutputs(0, List.of(new TensorKey(0x1000, 0)), 6);
        assertThat(map.lookup(0, new TensorKey(0x1000, 0))).isEqualTo(-1);
        assertThat(map.lookup(0, TensorKey.host(0x1000))).isEqualTo(5);
        assertThat(map.size()).isEqualTo(3);
    }

    @Test
    void scenario16_headKeepsRunsApartAndNeverErasesANewerWriter() {
        NodeTensorMap map = new NodeTensorMap(Compat.HEAD);
        map.insert(1, TensorKey.host(0x1000), 5);
        map.insert(2, TensorKey.host(0x1000), 9);
        assertThat(map.lookup(1, TensorKey.host(0x1000))).isEqualTo(5);
        assertThat(map.lookup(2, TensorKey.host(0x1000))).isEqualTo(9);
        assertThat(map.size()).isEqualTo(2);
        map.eraseOutputs(1, List.of(TensorKey.host(0x1000)), 5);
        assertThat(map.lookup(1, TensorKey.host(0x1000))).isEqualTo(-1);
        assertThat(map.lookup(2, TensorKey.host(0x1000))).isEqualTo(9);
        assertThat(map.size(1)).isZero();
        assertThat(map.size(2)).isEqualTo(1);

        NodeTensorMap writers = new NodeTensorMap(Compat.HEAD);
        TensorKey k = TensorKey.host(0x4000);
        writers.insert(1, k, 3);
        writers.insert(1, k, 7);
        writers.eraseOutputs(1, List.of(k), 3);
        assertThat(writers.lookup(1, k)).as("consuming the old writer 3 keeps writer 7").isEqualTo(7);
        assertThat(writers.size()).isEqualTo(1);
        writers.eraseOutputs(1, List.of(k), 7);
        assertThat(writers.lookup(1, k)).isEqualTo(-1);
        assertThat(writers.size()).isZero();
        assertThat(writers.size(1)).isZero();
    }

    @Test
    void v1SeedErasesANewerWritersEntryWhenTheOldWriterIsConsumed() {
        NodeTensorMap map = new NodeTensorMap(Compat.V1);
        TensorKey k = TensorKey.host(0x4000);
        map.insert(0, k, 3);
        map.insert(0, k, 7);
        map.eraseOutputs(0, List.of(k), 3);
        assertThat(map.lookup(0, k)).as("V1 erases unconditionally, losing writer 7").isEqualTo(-1);
        assertThat(map.size()).isZero();
    }

    @Test
    void eraseOfAnUnknownRunOrKeyChangesNothing() {
        NodeTensorMap map = new NodeTensorMap(Compat.HEAD);
        map.insert(1, TensorKey.host(0x1000), 5);
        map.eraseOutputs(9, List.of(TensorKey.host(0x1000)), 5);
        map.eraseOutputs(1, List.of(TensorKey.host(0x2000)), 5);
        assertThat(map.size()).isEqualTo(1);
        assertThat(map.size(9)).isZero();
    }

    @Test
    void tensorKeyNamesItsNamespaceAndRejectsWorkersBelowHost() {
        assertThat(TensorKey.host(0x1000)).hasToString("0x1000@host");
        assertThat(new TensorKey(0x2000, 1)).hasToString("0x2000@w1");
        assertThat(TensorKey.host(0x1000)).isEqualTo(new TensorKey(0x1000, -1));
        assertThat(TensorKey.host(0x1000).isHost()).isTrue();
        assertThatThrownBy(() -> new TensorKey(0x1000, -2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tensor key worker -2; expected -1 (host) or a worker index >= 0");
        NodeTensorMap map = new NodeTensorMap(Compat.V1);
        assertThatThrownBy(() -> map.insert(0, TensorKey.host(0x1000), -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("producer slot -1 for 0x1000@host in run 0; expected a slot >= 0");
    }
}
