package dev.ferry.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/** Generic classes and methods, and bridge methods (a capture passing through a synthetic bridge). */
public class Generics {
    interface Reducer<T> {
        T reduce(T acc, T next);
    }

    static final class LongSum implements Reducer<Long> {
        @Override
        public Long reduce(Long acc, Long next) { // called through the bridge reduce(Object, Object)
            return acc + work(next.intValue());
        }
    }

    static final class Box<T extends Comparable<T>> implements Comparable<Box<T>> {
        final T value;

        Box(T value) {
            this.value = value;
        }

        @Override
        public int compareTo(Box<T> other) {
            work(3);
            return value.compareTo(other.value);
        }
    }

    static <T> T fold(List<T> items, T start, Reducer<T> reducer) {
        T acc = start;
        for (T item : items) {
            acc = reducer.reduce(acc, item);
        }
        return acc;
    }

    static <A, B> B apply(BiFunction<A, A, B> f, A x, A y) {
        return f.apply(x, y);
    }

    public static void main(String[] args) {
        List<Long> numbers = new ArrayList<>();
        for (long i = 0; i < 30; i++) {
            numbers.add(i);
        }
        for (int round = 0; round < 6; round++) {
            long sum = fold(numbers, (long) round, new LongSum());
            Box<String> a = new Box<>("a" + round);
            Box<String> b = new Box<>("b" + (5 - round));
            int cmp = apply(Box::compareTo, a, b);
            System.out.println(round + " " + sum + " " + cmp);
        }
    }

    static long work(int seed) {
        long x = seed;
        for (int i = 0; i < 40_000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x >>> 50;
    }
}
