/**
 * The host node level (L3, {@code l3-runtime.md}): what passes between the node and its workers. So
 * far the V1 mailbox (spec §9.2): its 4096-byte frame as offset constants ({@link
 * io.ptosim.node.MailboxDescriptor}), the 40-byte {@link io.ptosim.node.ContinuousTensor} of the args
 * blob, and the task and control protocol over a {@link java.nio.ByteBuffer} ({@link
 * io.ptosim.node.Mailbox}). The node's own bookkeeping: the {@link io.ptosim.node.NodeRing} of task ids and
 * four per-depth heap rings (§7, with a blocking alloc in virtual time), the {@link io.ptosim.node.NodeScope}
 * stack (§6) and the {@link io.ptosim.node.NodeTensorMap} of producers by {@link io.ptosim.node.TensorKey}
 * (§4), whose erase rule follows {@link io.ptosim.node.Compat}.
 */
package io.ptosim.node;
