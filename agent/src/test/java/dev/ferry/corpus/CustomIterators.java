package dev.ferry.corpus;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Task classes the JDK's for-each drives: a custom Iterable whose iterator computes as it goes
 * (captures land inside next()), interface default and static methods, varargs, labeled loops,
 * an anonymous class and a local class.
 */
public class CustomIterators {
    interface Shape {
        double area();

        default String describe() {
            return name() + String.format("(%.2f)", area());
        }

        String name();

        static Shape square(double side) {
            return new Shape() {
                @Override
                public double area() {
                    return side * side;
                }

                @Override
                public String name() {
                    return "square";
                }
            };
        }
    }

    /** Collatz lengths, computed lazily in next(). */
    static final class Collatz implements Iterable<Integer> {
        private final int from;
        private final int to;

        Collatz(int from, int to) {
            this.from = from;
            this.to = to;
        }

        @Override
        public Iterator<Integer> iterator() {
            return new Iterator<>() {
                private int n = from;

                @Override
                public boolean hasNext() {
                    return n < to;
                }

                @Override
                public Integer next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    long v = n++;
                    int steps = 0;
                    while (v != 1) {
                        v = (v & 1) == 0 ? v / 2 : 3 * v + 1;
                        steps++;
                    }
                    return steps;
                }
            };
        }
    }

    static long sum(long... values) {
        long total = 0;
        for (long v : values) {
            total += v;
        }
        return total;
    }

    public static void main(String[] args) {
        record Circle(double r) implements Shape {
            public double area() {
                return Math.PI * r * r;
            }

            public String name() {
                return "circle";
            }
        }
        long longest = 0;
        long total = 0;
        int seen = 0;
        for (int block = 0; block < 40; block++) {
            for (int steps : new Collatz(1 + block * 5_000, 1 + (block + 1) * 5_000)) {
                longest = Math.max(longest, steps);
                total = sum(total, steps, seen % 3);
                seen++;
            }
            outer:
            for (int i = 2; i < 200; i++) {
                for (int j = 2; j * j <= i; j++) {
                    if (i % j == 0) {
                        continue outer;
                    }
                }
                if (i > 150 + block) {
                    break;
                }
                total += i;
            }
            Shape shape = block % 2 == 0 ? Shape.square(block) : new Circle(block);
            System.out.println(block + " longest=" + longest + " total=" + total + " " + shape.describe());
        }
    }
}
