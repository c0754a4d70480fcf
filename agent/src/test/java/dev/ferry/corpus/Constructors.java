package dev.ferry.corpus;

import java.util.ArrayList;
import java.util.List;

/**
 * Work inside constructors (a capture waits until the constructor returns) and calls in
 * constructor arguments, where javac leaves an unconstructed object on the operand stack.
 */
public class Constructors {
    static final class Point {
        final long x;
        final long y;

        Point(long x, long y) {
            this.x = x;
            this.y = y;
        }
    }

    static final class Heavy {
        final long value;

        Heavy(int seed) {
            long v = seed;
            for (int i = 0; i < 200_000; i++) { // a loop inside a constructor
                v = v * 31 + i;
            }
            value = v;
        }
    }

    static class Base {
        final String label;

        Base(String label) {
            this.label = label;
        }
    }

    static class Derived extends Base {
        final long extra;

        Derived(int seed) {
            super("derived-" + compute(seed)); // a call in the super() arguments
            extra = compute(seed + 1);
        }
    }

    public static void main(String[] args) {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            points.add(new Point(compute(i), i % 2 == 0 ? compute(i + 1) : -compute(i + 2)));
            Heavy h = new Heavy(i);
            Derived d = new Derived(i);
            StringBuilder sb = new StringBuilder(String.valueOf(compute(i + 3)));
            System.out.println(i + " " + points.get(i).x + "," + points.get(i).y + " " + h.value + " " + d.label + " "
                    + d.extra + " " + sb);
        }
    }

    static long compute(int seed) {
        long x = seed;
        for (int i = 0; i < 120_000; i++) {
            x = (x * 1103515245 + 12345) & 0x7fffffff;
        }
        return x;
    }
}
