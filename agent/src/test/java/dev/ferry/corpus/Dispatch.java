package dev.ferry.corpus;

/** Virtual, interface, default, super and private calls, all with captures below them. */
public class Dispatch {
    interface Shape {
        long area(int seed);

        default long twice(int seed) {
            return 2 * area(seed) + Dispatch.work(seed);
        }

        static long unit() {
            return Dispatch.work(1) % 3;
        }
    }

    abstract static class Base implements Shape {
        @Override
        public long area(int seed) {
            return helper(seed) + 1;
        }

        private long helper(int seed) {
            return Dispatch.work(seed) % 1000;
        }
    }

    static class Square extends Base {
        @Override
        public long area(int seed) {
            return super.area(seed) * 4;
        }

        @Override
        public String toString() { // reached through Object.toString(): a virtual call on a JDK type
            return "square-" + Dispatch.work(7) % 100;
        }
    }

    static class Circle implements Shape {
        @Override
        public long area(int seed) {
            return Dispatch.work(seed + 3) % 777;
        }

        @Override
        public long twice(int seed) {
            return Shape.super.twice(seed) + 1;
        }
    }

    public static void main(String[] args) {
        Shape[] shapes = {new Square(), new Circle()};
        Object[] objects = {new Square(), "text"};
        long acc = 0;
        for (int i = 0; i < 40; i++) {
            Shape s = shapes[i % 2];
            acc += s.area(i) + s.twice(i) + Shape.unit();
            acc ^= objects[i % 2].toString().length();
            System.out.println(i + " " + s.getClass().getSimpleName() + " " + acc);
        }
    }

    static long work(int seed) {
        long x = seed;
        for (int i = 0; i < 30_000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x >>> 40;
    }
}
