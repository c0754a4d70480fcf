package dev.ferry.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Programs that do their work inside constructors: a simulation whose whole main loop is its
 * constructor, constructors constructing objects whose constructors loop, an inner class, an
 * anonymous class's instance initializer, try/catch/finally in a constructor body, a constructor
 * that throws to its caller, a sleep and a lambda inside a constructor, and one constructor
 * delegating to another with this(...). Captures land inside the constructors' loops.
 */
public class ConstructorWork {
    /** The whole run is this constructor. */
    static final class Simulation {
        final long checksum;
        final List<String> log = new ArrayList<>();
        private final int steps;

        Simulation(int steps) {
            this.steps = steps;
            long state = 17;
            for (int i = 0; i < steps; i++) {
                state = mix(state, i);
                if (i % (steps / 5) == 0) {
                    Grid g = new Grid(8 + i % 5); // a constructor that loops, called from one
                    log.add("step " + i + " state " + (state & 0xffff) + " grid " + g.sum);
                    System.out.println(log.get(log.size() - 1));
                }
            }
            checksum = state;
        }

        int steps() {
            return steps;
        }
    }

    static final class Grid {
        final long[][] cells;
        final long sum;

        Grid(int n) {
            cells = new long[n][n];
            long s = 0;
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    cells[y][x] = ConstructorWork.work(x * 31 + y);
                    s += cells[y][x] & 0xff;
                }
            }
            sum = s;
        }
    }

    static class Base {
        final String name;

        Base(String name) {
            this.name = name;
        }
    }

    /** The work comes after super(...), in the subclass's constructor. */
    static class Derived extends Base {
        final long value;

        Derived(int seed) {
            super("derived-" + seed);
            long v = seed;
            for (int i = 0; i < 40; i++) {
                v = v * 7 + work(i + seed);
            }
            value = v;
        }
    }

    /** Delegates with this(...): a capture inside the delegate waits until the outer constructor's body. */
    static final class Delegating {
        final long a;
        long b;

        Delegating() {
            this(work(3));
            for (int i = 0; i < 10; i++) {
                b += work(i);
            }
        }

        Delegating(long a) {
            long x = a;
            for (int i = 0; i < 10; i++) {
                x ^= work(i + 100);
            }
            this.a = x;
        }
    }

    /** try/catch/finally in a constructor body; an exception thrown after any resume is caught by it. */
    static final class Guarded {
        final List<String> events = new ArrayList<>();

        Guarded(int n) {
            for (int i = 0; i < n; i++) {
                try {
                    long w = work(i);
                    if (i % 3 == 2) {
                        throw new IllegalStateException("odd work " + (w & 0xff));
                    }
                    events.add("ok" + i);
                } catch (IllegalStateException e) {
                    events.add("caught " + e.getMessage());
                } finally {
                    events.add("f" + i);
                }
            }
        }
    }

    /** Throws out of its constructor, after a loop a capture may land in. */
    static final class Failing {
        Failing(int n) {
            long v = 0;
            for (int i = 0; i < n; i++) {
                v += work(i);
            }
            throw new ArithmeticException("gave up after " + (v & 0xfff));
        }
    }

    /** A lambda over `this`, and a sleep, inside a constructor. */
    static final class Patient {
        final long total;
        private long seen;

        Patient(int naps) throws InterruptedException {
            LongSupplier next = () -> seen += work((int) seen & 0xff);
            for (int i = 0; i < naps; i++) {
                next.getAsLong();
                Thread.sleep(2);
            }
            total = seen;
        }
    }

    /** An inner class: its constructor stores the outer instance before super(). */
    final class Inner {
        final long mixed;

        Inner(int n) {
            long m = label.length();
            for (int i = 0; i < n; i++) {
                m = mix(m, i);
            }
            mixed = m;
        }
    }

    final String label;

    ConstructorWork(String label) {
        this.label = label;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        ConstructorWork outer = new ConstructorWork("outer");
        for (int r = 0; r < rounds; r++) {
            Simulation sim = new Simulation(2_000 + r);
            System.out.println("round " + r + " checksum " + sim.checksum + " after " + sim.steps() + " " + sim.log.size());
            System.out.println("derived " + new Derived(r).value + " " + new Derived(r + 1).name);
            Delegating d = new Delegating();
            System.out.println("delegating " + d.a + " " + d.b);
            System.out.println("guarded " + new Guarded(7).events);
            try {
                new Failing(20 + r);
                System.out.println("not reached");
            } catch (ArithmeticException e) {
                System.out.println("failing: " + e.getMessage());
            }
            System.out.println("patient " + new Patient(3).total);
            Inner inner = outer.new Inner(300 + r);
            System.out.println("inner " + inner.mixed);
            Object anonymous = new Object() {
                final long sum;

                {
                    long s = 0;
                    for (int i = 0; i < 25; i++) {
                        s += work(i * 3);
                    }
                    sum = s;
                }

                @Override
                public String toString() {
                    return "anonymous " + sum;
                }
            };
            System.out.println(anonymous);
            // A construction a capture inside cannot resume from, by a method reference (the JDK's
            // lambda proxy constructs), and ones with values pending below the new object.
            java.util.function.IntFunction<Grid> byReference = Grid::new;
            List<Grid> grids = new ArrayList<>();
            grids.add(byReference.apply(4 + r));
            grids.add(new Grid(5));
            java.util.function.Supplier<Grid> byLambda = () -> new Grid(3);
            grids.add(byLambda.get());
            long sums = 0;
            for (Grid g : grids) {
                sums += g.sum;
            }
            System.out.println("grids " + sums + " " + new Simulation(500).checksum + " " + describe(r, new Grid(4 + r)));
        }
    }

    static String describe(int round, Grid grid) {
        return round + ":" + grid.sum;
    }

    static long mix(long state, int i) {
        long x = state ^ (i * 0x9E3779B97F4A7C15L);
        for (int k = 0; k < 200; k++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            x ^= x >>> 29;
        }
        return x;
    }

    static long work(int seed) {
        long x = seed;
        for (int i = 0; i < 2_000; i++) {
            x = (x * 1103515245 + 12345) & 0x7fffffff;
        }
        return x;
    }
}
