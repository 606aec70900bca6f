package io.ptosim.platform;

/**
 * What the node's host sees of one chip, from a platform's {@code node.*} keys: host-device copy
 * latency and bandwidth, device malloc/free and per-task launch costs, device memory capacity, whether
 * host-device shared memory exists, and whether chip tasks run functionally. The figures are
 * plausible PCIe-class values, not calibrated (perf-anchors.md has no host-device copy figures).
 *
 * @param copyLatencyNs fixed cost of one host-device copy ({@code node.copyLatencyNs})
 * @param copyBytesPerNs host-device bandwidth in bytes per ns = GB/s ({@code node.copyBytesPerNs}, > 0)
 * @param mallocNs one device malloc, and one shared-memory malloc ({@code node.mallocNs})
 * @param freeNs one device free, and one shared-memory free ({@code node.freeNs})
 * @param launchNs fixed cost of one chip task around the chip's own run ({@code node.launchNs})
 * @param deviceMemoryBytes device memory the endpoint's allocator hands out ({@code node.deviceMemoryBytes})
 * @param hostDeviceShareMem whether the platform maps host memory for kernels ({@code node.hostDeviceShareMem})
 * @param functional whether chip tasks run kernel bodies and move bytes; false: timing only, same times
 *     ({@code node.functional}, a run mode rather than a hardware figure)
 */
public record NodeModel(long copyLatencyNs, double copyBytesPerNs, long mallocNs, long freeNs, long launchNs,
        long deviceMemoryBytes, boolean hostDeviceShareMem, boolean functional) {
    NodeModel(Platform p) {
        this(p.wholeNs("node.copyLatencyNs"), positive(p, "node.copyBytesPerNs"), p.wholeNs("node.mallocNs"),
                p.wholeNs("node.freeNs"), p.wholeNs("node.launchNs"), whole(p, "node.deviceMemoryBytes"),
                p.flag("node.hostDeviceShareMem"), p.flag("node.functional"));
    }

    /** One copy of {@code bytes}: the latency plus the bytes at the bandwidth, rounded up to a ns. */
    public long copyNs(long bytes) {
        return copyLatencyNs + (long) Math.ceil(bytes / copyBytesPerNs);
    }

    private static long whole(Platform p, String key) {
        double v = p.value(key);
        if (v != Math.rint(v) || v >= 0x1p62) {
            throw new PlatformException("platform " + p.name() + ": " + key + " = " + v + "; expected a whole number");
        }
        return (long) v;
    }

    private static double positive(Platform p, String key) {
        double v = p.value(key);
        if (v <= 0) {
            throw new PlatformException("platform " + p.name() + ": " + key + " = " + v + "; expected > 0");
        }
        return v;
    }
}
