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
 * four args — an INPUT key block (16 rows of a 128 x 128 buffer), an INPUT value buffer, an INOUT
 * accumulator and an OUTPUT score tile — over 16 blocks. So three lookups per task: the key and value
 * buffers are never written and hit nothing; the accumulator's lookup hits its previous writer (COVERED,
 * so that entry is replaced by this task's). After each scope ends, its tasks are completed and released
 * in order, as a scheduler would, so the rings stay in steady state: completions follow the ready queue,
 * as dispatch would. {@link #task()} advances the stream by one task.
 *
 * <p>The stream repeats 128 distinct requests (16 blocks x 8 key offsets), so they are built once up
 * front, as a fixed program's would be; every task still goes through the whole {@code submit},
 * {@code complete} and {@code release} path.
 */
public final class PagedAttentionStream {
    /** Tasks per scope. */
    public static final int SCOPE_TASKS = 256;
    private static final int BLOCKS = 16;
    private static final int KEY_OFFSETS = 8;

    private final L2Runtime runtime = new L2Runtime(RuntimeConfig.DEFAULT);
    private final SubmitRequest[] requests = new SubmitRequest[BLOCKS * KEY_OFFSETS];
    private final long[] scopeTasks = new long[SCOPE_TASKS];
    private int inScope;
    private long tasks;

    /** A stream over 16 key, value and accumulator buffers. */
    public PagedAttentionStream() {
        OutputSpec score = new OutputSpec(DataType.FLOAT32, new int[] {16, 16}, false);
        for (int block = 0; block < BLOCKS; block++) {
            TensorView keys = TensorView.external(0x1000_0000L + block * 0x10_0000L, DataType.BFLOAT16, 128, 128);
            TensorView values = TensorView.external(0x2000_0000L + block * 0x10_0000L, DataType.BFLOAT16, 128, 128);
            TensorView acc = TensorView.external(0x3000_0000L + block * 0x10_0000L, DataType.FLOAT32, 16, 128);
            for (int offset = 0; offset < KEY_OFFSETS; offset++) {
                TensorView key = keys.view(new int[] {16, 128}, new long[] {offset, 0});
                requests[offset * BLOCKS + block] = new SubmitRequest(new int[] {1, -1, -1}, List.of(
                        new SubmitRequest.TensorArg(TensorArgType.INPUT, key),
                        new SubmitRequest.TensorArg(TensorArgType.INPUT, values),
                        new SubmitRequest.TensorArg(TensorArgType.INOUT, acc),
                        new SubmitRequest.OutputArg(score)), List.of(), 1, false, false);
            }
        }
        runtime.beginScope(ScopeMode.AUTO);
    }

    /** The request of task {@code n} of the stream: block {@code n mod 16}, key offset {@code (n / 16) mod 8}. */
    SubmitRequest request(long n) {
        return requests[(int) (n & (BLOCKS * KEY_OFFSETS - 1))];
    }

    /** The runtime the stream drives. */
    L2Runtime runtime() {
        return runtime;
    }

    /** Submits the next task (closing and draining the scope every {@link #SCOPE_TASKS} tasks). */
    public void task() {
        SubmitOutcome o = runtime.submit(request(tasks));
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
