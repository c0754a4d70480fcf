package dev.ferry.runtime.heap;

import static net.openhft.chronicle.core.UnsafeMemory.UNSAFE; // a static import: javac warns where sun.misc.Unsafe is named

/**
 * Objects allocated without running any of their constructors — the empty shells a copy or a
 * snapshot then fills in field by field (what {@code java.io} deserialization does too, for classes
 * that are not serializable). {@code Unsafe.allocateInstance} does exactly that, and is a plain
 * allocation; a serialization constructor from {@code ReflectionFactory} did the same through
 * {@code Constructor.newInstance}, which was most of the cost of a small object.
 */
public final class Shells {

    private Shells() {
    }

    /**
     * A new, unconstructed instance of {@code c}, every field at its default.
     *
     * @throws IllegalArgumentException if {@code c} cannot have instances (abstract, an interface, an array)
     */
    public static Object allocate(Class<?> c) {
        try {
            return UNSAFE.allocateInstance(c);
        } catch (InstantiationException | RuntimeException | LinkageError e) {
            throw new IllegalArgumentException("cannot allocate " + c.getName() + ": " + e, e);
        }
    }
}
