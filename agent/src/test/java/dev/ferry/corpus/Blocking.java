package dev.ferry.corpus;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Programs that sit where a capture cannot happen, for the engine's error-path tests. Each runs
 * until killed (or for a long time); the mode is the first argument.
 */
public class Blocking {
    static long sink;

    public static void main(String[] args) throws Throwable {
        if (!args[0].equals("sleep")) {
            System.out.println("ready"); // the tests wait for this before asking for a capture
        }
        switch (args[0]) {
            case "forEach" -> List.of(1).forEach(x -> spinForever());
            case "synchronized" -> {
                synchronized (Blocking.class) {
                    spinForever();
                }
            }
            case "constructor" -> new Subclass(); // spins in Blocking's constructor, called by super(): not yet an object
            case "constructorReference" -> {
                java.util.function.IntFunction<Counting> make = Counting::new; // the JDK's proxy constructs it
                System.out.println("built " + make.apply(args.length > 1 ? Integer.parseInt(args[1]) : Integer.MAX_VALUE).total);
            }
            case "constructorPending" -> {
                java.util.List<Counting> built = new java.util.ArrayList<>();
                built.add(new Counting(Integer.parseInt(args[1]))); // the list is pending below the new object
                System.out.println("built " + built.get(0).total + " after " + built.get(0).rounds);
            }
            case "constructorLoop" -> {
                Counting counting = new Counting(Integer.parseInt(args[1]));
                System.out.println("built " + counting.total + " after " + counting.rounds);
            }
            case "busy" -> spinForever();
            case "threads" -> {
                Thread worker = new Thread(() -> {
                    try {
                        Thread.sleep(Long.MAX_VALUE);
                    } catch (InterruptedException e) {
                        // killed with the task
                    }
                }, "helper-worker");
                worker.start();
                spinForever();
            }
            case "commonPool" -> {
                Thread self = Thread.currentThread();
                java.util.concurrent.ForkJoinPool.commonPool().execute(() -> { // handed to the JVM's pool, never joined
                    while (self.isAlive()) {
                        sink += spin();
                    }
                });
                System.out.println("submitted");
                spinForever();
            }
            case "identityIteration" -> {
                java.util.Set<Object> keys = new java.util.HashSet<>();
                for (int i = 0; i < 100; i++) {
                    keys.add(new Object()); // hashes by identity
                }
                while (true) {
                    for (Object key : keys) {
                        sink += key.hashCode() + spin();
                    }
                }
            }
            case "heldMethodHandle" -> {
                // The JVM fills in a method handle's insides itself, and one built by combinators names
                // no member to look up again: an in-JVM copy must refuse it, not fake it.
                java.lang.invoke.MethodHandle length;
                try {
                    length = java.lang.invoke.MethodHandles.lookup().findVirtual(String.class, "length",
                            java.lang.invoke.MethodType.methodType(int.class)).bindTo("held");
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
                Object[] held = {length};
                while (true) {
                    sink += held.length + spin();
                }
            }
            case "exitFromThread" -> {
                Thread helper = new Thread(() -> {
                    System.out.println("exiting");
                    System.exit(4); // on a thread the task started: ends the task, not the JVM
                });
                helper.start();
                spinForever(); // the task's own thread is busy meanwhile
            }
            case "exit" -> {
                System.out.println("exiting");
                System.exit(3);
            }
            case "methodHandle" -> java.lang.invoke.MethodHandles.lookup()
                    .findStatic(Blocking.class, "spinForever", java.lang.invoke.MethodType.methodType(void.class)).invokeExact();
            case "reflection" -> Blocking.class.getDeclaredMethod("spinForever").invoke(null);
            case "latch" -> new CountDownLatch(1).await();
            case "sleep" -> {
                System.out.println("sleeping");
                Thread.sleep(Long.parseLong(args[1]));
                System.out.println("woke");
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static final class Subclass extends Blocking {
        Subclass() {
            super(true);
        }
    }

    /** Its work is its constructor's loop, which a capture can stop in (after super(), the object is built). */
    static final class Counting {
        final long total;
        final int rounds;

        Counting(int rounds) {
            long t = 0;
            for (int i = 0; i < rounds; i++) {
                t += spin() + i;
            }
            this.total = t;
            this.rounds = rounds;
        }
    }

    Blocking(boolean spin) {
        if (spin) {
            spinForever();
        }
    }

    static long spin() {
        long x = sink;
        for (int i = 0; i < 1_000; i++) {
            x = x * 31 + i;
        }
        return x;
    }

    static void spinForever() {
        long x = 0;
        while (true) {
            x = x * 31 + 7;
            sink = x;
        }
    }
}
