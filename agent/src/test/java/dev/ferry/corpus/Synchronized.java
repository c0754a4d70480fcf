package dev.ferry.corpus;

/**
 * Synchronized methods and blocks with loops and calls inside: a capture waits until every
 * monitor is released, so no frame is ever resumed with a wrong lock state. Lock state is printed.
 */
public class Synchronized {
    private final Object lock = new Object();
    private long counter;

    public static void main(String[] args) {
        Synchronized s = new Synchronized();
        for (int round = 0; round < 30; round++) {
            s.lockedMethod(round);
            synchronized (s.lock) {
                s.counter += work(round);
                System.out.println("block " + round + " holds=" + Thread.holdsLock(s.lock));
            }
            long outside = work(round * 7);
            System.out.println("outside " + round + " " + outside + " holds=" + Thread.holdsLock(s.lock)
                    + " holdsThis=" + Thread.holdsLock(s));
        }
        System.out.println("counter " + s.counter);
    }

    synchronized void lockedMethod(int round) {
        counter += work(round + 1);
        System.out.println("method " + round + " holds=" + Thread.holdsLock(this));
    }

    static long work(int seed) {
        long x = seed;
        for (int i = 0; i < 100_000; i++) {
            x = x * 6364136223846793005L + 1;
        }
        return x >>> 40;
    }
}
