package io.ptosim.runtime;

/** Which cores a task needs, from its kernel ids (spec §3.3). */
public enum TaskShape {
    /** One AIC core. */
    AIC,
    /** One AIV core. */
    AIV,
    /** Several cores of one cluster. */
    MIX,
    /** No core: dependency only. */
    DUMMY;

    /** The shape of kernel ids {@code [aic, aiv0, aiv1]} (-1 = unused). */
    public static TaskShape of(int[] kernelIds) {
        int mask = (kernelIds[0] >= 0 ? 1 : 0) | (kernelIds[1] >= 0 ? 2 : 0) | (kernelIds[2] >= 0 ? 4 : 0);
        return switch (Integer.bitCount(mask)) {
            case 0 -> DUMMY;
            case 1 -> mask == 1 ? AIC : AIV;
            default -> MIX;
        };
    }

    /** Subtasks per block: the number of cores it uses. */
    public static int coresOf(int[] kernelIds) {
        int n = 0;
        for (int k : kernelIds) {
            n += k >= 0 ? 1 : 0;
        }
        return n;
    }
}
