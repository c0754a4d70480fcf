package dev.ferry.samples;

/**
 * {@code Counter N [DELAY_MS]}: counts 0..N-1, one number a line, pausing DELAY_MS (default 100)
 * between numbers. The original design's {@code Demo 1000}: moved mid-count, it carries on from
 * the next number.
 */
public final class Counter {
    private Counter() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 1) {
            System.err.println("usage: Counter N [DELAY_MS]");
            System.exit(2);
        }
        int n = Integer.parseInt(args[0]);
        long delay = args.length > 1 ? Long.parseLong(args[1]) : 100;
        for (int i = 0; i < n; i++) {
            System.out.println(i);
            Thread.sleep(delay);
        }
    }
}
