package dev.ferry.corpus;

import java.util.function.Function;
import java.util.function.IntBinaryOperator;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** Lambdas and method references called from task code, with captures inside their bodies. */
public class Lambdas {
    private long state = 1;

    public static void main(String[] args) {
        new Lambdas().run();
    }

    void run() {
        int base = 5;
        Runnable r = () -> state = spin(state + base);
        Supplier<String> s = () -> "s" + spin(state);
        Function<Integer, Long> f = this::square;
        IntBinaryOperator op = (a, b) -> (int) (spin(a) % 1000) + b;
        LongSupplier ls = Lambdas::staticSpin;
        for (int i = 0; i < 20; i++) {
            r.run();
            String got = s.get();
            long sq = f.apply(i);
            int o = op.applyAsInt(i, base);
            long l = ls.getAsLong();
            System.out.println(i + " " + state + " " + got + " " + sq + " " + o + " " + l);
        }
    }

    long square(Integer x) {
        return spin(x) % 10_000 * x;
    }

    static long staticSpin() {
        return spin(42) % 97;
    }

    static long spin(long seed) {
        long x = seed;
        for (int i = 0; i < 60_000; i++) {
            x = x * 2862933555777941757L + 3037000493L;
        }
        return x >>> 33;
    }
}
