package io.ptosim.bench;

import io.ptosim.runtime.DataType;
import io.ptosim.runtime.L2Runtime;
import io.ptosim.runtime.OutputSpec;
import io.ptosim.runtime.RuntimeConfig;
import io.ptosim.runtime.ScopeMode;
import io.ptosim.runtime.SubmitOutcome;
import io.ptosim.runtime.SubmitRequest;
import io.ptosim.runtime.TaskId;
import io.ptosim.runtime.TaskShape;
import io.ptosim.runtime.TensorArgType;
import io.ptosim.runtime.TensorView;
import java.util.List;

/**
 * A paged-attention-shaped submit stream for the semantics layer: scopes of 256 tasks, each task with
 * four args — two INPUT views of external buffers (one of which a task in the same scope wrote), one
 * INOUT accumulator slice, one OUTPUT — so one to two lookups hit per arg set. After each scope ends,
 * its tasks are completed and released in order, as a scheduler would, so the rings stay in steady
 * state: completions follow the ready queue, as dispatch would. {@link #task()} advances the stream by one task.
 */
public final class PagedAttentionStream {
    /** Tasks per scope. */
    public static final int SCOPE_TASKS = 256;

    private final L2Runtime runtime = new L2Runtime(RuntimeConfig.DEFAULT);
    private final TensorView[] keys = new TensorView[16];
    private final TensorView[] values = new TensorView[16];
    private final TensorView[] accumulators = new TensorView[16];
    private final OutputSpec score = new OutputSpec(DataType.FLOAT32, new int[] {16, 16}, false);
    private final long[] scopeTasks = new long[SCOPE_TASKS];
    private int inScope;
    private long tasks;

    /** A stream over 16 key, value and accumulator buffers. */
    public PagedAttentionStream() {
        for (int i = 0; i < 16; i++) {
            keys[i] = TensorView.external(0x1000_0000L + i * 0x10_0000L, DataType.BFLOAT16, 128, 128);
            values[i] = TensorView.external(0x2000_0000L + i * 0x10_0000L, DataType.BFLOAT16, 128, 128);
            accumulators[i] = TensorView.external(0x3000_0000L + i * 0x10_0000L, DataType.FLOAT32, 16, 128);
        }
        runtime.beginScope(ScopeMode.AUTO);
    }

    /** Submits the next task (closing and draining the scope every {@link #SCOPE_TASKS} tasks). */
    public void task() {
        int block = (int) (tasks & 15);
        TensorView key = keys[block].view(new int[] {16, 128}, new long[] {(tasks >> 4) & 7, 0});
        TensorView acc = accumulators[block];
        SubmitRequest req = new SubmitRequest(new int[] {1, -1, -1}, List.of(
                new SubmitRequest.TensorArg(TensorArgType.INPUT, key),
                new SubmitRequest.TensorArg(TensorArgType.INPUT, values[block]),
                new SubmitRequest.TensorArg(TensorArgType.INOUT, acc),
                new SubmitRequest.OutputArg(score)), List.of(), 1, false, false);
        SubmitOutcome o = runtime.submit(req);
        if (!(o instanceof SubmitOutcome.Submitted s)) {
            throw new IllegalStateException("paged-attention stream stalled: " + o);
        }
        scopeTasks[inScope++] = s.taskId();
        tasks++;
        if (inScope == SCOPE_TASKS) {
            runtime.endScope();
            for (long t = runtime.ready().poll(TaskShape.AIC); t != TaskId.INVALID; t = runtime.ready().poll(TaskShape.AIC)) {
                runtime.complete(t);
            }
            for (int i = 0; i < inScope; i++) {
                runtime.release(scopeTasks[i]);
            }
            inScope = 0;
            runtime.beginScope(ScopeMode.AUTO);
        }
    }

    /** Tasks submitted so far. */
    public long tasks() {
        return tasks;
    }
}
