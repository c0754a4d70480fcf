package dev.ferry.corpus;

import dev.ferry.runtime.Resumable;

/**
 * A task object keeps what must not move in a transient field (here a scratch buffer standing in
 * for a file or socket) and reopens it when told it has moved.
 */
public class TransientResources implements Resumable {
    private transient long[] scratch = new long[64]; // left behind by a move
    private long total;
    private int reopened;

    @Override
    public void resumed() {
        scratch = new long[64];
        reopened++;
    }

    public static void main(String[] args) {
        TransientResources r = new TransientResources();
        for (int i = 0; i < 50; i++) {
            long w = work(i); // (a statement holding the old buffer while it moves would keep writing to that)
            r.scratch[i % 64] = w; // a NullPointerException here if the hook did not run
            r.total += r.scratch[i % 64];
            if (i % 5 == 0) {
                System.out.println(i + " " + r.total);
            }
        }
        System.out.println("done " + r.total);
    }

    static long work(int seed) {
        long x = seed;
        for (int i = 0; i < 400_000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x >>> 50;
    }
}
