/**
 * The host node level (L3, {@code l3-runtime.md}): one node drives N chips and M SUB workers.
 * {@link io.ptosim.node.NodeProgram} is an orchestration as data; {@link io.ptosim.node.NodeRuntime}
 * runs it on the {@link io.ptosim.des.EventLoop} seam, reaching chips only through
 * {@link io.ptosim.spi.ChipEndpoint}. Its parts: the {@link io.ptosim.node.NodeRing} of task ids and four
 * per-depth heap rings (§7), the {@link io.ptosim.node.NodeScope} stack (§6), the producer maps
 * ({@link io.ptosim.node.NodeTensorMap} by exact {@link io.ptosim.node.TensorKey}, V1;
 * {@link io.ptosim.node.RangedTensorMap} by byte ranges, HEAD; §4), the slot state machine of
 * {@link io.ptosim.node.NodeTask} (§5), the two-pass and directed dispatch policies (§8), and workers in
 * THREAD or PROCESS mode, the latter speaking the V1 4096-byte {@link io.ptosim.mailbox.Mailbox} (§9) with
 * its offset constants in {@link io.ptosim.mailbox.MailboxDescriptor} and the 40-byte
 * {@link io.ptosim.spi.ContinuousTensor} of the args blob.
 */
package io.ptosim.node;
