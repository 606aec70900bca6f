package io.ptosim.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * What a {@code get_tensor_data} or {@code set_tensor_data} waits for (spec §7.4), read from the task
 * table and the TensorMap without changing either.
 */
final class TensorDataWait {
    private final TaskTable table;
    private final TensorMap tensorMap;

    TensorDataWait(TaskTable table, TensorMap tensorMap) {
        this.table = table;
        this.tensorMap = tensorMap;
    }

    /**
     * The first producer of an allocated {@code view} still to wait for, in the order: its owner, then
     * TensorMap hits; a write also waits for each one's claimed pins and, with reader tracking, for the
     * first tracked reader it overlaps still pending. A producer no longer in its slot is done.
     */
    TensorAccess check(TensorView view, boolean write) {
        List<Long> producers = new ArrayList<>();
        if (view.ownerTaskId() != TaskId.INVALID) {
            producers.add(view.ownerTaskId());
        }
        tensorMap.lookup(view, (entry, producer, producerView, overlap) -> {
            if (!producers.contains(producer)) {
                producers.add(producer);
            }
        });
        for (long p : producers) {
            if (!table.kept(p)) {
                // CONSUMED behind the watermark, or its slot reused: it holds up nobody
                continue;
            }
            int r = TaskId.ring(p);
            int s = table.slot(p);
            if (table.state[r][s] == TaskState.PENDING) {
                return new TensorAccess.Waiting(p, false);
            }
            if (write && (table.fanoutRefcount[r][s] & ~TaskTable.SCOPE_BIT) < (table.fanoutCount[r][s] & ~TaskTable.SCOPE_BIT)) {
                return new TensorAccess.Waiting(p, true);
            }
        }
        if (write && tensorMap.readers() > 0) {
            long[] reading = {TaskId.INVALID};
            tensorMap.lookupReaders(view, (entry, reader, readerView, overlap) -> {
                if (reading[0] == TaskId.INVALID && table.holds(reader) && table.stateOf(reader) == TaskState.PENDING) {
                    reading[0] = reader;
                }
            });
            if (reading[0] != TaskId.INVALID) {
                return new TensorAccess.Waiting(reading[0], false);
            }
        }
        return new TensorAccess.Ready();
    }
}
