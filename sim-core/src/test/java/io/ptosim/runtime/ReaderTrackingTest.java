package io.ptosim.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reader-tracking what-if (simpler issue #1388, PR #1810) on {@link L2Runtime}, the dep-gen replay
 * and the TensorMap: TRACKED_INPUT readers, {@code tensorMap.trackReaders}, and what stays as it was.
 */
class ReaderTrackingTest {
    /** A buffer of 4 rows of 16 floats. */
    private static final TensorView BUF = TensorView.external(0x9000, DataType.FLOAT32, 4, 16);
    private static final TensorView ROWS_0_1 = BUF.view(new int[] {2, 16}, new long[] {0, 0});
    private static final TensorView ROWS_2_3 = BUF.view(new int[] {2, 16}, new long[] {2, 0});
    private static final RuntimeConfig SMALL = RuntimeConfig.uniform(16, 4096, 64);

    private L2Runtime rt = new L2Runtime(SMALL);

    private static SubmitRequest task(TensorArgType type, TensorView v) {
        return new SubmitRequest(new int[] {0, -1, -1}, List.of(new SubmitRequest.TensorArg(type, v)), List.of(), 1,
                false, false);
    }

    private long submit(TensorArgType type, TensorView v) {
        SubmitOutcome o = rt.submit(task(type, v));
        assertThat(o).isInstanceOf(SubmitOutcome.Submitted.class);
        return ((SubmitOutcome.Submitted) o).taskId();
    }

    /** The loop-carried buffer of issue #1306: W0 INOUT, R0 reads, W1 INOUT; W1's predecessors. */
    private List<Long> loopCarried(TensorArgType read) {
        long w0 = submit(TensorArgType.INOUT, BUF);
        long r0 = submit(read, BUF);
        long w1 = submit(TensorArgType.INOUT, BUF);
        assertThat(rt.faninProducers(r0)).containsExactly(w0);
        return Arrays.stream(rt.faninProducers(w1)).boxed().toList();
    }

    @Test
    void aTrackedReaderIsWaitedForByTheNextWriterAndAPlainInputIsNot() {
        assertThat(loopCarried(TensorArgType.TRACKED_INPUT)).containsExactly(TaskId.of(0, 0), TaskId.of(0, 1));
        assertThat(rt.readerEdges()).isEqualTo(1);
        assertThat(rt.readerInserts()).isEqualTo(1);
        rt = new L2Runtime(SMALL);
        assertThat(loopCarried(TensorArgType.INPUT)).containsExactly(TaskId.of(0, 0));
        assertThat(rt.readerEdges()).isZero();
        assertThat(rt.tensorMap().readers()).isZero();
    }

    @Test
    void trackReadersTracksEveryInput() {
        rt = new L2Runtime(SMALL.withTrackReaders(true));
        assertThat(loopCarried(TensorArgType.INPUT)).containsExactly(TaskId.of(0, 0), TaskId.of(0, 1));
    }

    @Test
    void readersStayConcurrentAndEveryLaterOverlappingWriterWaitsForEachLiveOne() {
        long r0 = submit(TensorArgType.TRACKED_INPUT, BUF);
        long r1 = submit(TensorArgType.TRACKED_INPUT, ROWS_0_1);
        assertThat(rt.faninProducers(r1)).isEmpty();
        long overwrite = submit(TensorArgType.OUTPUT_EXISTING, ROWS_2_3);
        assertThat(rt.faninProducers(overwrite)).as("r1's rows do not overlap").containsExactly(r0);
        long update = submit(TensorArgType.INOUT, BUF);
        assertThat(rt.faninProducers(update)).containsExactlyInAnyOrder(r0, r1, overwrite);
        assertThat(rt.readerEdges()).isEqualTo(3);
        assertThat(rt.tensorMap().readers()).as("the whole-buffer update covered both readers").isZero();
        long next = submit(TensorArgType.INOUT, BUF);
        assertThat(rt.faninProducers(next)).as("ordered after the readers through the update").containsExactly(update);
    }

    @Test
    void aWriterThatOnlyOverlapsAReaderLeavesItForTheNextWriter() {
        long r = submit(TensorArgType.TRACKED_INPUT, BUF);
        long first = submit(TensorArgType.INOUT, ROWS_0_1);
        long second = submit(TensorArgType.OUTPUT_EXISTING, ROWS_2_3);
        assertThat(rt.faninProducers(first)).containsExactly(r);
        assertThat(rt.faninProducers(second)).containsExactly(r);
        assertThat(rt.tensorMap().readers()).isEqualTo(1);
    }

    @Test
    void aManualDepReaderOrWriterTracksNothing() {
        TensorView manual = new TensorView(0x9000, BUF.bufferSize(), DataType.FLOAT32, new int[] {4, 16},
                new long[] {16, 1}, 0, 0, TaskId.INVALID, true);
        submit(TensorArgType.TRACKED_INPUT, manual);
        assertThat(rt.tensorMap().readers()).isZero();
        long r = submit(TensorArgType.TRACKED_INPUT, BUF);
        assertThat(rt.faninProducers(submit(TensorArgType.INOUT, manual))).isEmpty();
        assertThat(rt.faninProducers(submit(TensorArgType.INOUT, BUF))).contains(r);
    }

    @Test
    void aManualScopeTracksNoReaders() {
        rt.beginScope(ScopeMode.MANUAL);
        submit(TensorArgType.TRACKED_INPUT, BUF);
        assertThat(rt.faninProducers(submit(TensorArgType.INOUT, BUF))).isEmpty();
        assertThat(rt.tensorMap().readers()).isZero();
    }

    @Test
    void setTensorDataWaitsForATrackedReaderToCompleteAndGetTensorDataDoesNot() {
        long r = submit(TensorArgType.TRACKED_INPUT, ROWS_2_3);
        assertThat(rt.tensorAccess(BUF, false)).isInstanceOf(TensorAccess.Ready.class);
        assertThat(rt.tensorAccess(ROWS_0_1, true)).isInstanceOf(TensorAccess.Ready.class);
        assertThat(rt.tensorAccess(BUF, true)).isEqualTo(new TensorAccess.Waiting(r, false));
        rt.ready().remove(r);
        rt.complete(r);
        assertThat(rt.tensorAccess(BUF, true)).isInstanceOf(TensorAccess.Ready.class);
    }

    @Test
    void aReaderEntryTakesAPoolEntryAndGoesWhenItsTaskRetires() {
        rt = new L2Runtime(SMALL.withTensorMapPool(1));
        rt.beginScope(ScopeMode.AUTO);
        long r = submit(TensorArgType.TRACKED_INPUT, BUF);
        rt.endScope();
        assertThat(rt.tensorMap().used()).isEqualTo(1);
        SubmitOutcome blocked = rt.submit(task(TensorArgType.TRACKED_INPUT, BUF));
        assertThat(blocked).isInstanceOf(SubmitOutcome.Blocked.class);
        assertThat(((SubmitOutcome.Blocked) blocked).code()).isEqualTo(ErrorCode.TENSORMAP_OVERFLOW);
        rt.ready().remove(r);
        rt.complete(r);
        rt.release(r);
        assertThat(rt.state(r)).isEqualTo(TaskState.CONSUMED);
        long next = submit(TensorArgType.INOUT, BUF);
        assertThat(rt.faninProducers(next)).isEmpty();
        assertThat(rt.tensorMap().readers()).isZero();
    }

    @Test
    void theReplayAddsOneReaderEdgePerTrackedOverlapAfterTheDefaultEdges() {
        SubmitRecord w0 = record(0, TensorArgType.INOUT, BUF);
        SubmitRecord r0 = record(1, TensorArgType.INPUT, BUF);
        SubmitRecord r1 = record(2, TensorArgType.TRACKED_INPUT, ROWS_0_1);
        SubmitRecord w1 = record(3, TensorArgType.INOUT, ROWS_2_3);
        List<SubmitRecord> submits = List.of(w0, r0, r1, w1);
        List<DepEdge> plain = DependencyReplay.edgesOf(submits);
        assertThat(plain).extracting(e -> TaskId.display(e.pred()) + ">" + TaskId.display(e.succ()) + " " + e.source())
                .containsExactly("t0>t1 TENSORMAP", "t0>t2 TENSORMAP", "t0>t3 TENSORMAP");
        List<DepEdge> all = DependencyReplay.edgesOf(submits, true);
        assertThat(all).extracting(e -> TaskId.display(e.pred()) + ">" + TaskId.display(e.succ()) + " " + e.source())
                .containsExactly("t0>t1 TENSORMAP", "t0>t2 TENSORMAP", "t0>t3 TENSORMAP",
                        "t1>t3 TENSORMAP_READER");
        assertThat(all.get(3).overlap()).isEqualTo(Overlap.OTHER);
        assertThat(all.get(3).retains()).isFalse();
        assertThat(DependencyReplay.replay(submits, new ReferenceTensorMap(), true)).isEqualTo(all);
        assertThat(DependencyReplay.replay(submits, new TensorMap(1, 16, new int[] {4, 4, 4, 4}), true)).isEqualTo(all);
    }

    private static SubmitRecord record(int local, TensorArgType type, TensorView v) {
        return new SubmitRecord(TaskId.of(0, local), false, List.of(), List.of(new TaskArg(type, v)),
                new int[] {0, -1, -1}, 1, false);
    }

    @Test
    void theTensorMapKeepsReadersApartFromWrites() {
        TensorMap map = new TensorMap(1, 8, new int[] {4, 4, 4, 4});
        int w = map.insert(ROWS_0_1, TaskId.of(0, 0));
        int r = map.insertReader(BUF, TaskId.of(0, 1));
        List<Integer> writes = new ArrayList<>();
        map.lookup(BUF, (entry, p, v, o) -> writes.add(entry));
        List<Integer> reads = new ArrayList<>();
        map.lookupReaders(ROWS_2_3, (entry, p, v, o) -> reads.add(entry));
        assertThat(writes).containsExactly(w);
        assertThat(reads).containsExactly(r);
        assertThat(map.readers()).isEqualTo(1);
        map.setValidity(0, 2);
        reads.clear();
        map.lookupReaders(BUF, (entry, p, v, o) -> reads.add(entry));
        assertThat(reads).as("a reader whose task retired is stale").isEmpty();
        assertThat(map.cleanupRetired(0, 0, 2)).isEqualTo(2);
        assertThat(map.readers()).isZero();
        assertThat(map.used()).isZero();
    }
}
