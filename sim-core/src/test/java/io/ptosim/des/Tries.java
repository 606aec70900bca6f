package io.ptosim.des;

/** How many seeds a seeded property test runs: {@code -Dptosim.tries} (raised by {@code -Pdeep}). */
final class Tries {
    private Tries() {
    }

    static int count(int fallback) {
        return Integer.getInteger("ptosim.tries", fallback);
    }
}
