package dev.ferry.corpus;

/** The task thread's ThreadLocal values are task state: a buffer and a counter kept per thread. */
public class ThreadLocalState {
    static final ThreadLocal<StringBuilder> BUFFER = ThreadLocal.withInitial(StringBuilder::new);
    static final ThreadLocal<long[]> COUNTER = new ThreadLocal<>();

    public static void main(String[] args) {
        COUNTER.set(new long[1]);
        for (int i = 0; i < 60; i++) {
            BUFFER.get().append((char) ('a' + i % 26));
            COUNTER.get()[0] += work(i);
            if (i % 6 == 0) {
                System.out.println(i + " " + BUFFER.get().length() + " " + BUFFER.get().substring(Math.max(0,
                        BUFFER.get().length() - 5)) + " " + COUNTER.get()[0]);
            }
        }
    }

    static long work(int seed) {
        long x = seed;
        for (int i = 0; i < 400_000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x >>> 50;
    }
}
