package dev.ferry.corpus;

/**
 * A loop that makes no call and touches no volatile: nothing in its body stops the JIT from
 * hoisting a plain read of a flag out of it. It runs long enough to be compiled by C2 (hundreds of
 * calls of a million iterations each), says "ready", and then runs the same compiled loop for good.
 * A capture or kill of it is seen only if the safepoint at its back-edge cannot be hoisted.
 * {@code TightLoop [seed]} — each task can take its own seed, so tasks are told apart by their state.
 */
public final class TightLoop {
    private TightLoop() {
    }

    public static void main(String[] args) {
        long seed = args.length > 0 ? Long.parseLong(args[0]) : 1;
        long x = seed;
        long deadline = System.nanoTime() + 300_000_000L; // warm-up: C2 compiles spin well within this
        for (int i = 0; i < 100 || System.nanoTime() < deadline; i++) {
            x = spin(x, 1_000_000);
        }
        System.out.println("ready");
        x = spin(x, Long.MAX_VALUE);
        System.out.println("never " + x);
    }

    /** {@code n} steps of a 64-bit LCG, or until it reaches 0 (which takes longer than the test). */
    static long spin(long x, long n) {
        for (long i = 0; i < n; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            if (x == 0) {
                break;
            }
        }
        return x;
    }
}
