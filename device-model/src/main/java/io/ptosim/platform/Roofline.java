package io.ptosim.platform;

import io.ptosim.kernel.CoreType;
import io.ptosim.kernel.Work;

/**
 * A block's compute time from physics: the core's clock and its units' widths (platform keys
 * {@code core.clockGhz}, {@code core.aic.l0BytesPerCycle}, {@code core.aiv.bytesPerCycle}), applied to
 * the block's {@link Work}. Memory time is not here: global-memory bytes go through the chip's shared
 * HBM model.
 *
 * <p>The cube (AIC) multiplies fractals: a 16×k0 by k0×16 step per cycle, where k0 = 32 bytes / the
 * element size (16 for fp16/bf16, 8 for fp32, 32 for int8), i.e. 4096 fp16 multiply-adds per cycle. A
 * tile m×k by k×n takes ceil(m/16)·ceil(n/16)·ceil(k/k0) such cycles if its operands are in L0; but
 * every fractal of A and B (512 bytes) must first be loaded from L1 into L0A/L0B at
 * {@code core.aic.l0BytesPerCycle}. With the output-stationary order, A's fractals are loaded once and
 * B's once, and each B fractal serves ceil(m/16) row fractals: that is the operand reuse, and why a
 * 16-row tile cannot keep the cube busy (it loads one B fractal per multiply) while a 64-row tile can.
 * The tile's time is the larger of its multiply cycles and its load cycles; partial fractals cost whole
 * ones. Untiled AIC work runs at the cube's peak. The vector unit (AIV) does
 * {@code core.aiv.bytesPerCycle / element size} element operations per cycle.
 */
public final class Roofline {
    /** Bytes of one cube fractal operand (16 × k0 elements). */
    static final int FRACTAL_BYTES = 512;

    private final double clockGhz;
    private final double l0BytesPerCycle;
    private final double vectorBytesPerCycle;

    /** The roofline of {@code platform}'s cores. */
    public Roofline(Platform platform) {
        this(positive(platform, "core.clockGhz"), positive(platform, "core.aic.l0BytesPerCycle"),
                positive(platform, "core.aiv.bytesPerCycle"));
    }

    Roofline(double clockGhz, double l0BytesPerCycle, double vectorBytesPerCycle) {
        this.clockGhz = clockGhz;
        this.l0BytesPerCycle = l0BytesPerCycle;
        this.vectorBytesPerCycle = vectorBytesPerCycle;
    }

    private static double positive(Platform p, String key) {
        double v = p.value(key);
        if (v <= 0) {
            throw new PlatformException("platform " + p.name() + ": " + key + " = " + v + "; expected > 0");
        }
        return v;
    }

    /** The cube's reduction depth per fractal for elements of {@code bytes} bytes. */
    static int k0(int bytes) {
        return Math.max(1, 32 / bytes);
    }

    /** Cycles of one tile on the cube: the larger of its multiply cycles and its L1-to-L0 load cycles. */
    double tileCycles(Work.Tile t, int elementBytes) {
        int k0 = k0(elementBytes);
        long mf = ceilDiv(t.m(), 16);
        long nf = ceilDiv(t.n(), 16);
        long kf = ceilDiv(t.k(), k0);
        double macCycles = (double) mf * nf * kf;
        double loadCycles = (double) (mf * kf + nf * kf) * FRACTAL_BYTES / l0BytesPerCycle;
        return Math.max(macCycles, loadCycles);
    }

    /** The fraction of the cube's peak a tile reaches (1 when neither partial fractals nor loads slow it). */
    public double tileEfficiency(Work.Tile t, int elementBytes) {
        int k0 = k0(elementBytes);
        return t.macs() / (tileCycles(t, elementBytes) * 256.0 * k0);
    }

    /** Compute picoseconds of {@code w} on a core of {@code type}. */
    public double computePs(CoreType type, Work w) {
        if (w.flops() == 0) {
            return 0;
        }
        int bytes = w.dtype().bytes();
        double cycles;
        if (type == CoreType.AIC) {
            if (w.tile().present()) {
                double repeats = w.flops() / (2 * w.tile().macs());
                cycles = repeats * tileCycles(w.tile(), bytes);
            } else {
                cycles = w.flops() / (2.0 * 256 * k0(bytes));
            }
        } else {
            cycles = w.flops() / (vectorBytesPerCycle / bytes);
        }
        return cycles / clockGhz * 1000;
    }

    /** The cube's peak in FLOP/s per core for elements of {@code bytes} bytes. */
    public double cubePeakFlops(int bytes) {
        return 2.0 * 256 * k0(bytes) * clockGhz * 1e9;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
