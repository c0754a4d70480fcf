package dev.ferry.corpus;

/** Values pending on the operand stack below a call that captures: a + f(x), long and double too. */
public class PendingStack {
    public static void main(String[] args) {
        long acc = 0;
        double dacc = 0;
        for (int round = 0; round < 40; round++) {
            int a = round * 3;
            acc = acc * 7 + (a + slowSquare(round)) * 2L + slowLong(round) + acc % 5;
            dacc = dacc / 3 + 0.5 * slowDouble(round) + (double) a;
            String s = "r" + round + ":" + slowSquare(round % 5);
            System.out.println(acc + " " + dacc + " " + s + " " + Math.max(slowSquare(2), a));
        }
    }

    static int slowSquare(int x) {
        int r = 0;
        for (int i = 0; i < x * 2000; i++) {
            r = (r + x) % 1_000_003;
        }
        return r + x * x;
    }

    static long slowLong(int x) {
        long r = 1;
        for (int i = 0; i < 20_000; i++) {
            r = r * 6364136223846793005L + x;
        }
        return r;
    }

    static double slowDouble(int x) {
        double r = 0;
        for (int i = 1; i < 20_000; i++) {
            r += Math.sin(i * x) / i;
        }
        return r;
    }
}
