package dev.ferry.corpus;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;

/**
 * Lock-free code as libraries write it since Java 9 (Guava's futures, queues, counters): var and
 * method handles in {@code static final} fields, made by the class's initializer with
 * {@code MethodHandles.lookup()} — for a private instance field, a static field, array elements,
 * a private method, a static method, a constructor, a getter, a JDK method — and used in the
 * loop. After a move they must be handles onto the resumed task's classes.
 */
public class HandleFields {
    private volatile long total;
    private static volatile int hits;
    private final long[] slots = new long[8];

    private static final VarHandle TOTAL;
    private static final VarHandle HITS;
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final MethodHandle BUMP;
    private static final MethodHandle MIX;
    private static final MethodHandle MAKE;
    private static final MethodHandle GET_TOTAL;
    private static final MethodHandle LENGTH;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            TOTAL = lookup.findVarHandle(HandleFields.class, "total", long.class);
            HITS = lookup.findStaticVarHandle(HandleFields.class, "hits", int.class);
            BUMP = lookup.findVirtual(HandleFields.class, "bump", MethodType.methodType(long.class, int.class));
            MIX = lookup.findStatic(HandleFields.class, "mix", MethodType.methodType(int.class, int.class, int.class));
            MAKE = lookup.findConstructor(HandleFields.class, MethodType.methodType(void.class));
            GET_TOTAL = lookup.findGetter(HandleFields.class, "total", long.class);
            LENGTH = lookup.findVirtual(String.class, "length", MethodType.methodType(int.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long bump(int by) {
        long before;
        do {
            before = (long) TOTAL.getVolatile(this);
        } while (!TOTAL.compareAndSet(this, before, before + by));
        return before + by;
    }

    private static int mix(int a, int b) {
        return a * 31 + b;
    }

    public static void main(String[] args) throws Throwable {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        HandleFields counter = (HandleFields) MAKE.invoke();
        long check = 0;
        for (int i = 0; i < rounds; i++) {
            long t = (long) BUMP.invokeExact(counter, i % 13);
            HITS.getAndAdd(1);
            SLOTS.getAndAdd(counter.slots, i % counter.slots.length, (long) i);
            int m = (int) MIX.invokeExact(i, (int) t);
            int len = (int) LENGTH.invokeExact("round " + i);
            check = check * 17 + m + len + (long) GET_TOTAL.invokeExact(counter);
            if (i % 5000 == 0) {
                System.out.println(i + " total=" + (long) TOTAL.get(counter) + " hits=" + (int) HITS.get()
                        + " slot3=" + (long) SLOTS.get(counter.slots, 3) + " check=" + check);
            }
        }
        System.out.println("done total=" + counter.total + " hits=" + hits + " check=" + check);
    }
}
