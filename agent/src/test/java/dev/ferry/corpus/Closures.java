package dev.ferry.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Closures kept in fields and lists across captures: anonymous classes and lambdas capturing locals
 * and this, a constructor reference, lambdas calling lambdas.
 */
public class Closures {
    private final List<IntFunction<Long>> steps = new ArrayList<>();
    private long base = 11;

    public static void main(String[] args) {
        new Closures().run();
    }

    void run() {
        int factor = 3;
        steps.add(i -> base += work(i) * factor);
        steps.add(new IntFunction<>() {
            @Override
            public Long apply(int i) {
                return base ^= work(i + factor);
            }
        });
        Supplier<List<Long>> fresh = ArrayList::new;
        IntFunction<Long> composed = i -> steps.get(0).apply(steps.get(1).apply(i).intValue() & 0xff);
        steps.add(composed);
        List<Long> seen = fresh.get();
        for (int i = 0; i < 45; i++) {
            long v = steps.get(i % steps.size()).apply(i);
            seen.add(v);
            if (i % 5 == 0) {
                System.out.println(i + " " + v + " " + base + " " + seen.size());
            }
        }
    }

    static long work(int seed) {
        long x = seed;
        for (int i = 0; i < 25_000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x >>> 52;
    }
}
