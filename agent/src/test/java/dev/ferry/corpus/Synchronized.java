package dev.ferry.corpus;

/**
 * Synchronized methods and blocks with loops and calls inside. A synchronized method (instance or
 * static, nested re-entrantly) is captured inside and resumed holding its monitor again; inside a
 * synchronized block a capture waits until the block's monitor is released. Either way no frame is
 * resumed with a wrong lock state: the lock state is printed after work that a capture may
 * interrupt.
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
        counter += reentered(round);
        System.out.println("method " + round + " still holds=" + Thread.holdsLock(this)
                + " class=" + Thread.holdsLock(Synchronized.class));
    }

    /** Re-enters this object's monitor and takes the class's: both are held again after a resume. */
    synchronized long reentered(int round) {
        long sum = 0;
        for (int i = 0; i < 3; i++) {
            sum += lockedStatic(round + i);
        }
        return sum;
    }

    static synchronized long lockedStatic(int seed) {
        long w = work(seed * 3);
        if (!Thread.holdsLock(Synchronized.class)) {
            throw new IllegalStateException("resumed without the class's monitor");
        }
        return w;
    }

    static long work(int seed) {
        long x = seed;
        for (int i = 0; i < 100_000; i++) {
            x = x * 6364136223846793005L + 1;
        }
        return x >>> 40;
    }
}
