package io.ptosim.program;

import io.ptosim.runtime.ScopeMode;
import io.ptosim.runtime.DataType;
import io.ptosim.runtime.Strides;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Records a {@link Program} with calls that read like a simpler orchestration:
 *
 * <pre>{@code
 * Orchestration orch = new Orchestration("qk");
 * Tensor q = orch.external("q", 0x1000_0000L, BFLOAT16, 16, 128);
 * orch.scope(ScopeMode.MANUAL, () -> {
 *     Task t = orch.submitAic(QK, args().input(q).output(FLOAT32, 16, 16));
 *     orch.submitAiv(SOFTMAX, args().input(t.output(0)).dep(t));
 * });
 * Program p = orch.build();
 * }</pre>
 */
public final class Orchestration {
    private final String name;
    private final List<ExternalBuffer> externals = new ArrayList<>();
    private final List<Op> ops = new ArrayList<>();

    /** Starts recording a program called {@code name}. */
    public Orchestration(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** Declares a row-major external buffer of exactly {@code shape} at {@code addr}; returns its whole view. */
    public Tensor external(String bufferName, long addr, DataType dtype, int... shape) {
        long bytes = Math.multiplyExact(Strides.numel(shape), (long) dtype.bytes());
        externals.add(new ExternalBuffer(bufferName, addr, bytes, dtype));
        return Tensor.rowMajor(new BufferRef.External(externals.size() - 1), dtype, shape);
    }

    /** Runs {@code body} inside a scope of the given mode. */
    public void scope(ScopeMode mode, Runnable body) {
        ops.add(new Op.ScopeBegin(mode));
        body.run();
        ops.add(new Op.ScopeEnd());
    }

    /** Opens a scope; pair with {@link #endScope()}. */
    public void beginScope(ScopeMode mode) {
        ops.add(new Op.ScopeBegin(mode));
    }

    /** Closes the innermost scope. */
    public void endScope() {
        ops.add(new Op.ScopeEnd());
    }

    /** Submits a task running {@code kernel} on an AIC core. */
    public Task submitAic(int kernel, Args args) {
        return submit(new int[] {kernel, -1, -1}, args);
    }

    /** Submits a task running {@code kernel} on an AIV core. */
    public Task submitAiv(int kernel, Args args) {
        return submit(new int[] {-1, kernel, -1}, args);
    }

    /** Submits a mixed task: {@code aic}, {@code aiv0}, {@code aiv1} kernels, -1 for an unused subslot. */
    public Task submitMixed(int aic, int aiv0, int aiv1, Args args) {
        return submit(new int[] {aic, aiv0, aiv1}, args);
    }

    /** Submits a dependency-only task that never runs a kernel. */
    public Task submitDummy(Args args) {
        return submit(new int[] {-1, -1, -1}, args);
    }

    private Task submit(int[] kernels, Args a) {
        int op = ops.size();
        ops.add(new Op.Submit(kernels, a.args, a.deps, a.blockNum, a.requireSyncStart, a.earlyResolve));
        List<Tensor> outputs = new ArrayList<>();
        for (Arg arg : a.args) {
            if (arg instanceof Arg.OutputArg o) {
                outputs.add(Tensor.rowMajor(new BufferRef.Output(op, outputs.size()), o.dtype(), o.shape())
                        .manualDep(o.manualDep()));
            }
        }
        return new Task(op, outputs);
    }

    /** The hidden allocation task: one contiguous buffer per spec, completed at once. */
    public Task allocTensors(Arg.OutputArg... outputs) {
        int op = ops.size();
        ops.add(new Op.AllocTensors(List.of(outputs)));
        List<Tensor> tensors = new ArrayList<>();
        for (int i = 0; i < outputs.length; i++) {
            tensors.add(Tensor.rowMajor(new BufferRef.Output(op, i), outputs[i].dtype(), outputs[i].shape())
                    .manualDep(outputs[i].manualDep()));
        }
        return new Task(op, tensors);
    }

    /** MANUAL_HYBRID: orders {@code producer} before {@code consumer}. */
    public void addDependency(Task producer, Task consumer) {
        ops.add(new Op.AddDependency(producer.op(), consumer.op()));
    }

    /** {@code get_tensor_data}: waits for the tensor's producers, then reads the element at {@code indices}. */
    public void getTensorData(Tensor tensor, long... indices) {
        ops.add(new Op.GetTensorData(tensor, indices));
    }

    /**
     * {@code set_tensor_data}: waits for the tensor's producers and their consumers, then writes
     * {@code value}'s low element-size bytes at {@code indices}.
     */
    public void setTensorData(Tensor tensor, long value, long... indices) {
        ops.add(new Op.SetTensorData(tensor, indices, value));
    }

    /**
     * The recorded program, validated.
     *
     * @throws ProgramException naming the first broken rule
     */
    public Program build() {
        return new Program(name, externals, ops).validate();
    }
}
