package dev.ferry.runtime.heap;

import java.lang.reflect.Constructor;
import sun.reflect.ReflectionFactory;

/**
 * Objects allocated without running any of their constructors — the empty shells a copy or a
 * snapshot then fills in field by field (what {@code java.io} deserialization does too).
 */
public final class Shells {
    /** Per class, weakly: task classes must not be kept alive by a cache. */
    private static final ClassValue<Constructor<?>> ALLOCATORS = new ClassValue<>() {
        @Override
        protected Constructor<?> computeValue(Class<?> c) {
            try {
                return ReflectionFactory.getReflectionFactory().newConstructorForSerialization(c,
                        Object.class.getDeclaredConstructor());
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("java.lang.Object has no constructor?", e);
            }
        }
    };

    private Shells() {
    }

    /**
     * A new, unconstructed instance of {@code c}, every field at its default.
     *
     * @throws IllegalArgumentException if {@code c} cannot have instances (abstract, an interface, an array)
     */
    public static Object allocate(Class<?> c) {
        try {
            return ALLOCATORS.get(c).newInstance();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            throw new IllegalArgumentException("cannot allocate " + c.getName() + ": " + e, e);
        }
    }
}
