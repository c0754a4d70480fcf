package dev.ferry.shell.cluster.tasks;

/** {@code BigState MB}: keeps MB megabytes of longs and keeps touching them, until killed. */
public final class BigState {
    private BigState() {
    }

    public static void main(String[] args) throws InterruptedException {
        long[] state = new long[Integer.parseInt(args[0]) * (1 << 20) / 8];
        for (int i = 0; i < state.length; i++) {
            state[i] = i * 31L;
        }
        System.out.println("ready");
        int i = 0;
        while (true) {
            state[i] += 1;
            i = (i + 1) % state.length;
            if (i % 100_000 == 0) {
                Thread.sleep(1);
            }
        }
    }
}
