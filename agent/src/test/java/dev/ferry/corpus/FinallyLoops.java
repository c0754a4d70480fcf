package dev.ferry.corpus;

/** Loops and calls inside finally and catch blocks; break/continue/return crossing finally. */
public class FinallyLoops {
    static int finallies;

    public static void main(String[] args) {
        long acc = 0;
        outer:
        for (int i = 0; i < 40; i++) {
            try {
                try {
                    if (i % 5 == 0) {
                        throw new IllegalArgumentException("five " + i);
                    }
                    if (i % 7 == 0) {
                        continue;
                    }
                    if (i == 37) {
                        break outer;
                    }
                    acc += work(i);
                } catch (IllegalArgumentException e) {
                    for (int k = 0; k < 3; k++) { // a loop inside a catch block
                        acc ^= work(k + i);
                    }
                } finally {
                    for (int k = 0; k < 2; k++) { // and inside a finally block
                        acc += work(i * 3 + k) % 7;
                    }
                    finallies++;
                }
            } finally {
                acc = acc * 31 + finallies;
            }
            System.out.println(i + " " + acc + " " + finallies + " " + early(i));
        }
        System.out.println("done " + acc + " " + finallies);
    }

    static int early(int i) {
        try {
            if (i % 2 == 0) {
                return (int) (work(i) % 100);
            }
            return -1;
        } finally {
            finallies += (int) (work(1) % 2);
        }
    }

    static long work(int seed) {
        long x = seed;
        for (int i = 0; i < 12_000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x >>> 44;
    }
}
