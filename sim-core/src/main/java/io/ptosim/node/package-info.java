/**
 * The host node level (L3, {@code l3-runtime.md}): what passes between the node and its workers. So
 * far the V1 mailbox (spec §9.2): its 4096-byte frame as offset constants ({@link
 * io.ptosim.node.MailboxDescriptor}), the 40-byte {@link io.ptosim.node.ContinuousTensor} of the args
 * blob, and the task and control protocol over a {@link java.nio.ByteBuffer} ({@link
 * io.ptosim.node.Mailbox}).
 */
package io.ptosim.node;
