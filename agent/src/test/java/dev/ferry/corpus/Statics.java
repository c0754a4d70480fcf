package dev.ferry.corpus;

import java.util.ArrayList;
import java.util.List;

/** Static fields are task state: counters, a static final collection, and a static initializer that must run once. */
public class Statics {
    static int counter;
    static long total = 10;
    static final List<String> LOG = new ArrayList<>();
    static final String GREETING;

    static {
        GREETING = "hello from <clinit>";
        System.out.println(GREETING);
    }

    static class Lazy {
        static int uses;

        static {
            System.out.println("Lazy initialized");
        }
    }

    public static void main(String[] args) {
        for (int i = 0; i < 40; i++) {
            counter++;
            total += work(i);
            if (i % 5 == 0) {
                LOG.add("entry" + i);
            }
            if (i >= 20) {
                Lazy.uses++;
            }
            System.out.println(i + " counter=" + counter + " total=" + total + " log=" + LOG.size() + (i >= 20 ? " lazy=" + Lazy.uses : ""));
        }
        System.out.println(LOG);
    }

    static long work(int seed) {
        long x = seed;
        for (int i = 0; i < 60_000; i++) {
            x = x * 6364136223846793005L + 1;
        }
        return x >>> 55;
    }
}
