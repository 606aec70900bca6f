package io.ptosim.des;

/** 64-bit mixing functions shared by the digest and the random streams. */
final class Mix {
    private Mix() {
    }

    /** The MurmurHash3 64-bit finaliser: a bijection with full avalanche. */
    static long fmix64(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    /** The SplitMix64 output function (Stafford's variant 13). */
    static long splitMix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
