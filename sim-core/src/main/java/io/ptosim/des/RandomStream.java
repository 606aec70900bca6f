package io.ptosim.des;

/**
 * One named, seeded sequence of pseudo-random numbers: xoshiro256** (Blackman and Vigna), its state
 * filled from the stream seed by SplitMix64. Every method's algorithm is fixed here rather than
 * inherited from the JDK, and floating point goes through {@link StrictMath}, so the same seed gives
 * the same numbers on every JVM. Obtain streams from {@link RandomStreams}; not thread-safe.
 */
public final class RandomStream {
    private static final double DOUBLE_UNIT = 0x1.0p-53;

    private final String name;
    private long s0;
    private long s1;
    private long s2;
    private long s3;

    RandomStream(String name, long seed) {
        this.name = name;
        long x = seed;
        s0 = Mix.splitMix64(x += 0x9E3779B97F4A7C15L);
        s1 = Mix.splitMix64(x += 0x9E3779B97F4A7C15L);
        s2 = Mix.splitMix64(x += 0x9E3779B97F4A7C15L);
        s3 = Mix.splitMix64(x + 0x9E3779B97F4A7C15L);
    }

    /** The stream's name. */
    public String name() {
        return name;
    }

    /** A uniformly distributed 64-bit value. */
    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** A uniformly distributed 32-bit value. */
    public int nextInt() {
        return (int) (nextLong() >>> 32);
    }

    /**
     * Uniform in {@code [0, bound)}, without bias (Lemire's multiply-and-reject).
     *
     * @throws IllegalArgumentException if {@code bound <= 0}
     */
    public long nextLong(long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be > 0, got " + bound);
        }
        long x = nextLong();
        long high = Math.unsignedMultiplyHigh(x, bound);
        long low = x * bound;
        if (Long.compareUnsigned(low, bound) < 0) {
            long threshold = Long.remainderUnsigned(-bound, bound);
            while (Long.compareUnsigned(low, threshold) < 0) {
                x = nextLong();
                high = Math.unsignedMultiplyHigh(x, bound);
                low = x * bound;
            }
        }
        return high;
    }

    /**
     * Uniform in {@code [origin, bound)}.
     *
     * @throws IllegalArgumentException if {@code origin >= bound} or the range overflows a long
     */
    public long nextLong(long origin, long bound) {
        if (origin >= bound) {
            throw new IllegalArgumentException("origin " + origin + " must be < bound " + bound);
        }
        long span = bound - origin;
        if (span <= 0) {
            throw new IllegalArgumentException("range [" + origin + ", " + bound + ") is wider than a long");
        }
        return origin + nextLong(span);
    }

    /**
     * Uniform in {@code [0, bound)}.
     *
     * @throws IllegalArgumentException if {@code bound <= 0}
     */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be > 0, got " + bound);
        }
        return (int) nextLong(bound);
    }

    /** Uniform in {@code [origin, bound)}. */
    public int nextInt(int origin, int bound) {
        return (int) nextLong(origin, bound);
    }

    /** Uniform in {@code [0, 1)} with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * DOUBLE_UNIT;
    }

    /** True with probability 1/2. */
    public boolean nextBoolean() {
        return nextLong() < 0;
    }

    /** True with probability {@code p} (clamped to [0, 1]). */
    public boolean nextBoolean(double p) {
        return nextDouble() < p;
    }

    /**
     * Exponentially distributed with the given mean, by inversion.
     *
     * @throws IllegalArgumentException if {@code mean} is not a positive finite number
     */
    public double nextExponential(double mean) {
        if (!(mean > 0) || Double.isInfinite(mean)) {
            throw new IllegalArgumentException("mean must be a positive finite number, got " + mean);
        }
        return -mean * StrictMath.log1p(-nextDouble());
    }

    /** Standard normal, by the Box-Muller transform (one value per two draws). */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble();
        double u2 = nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * Math.PI * u2);
    }

    /** Shuffles {@code values} in place (Fisher-Yates). */
    public void shuffle(int[] values) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int v = values[i];
            values[i] = values[j];
            values[j] = v;
        }
    }
}
