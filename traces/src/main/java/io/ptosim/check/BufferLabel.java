package io.ptosim.check;

import io.ptosim.runtime.TaskId;

/**
 * How a finding names a buffer: its base address, and its name where the program gives one (an external
 * buffer of a ptosim program) or its creator (a runtime-created output).
 *
 * @param addr the buffer's base byte address (unsigned)
 * @param owner the task that created it, or {@link TaskId#INVALID} for an external buffer
 * @param name the external buffer's name, or null
 */
public record BufferLabel(long addr, long owner, String name) {
    /** E.g. {@code a (0x100000000)}, {@code output of t3 (0x10000000000)}, {@code 0x1000}. */
    public String describe() {
        String hex = "0x" + Long.toHexString(addr);
        if (name != null) {
            return name + " (" + hex + ")";
        }
        return owner == TaskId.INVALID ? hex : "output of " + TaskId.display(owner) + " (" + hex + ")";
    }
}
