package io.ptosim.program;

/** The buffer a symbolic tensor views: an external buffer, or an output of an earlier op. */
public sealed interface BufferRef permits BufferRef.External, BufferRef.Output {

    /**
     * The program's {@code index}-th external buffer.
     *
     * @param index index into {@link Program#externals()}
     */
    record External(int index) implements BufferRef {
    }

    /**
     * The {@code output}-th OUTPUT of the submit or alloc_tensors at op {@code op}.
     *
     * @param op the op index
     * @param output which of its outputs, in arg order
     */
    record Output(int op, int output) implements BufferRef {
    }
}
