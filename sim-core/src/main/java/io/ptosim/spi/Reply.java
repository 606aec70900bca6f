package io.ptosim.spi;

/**
 * The asynchronous answer to a {@link ChipEndpoint} call, delivered on the node's event loop: exactly one
 * of {@link #ok} or {@link #failed} is called, once.
 *
 * @param <T> what a successful call returns
 */
public interface Reply<T> {
    /** The call succeeded with {@code value}. */
    void ok(T value);

    /** The call failed with the runtime's non-zero {@code code} and a message naming what failed. */
    void failed(int code, String message);
}
