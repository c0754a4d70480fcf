package dev.ferry.corpus;

/** A task entered as a Runnable: the instance and its fields travel in the entry frame. */
public class RunnableEntry implements Runnable {
    private long state = 17;

    @Override
    public void run() {
        for (int i = 0; i < 40; i++) {
            state = state * 31 + work(i);
            System.out.println("runnable " + i + " " + state);
        }
    }

    static long work(int seed) {
        long x = seed;
        for (int i = 0; i < 60_000; i++) {
            x = x * 6364136223846793005L + 1;
        }
        return x >>> 50;
    }
}
