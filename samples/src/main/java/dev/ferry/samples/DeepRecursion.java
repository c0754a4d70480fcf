package dev.ferry.samples;

/**
 * {@code DeepRecursion [DEPTH ROUNDS]}: descends DEPTH calls (default 5,000), works at the bottom —
 * ROUNDS rounds (default 8) of a hash chain, printing each — and folds a checksum on the way back
 * up. A move captures and rebuilds the whole stack, every frame with its own locals.
 */
public final class DeepRecursion {
    private DeepRecursion() {
    }

    public static void main(String[] args) {
        int depth = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        System.out.println("checksum " + Long.toHexString(descend(depth, depth, rounds)));
    }

    static long descend(int depth, int total, int rounds) {
        if (depth == 0) {
            return bottom(total, rounds);
        }
        long below = descend(depth - 1, total, rounds);
        return Long.rotateLeft(below, 7) ^ depth;
    }

    /** The work at the bottom of the stack. */
    static long bottom(int depth, int rounds) {
        long x = depth;
        for (int round = 1; round <= rounds; round++) {
            for (int i = 0; i < 20_000_000; i++) {
                x = x * 2862933555777941757L + 3037000493L;
                x ^= x >>> 29;
            }
            System.out.println("round " + round + " at depth " + depth + ": " + Long.toHexString(x));
        }
        return x;
    }
}
