package dev.ferry.corpus;

/**
 * Calls deep inside expressions: compound assignments to array elements and fields (array, index
 * and old value pending below the call), varargs arrays being filled, string switches on colliding
 * hash codes, and every small primitive type.
 */
public class Expressions {
    long field = 3;
    final long[] cells = new long[8];

    public static void main(String[] args) {
        new Expressions().run();
    }

    void run() {
        byte b = 3;
        short s = 300;
        char c = 'x';
        float f = 0.25f;
        int[] ints = {1, 2, 3, 4};
        for (int i = 0; i < 60; i++) {
            cells[idx(i)] += work(i);                    // array ref, index, old value pending
            field *= 1 + work(i) % 3;                     // this and old field value pending
            ints[i % 4] = ints[(i + 1) % 4] + (int) work(i) % 10;
            long total = sum(work(1), work(2) + i, work(3) * ints[0]); // a varargs array being filled
            b += (byte) work(i);
            s -= (short) (work(i) % 100);
            c = (char) ('a' + (c + work(i)) % 26);
            f = f * 1.5f + work(i) % 2;
            String key = i % 3 == 0 ? "Aa" : i % 3 == 1 ? "BB" : "C";  // "Aa" and "BB" share a hash code
            int code = switch (key) {
                case "Aa" -> 1 + (int) (work(i) % 5);
                case "BB" -> 2;
                default -> 3;
            };
            boolean bool = work(i) % 2 == 0 && i > 10 || (work(i + 1) % 3 == 0);
            if (i % 6 == 0) {
                System.out.println(i + " " + cells[idx(i)] + " " + field + " " + java.util.Arrays.toString(ints) + " "
                        + total + " " + b + " " + s + " " + c + " " + f + " " + code + " " + bool);
            }
        }
    }

    int idx(int i) {
        work(i);
        return i % cells.length;
    }

    static long sum(long... values) {
        long total = 0;
        for (long v : values) {
            total += v;
        }
        return total;
    }

    static long work(int seed) {
        long x = seed;
        for (int i = 0; i < 6_000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x >>> 50;
    }
}
