/**
 * The V1 worker mailbox (l3-runtime.md §9.2): the 4096-byte frame's layout
 * ({@link io.ptosim.mailbox.MailboxDescriptor}), its states and control sub-commands, and the codec
 * both sides speak ({@link io.ptosim.mailbox.Mailbox}). The node level's PROCESS mode runs it in
 * simulated memory; the hardware backend runs the same frames in a file shared with a chip-worker
 * process. It imports only the wire types of {@link io.ptosim.spi}.
 */
package io.ptosim.mailbox;
