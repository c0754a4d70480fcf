package dev.ferry.corpus;

/** Captures inside try, catch and finally blocks; exceptions thrown (and caught up the stack) after a resume. */
public class TryCatchFinally {
    public static void main(String[] args) {
        long sum = 0;
        for (int round = 0; round < 30; round++) {
            try {
                sum += guarded(round);
            } catch (IllegalStateException e) {
                sum -= work(round);
                System.out.println("caught " + e.getMessage() + " " + sum);
            } finally {
                sum ^= work(3);
                System.out.println("finally " + round + " " + sum);
            }
        }
        try {
            nested(3);
        } catch (RuntimeException e) {
            System.out.println("outer caught " + e.getMessage());
        }
    }

    static long guarded(int round) {
        long v = work(round);
        try {
            if (round % 3 == 0) {
                throw new IllegalStateException("round " + round + " v " + v);
            }
            return v + work(round + 1);
        } finally {
            v = work(round + 2);
            System.out.println("inner finally " + v);
        }
    }

    static void nested(int depth) {
        try {
            if (depth == 0) {
                work(10);
                throw new RuntimeException("from the bottom after " + work(11));
            }
            nested(depth - 1);
        } finally {
            System.out.println("unwinding " + depth + " " + work(depth));
        }
    }

    static long work(int seed) {
        long x = seed;
        for (int i = 0; i < 150_000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x & 0xffff;
    }
}
