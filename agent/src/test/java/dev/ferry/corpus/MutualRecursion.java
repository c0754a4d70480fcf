package dev.ferry.corpus;

/** Mutual recursion through an interface's default and static methods, 4,000 frames deep. */
public class MutualRecursion {
    interface Parity {
        default boolean even(int n) {
            return n == 0 || odd(n - 1);
        }

        default boolean odd(int n) {
            if (n % 500 == 0) {
                MutualRecursion.spin(n);
            }
            return n != 0 && even(n - 1);
        }

        static Parity create() {
            return new Parity() { };
        }
    }

    public static void main(String[] args) {
        Parity p = Parity.create();
        for (int i = 3990; i < 4010; i++) {
            System.out.println(i + " even=" + p.even(i));
        }
    }

    static long spin(int seed) {
        long x = seed;
        for (int i = 0; i < 10_000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x;
    }
}
