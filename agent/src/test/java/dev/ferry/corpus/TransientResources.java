package dev.ferry.corpus;

import dev.ferry.runtime.Resumable;

/**
 * A task object keeps what must not move in a transient field (here a thread it made, standing
 * in for a socket, and a method handle built by combinators: none can move) and reopens it when
 * told it has moved; a transient scratch buffer beside them moves like any other field, and the
 * thread it runs on, remembered in another, is the thread it runs on after the move.
 */
public class TransientResources implements Resumable {
    private transient Thread owner = Thread.currentThread(); // the task's thread: it becomes the resumed one
    private transient Thread reader = new Thread(() -> { }, "reader"); // left behind by a move
    private transient java.lang.invoke.MethodHandle seven = seven(); // left behind too: code, not a name
    private transient long[] scratch = new long[64];
    private long total;
    private int reopened;

    @Override
    public void resumed() {
        if (reader != null) {
            throw new IllegalStateException("the old reader thread came along");
        }
        if (owner != Thread.currentThread()) {
            throw new IllegalStateException("the task's thread is not the resumed one: " + owner);
        }
        if (seven != null) {
            throw new IllegalStateException("the handle built by combinators came along");
        }
        reader = new Thread(() -> { }, "reader");
        seven = seven();
        reopened++;
    }

    private static java.lang.invoke.MethodHandle seven() {
        return java.lang.invoke.MethodHandles.constant(int.class, 7);
    }

    public static void main(String[] args) throws Throwable {
        TransientResources r = new TransientResources();
        for (int i = 0; i < 50; i++) {
            long w = work(i); // (a statement holding the old buffer while it moves would keep writing to that)
            if (r.reader == null || r.owner != Thread.currentThread()) {
                throw new IllegalStateException("resumed without the hook: " + r.reader + ", " + r.owner);
            }
            r.scratch[i % 64] = w;
            r.total += r.scratch[i % 64] + (int) r.seven.invokeExact();
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
