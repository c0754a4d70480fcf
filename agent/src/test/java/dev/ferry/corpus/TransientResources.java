package dev.ferry.corpus;

import dev.ferry.runtime.Resumable;

/**
 * A task object keeps what must not move in a transient field (here the thread it runs on,
 * standing in for a socket: neither can move) and reopens it when told it has moved; a transient
 * scratch buffer beside it moves like any other field.
 */
public class TransientResources implements Resumable {
    private transient Thread owner = Thread.currentThread(); // left behind by a move
    private transient long[] scratch = new long[64];
    private long total;
    private int reopened;

    @Override
    public void resumed() {
        if (owner != null) {
            throw new IllegalStateException("the old thread came along");
        }
        owner = Thread.currentThread();
        reopened++;
    }

    public static void main(String[] args) {
        TransientResources r = new TransientResources();
        for (int i = 0; i < 50; i++) {
            long w = work(i); // (a statement holding the old buffer while it moves would keep writing to that)
            if (r.owner != Thread.currentThread()) {
                throw new IllegalStateException("resumed without the hook: " + r.owner);
            }
            r.scratch[i % 64] = w;
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
