package dev.ferry.corpus;

/** Labeled break/continue, do-while, ternaries with calls on both arms, short-circuit conditions with calls. */
public class ControlFlow {
    public static void main(String[] args) {
        long acc = 0;
        outer:
        for (int i = 0; i < 40; i++) {
            int j = 0;
            do {
                if ((i + j) % 7 == 3) {
                    j++;
                    continue;
                }
                if (i * j > 600) {
                    continue outer;
                }
                acc += (i % 2 == 0 ? work(i + j) : -work(j)) + (test(i) && test(j) ? 1 : 0);
                j++;
            } while (j < 4);
            inner:
            while (true) {
                for (int k = 0; k < 3; k++) {
                    if (k == 2 || work(k) < 0) {
                        break inner;
                    }
                    acc ^= work(k + i);
                }
            }
            System.out.println(i + " " + acc);
        }
    }

    static boolean test(int x) {
        return work(x) % 3 == 0;
    }

    static long work(int seed) {
        long x = seed;
        for (int i = 0; i < 15_000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x >>> 40;
    }
}
