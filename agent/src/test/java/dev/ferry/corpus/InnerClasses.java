package dev.ferry.corpus;

import java.util.Iterator;

/** Inner, anonymous and local classes (and a task-written Iterator) doing the work. */
public class InnerClasses {
    private long outerState = 3;

    class Inner {
        long step(int i) {
            outerState = outerState * 31 + work(i);
            return outerState;
        }
    }

    public static void main(String[] args) {
        new InnerClasses().run();
    }

    void run() {
        Inner inner = new Inner();
        Comparable<Integer> anon = new Comparable<>() {
            @Override
            public int compareTo(Integer o) {
                return (int) (work(o) % 3) - 1;
            }
        };
        class Range implements Iterable<Integer> {
            final int n;

            Range(int n) {
                this.n = n;
            }

            @Override
            public Iterator<Integer> iterator() {
                return new Iterator<>() {
                    int next;

                    @Override
                    public boolean hasNext() {
                        return next < n;
                    }

                    @Override
                    public Integer next() {
                        work(next);
                        return next++;
                    }
                };
            }
        }
        for (int i : new Range(40)) {
            long s = inner.step(i);
            int c = anon.compareTo(i);
            System.out.println(i + " " + s + " " + c);
        }
    }

    static long work(int seed) {
        long x = seed;
        for (int i = 0; i < 30_000; i++) {
            x = x * 2862933555777941757L + 3037000493L;
        }
        return x >>> 45;
    }
}
