package dev.ferry.corpus;

import java.util.EnumMap;
import java.util.Map;

/** Enums with constant-specific bodies, EnumMap state, values() and enum switches in a loop. */
public class EnumBodies {
    enum Op {
        ADD { long apply(long a, long b) { return a + b + spin(1); } },
        SUB { long apply(long a, long b) { return a - b - spin(2); } },
        MIX { long apply(long a, long b) { return (a ^ b) + spin(3); } };

        abstract long apply(long a, long b);
    }

    public static void main(String[] args) {
        Map<Op, Long> totals = new EnumMap<>(Op.class);
        long acc = 7;
        for (int i = 0; i < 90; i++) {
            Op op = Op.values()[i % Op.values().length];
            acc = op.apply(acc, i);
            totals.merge(op, acc, Long::sum);
            String kind = switch (op) {
                case ADD -> "plus";
                case SUB -> "minus";
                case MIX -> "mix";
            };
            if (i % 10 == 0) {
                System.out.println(i + " " + op + " " + kind + " " + acc + " " + totals);
            }
        }
        System.out.println(Op.valueOf("MIX").ordinal() + " " + (Op.values()[2] == Op.MIX));
    }

    static long spin(int seed) {
        long x = seed;
        for (int i = 0; i < 120_000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x >>> 58;
    }
}
