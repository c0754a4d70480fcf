package dev.ferry.runtime.snapshot;

import dev.ferry.runtime.heap.Shells;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Iterators over the collections of {@code Set.of}, {@code Map.of} and their copies
 * ({@code ImmutableCollections}), which walk their tables from a start and in a direction that each
 * JVM picks at random when it starts ({@code SALT32L}, {@code REVERSE}). An iterator stopped part way
 * through keeps only its position; in a JVM that walks the other way, it would go back over what it
 * has returned and never reach the rest. So a snapshot writes, in its place, an iterator over a list
 * of what it had still to return, in the order this JVM would have returned it: the loop holding it
 * goes on exactly as it would have here. (The collections themselves travel as they are: their
 * lookups do not depend on the salt, only their iteration does.)
 *
 * <p>A {@code Map.of} map's {@code keySet()} and {@code values()} are {@code AbstractMap}'s views,
 * whose iterators wrap the map's entry iterator — in classes that JDK 17 and 25 name differently
 * ({@code AbstractMap$1$1}, {@code AbstractMap$KeyIterator}), so they could not have travelled
 * between those JDKs as they are either. They are replaced the same way, by the keys or values
 * still to come.
 */
final class SaltedIterators {
    private static final Set<String> SALTED = Set.of("java.util.ImmutableCollections$SetN$SetNIterator",
            "java.util.ImmutableCollections$MapN$MapNIterator", "java.util.ImmutableCollections$Set12$1");

    private SaltedIterators() {
    }

    /** {@code AbstractMap}'s key-view and value-view iterators, by their names in JDK 17 and in JDK 21+. */
    private static final Set<String> KEY_VIEWS = Set.of("java.util.AbstractMap$1$1", "java.util.AbstractMap$KeyIterator");
    private static final Set<String> VALUE_VIEWS = Set.of("java.util.AbstractMap$2$1", "java.util.AbstractMap$ValueIterator");

    /** Whether {@link #replacement} may have to replace objects of {@code c}. */
    static boolean isSalted(Class<?> c) {
        return c.getClassLoader() == null && (SALTED.contains(c.getName()) || KEY_VIEWS.contains(c.getName())
                || VALUE_VIEWS.contains(c.getName()));
    }

    /**
     * An iterator that returns what {@code iterator} has still to return, in the same order; the
     * iterator itself is not advanced (a copy of it is drained). Like the original, it cannot remove.
     * {@code iterator} itself when it needs no replacing (a view iterator over another kind of map).
     */
    static Object replacement(Object iterator) throws NotMovableException {
        Class<?> c = iterator.getClass();
        String name = c.getName();
        boolean keys = KEY_VIEWS.contains(name);
        if (keys || VALUE_VIEWS.contains(name)) {
            Object entries;
            try {
                Field i = c.getDeclaredField("i");
                i.setAccessible(true);
                entries = i.get(iterator);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new NotMovableException("an iterator over a map's " + (keys ? "keys" : "values") + " (" + name
                        + ") could not be read to carry its position over: " + e);
            }
            if (entries == null || !SALTED.contains(entries.getClass().getName())) {
                return iterator;
            }
            List<Object> rest = new ArrayList<>();
            for (Iterator<?> it = remaining(entries); it.hasNext(); ) {
                java.util.Map.Entry<?, ?> e = (java.util.Map.Entry<?, ?>) it.next();
                rest.add(keys ? e.getKey() : e.getValue());
            }
            return List.copyOf(rest).iterator();
        }
        return remaining(iterator);
    }

    private static Iterator<?> remaining(Object iterator) throws NotMovableException {
        Class<?> c = iterator.getClass();
        try {
            Object copy = Shells.allocate(c);
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    f.setAccessible(true);
                    f.set(copy, f.get(iterator));
                }
            }
            List<Object> rest = new ArrayList<>();
            for (Iterator<?> it = (Iterator<?>) copy; it.hasNext(); ) {
                rest.add(it.next()); // elements, keys and values of these collections are never null
            }
            return List.copyOf(rest).iterator();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new NotMovableException("an iterator over an immutable JDK collection (" + c.getName()
                    + ") could not be read to carry its position over: " + e);
        }
    }
}
