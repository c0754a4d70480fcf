package dev.ferry.corpus;

/** Every primitive kind, arrays, null and this held in locals across captures. */
public class Primitives {
    private long total;

    public static void main(String[] args) {
        new Primitives().run();
    }

    void run() {
        boolean flag = false;
        byte b = 1;
        char c = 'a';
        short s = 100;
        int i = 7;
        long l = 1L << 40;
        float f = 1.5f;
        double d = Math.PI;
        int[] ints = new int[8];
        double[][] grid = new double[3][3];
        String nothing = null;
        Object self = this;
        for (int k = 0; k < 400_000; k++) {
            flag = !flag;
            b = (byte) (b * 3 + 1);
            c = (char) ('a' + (c - 'a' + 1) % 26);
            s = (short) (s * 7 + k);
            i = i * 31 + k;
            l = l ^ (l << 13) ^ k;
            f = f * 1.0001f + 0.5f;
            d = d * 0.9999 + Math.sqrt(k);
            ints[k & 7] += i;
            grid[k % 3][(k / 3) % 3] += d;
            total += step(k);
            if (k % 50_000 == 0) {
                System.out.println(k + " " + flag + " " + b + " " + c + " " + s + " " + i + " " + l + " " + f + " "
                        + d + " " + ints[3] + " " + grid[1][2] + " " + nothing + " " + (self == this) + " " + total);
            }
        }
    }

    private int step(int k) {
        return k % 11;
    }
}
