package dev.ferry.corpus;

/** 10,000 frames deep, with the work (and the captures) at the bottom and on the way back up. */
public class DeepRecursion {
    public static void main(String[] args) {
        for (int round = 0; round < 3; round++) {
            System.out.println("round " + round + " -> " + descend(10_000, round));
        }
    }

    static long descend(int depth, int round) {
        if (depth == 0) {
            long x = round;
            for (int i = 0; i < 3_000_000; i++) {
                x = x * 2862933555777941757L + 3037000493L;
            }
            return x;
        }
        long below = descend(depth - 1, round);
        return below ^ (depth * 31L);
    }
}
