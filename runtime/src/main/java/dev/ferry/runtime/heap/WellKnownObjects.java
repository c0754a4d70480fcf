package dev.ferry.runtime.heap;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JVM's own objects that programs hold and compare by identity: empty collections and other
 * JDK singletons ({@code Optional.empty()}, {@code Function.identity()}, the {@code BigInteger} and
 * {@code BigDecimal} constants), {@code Runtime.getRuntime()}, {@code System.getProperties()},
 * {@code System.getenv()}, and JDK-internal
 * sentinels (an empty slot of {@code Set.of(x)}, Throwable's "no suppressed exceptions yet" and
 * "stack trace not filled in"), and the predefined {@code DateTimeFormatter}s. A copy of one would be taken for a real value, so they are never
 * copied: a move to another loader shares them, and a snapshot names them and the reading JVM puts
 * its own in their place.
 */
public final class WellKnownObjects {
    private static final Map<String, Object> BY_NAME = byName();
    private static final Map<Object, String> NAMES = names();
    private static final Set<Class<?>> CLASSES = classes();

    private WellKnownObjects() {
    }

    private static Map<String, Object> byName() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Collections.emptyList", Collections.emptyList());
        m.put("Collections.emptySet", Collections.emptySet());
        m.put("Collections.emptyMap", Collections.emptyMap());
        m.put("Collections.reverseOrder", Collections.reverseOrder());
        m.put("List.of", List.of());
        m.put("Set.of", Set.of());
        m.put("Map.of", Map.of());
        m.put("Collections.emptySortedSet", Collections.emptySortedSet());
        m.put("Collections.emptyNavigableSet", Collections.emptyNavigableSet());
        m.put("Collections.emptySortedMap", Collections.emptySortedMap());
        m.put("Collections.emptyNavigableMap", Collections.emptyNavigableMap());
        m.put("Collections.emptyIterator", Collections.emptyIterator());
        m.put("Collections.emptyListIterator", Collections.emptyListIterator());
        m.put("Collections.emptyEnumeration", Collections.emptyEnumeration());
        m.put("Optional.empty", java.util.Optional.empty());
        m.put("OptionalInt.empty", java.util.OptionalInt.empty());
        m.put("OptionalLong.empty", java.util.OptionalLong.empty());
        m.put("OptionalDouble.empty", java.util.OptionalDouble.empty());
        // The JDK's non-capturing lambdas are one object per JVM: named, they move (a copy could not be made).
        m.put("Function.identity", java.util.function.Function.identity());
        m.put("UnaryOperator.identity", java.util.function.UnaryOperator.identity());
        // Constants in both JDK 17 and 25 (BigDecimal.TWO is 19+: a snapshot naming it could not be read on 17).
        m.put("BigInteger.ZERO", java.math.BigInteger.ZERO);
        m.put("BigInteger.ONE", java.math.BigInteger.ONE);
        m.put("BigInteger.TWO", java.math.BigInteger.TWO);
        m.put("BigInteger.TEN", java.math.BigInteger.TEN);
        m.put("BigDecimal.ZERO", java.math.BigDecimal.ZERO);
        m.put("BigDecimal.ONE", java.math.BigDecimal.ONE);
        m.put("BigDecimal.TEN", java.math.BigDecimal.TEN);
        m.put("String.CASE_INSENSITIVE_ORDER", String.CASE_INSENSITIVE_ORDER);
        m.put("Runtime.getRuntime", Runtime.getRuntime());
        m.put("System.getProperties", System.getProperties()); // the JVM's, where the task resumes
        m.put("System.getenv", System.getenv()); // one map per JVM: the environment of the host it resumes on
        addStatic(m, "java.util.ImmutableCollections", "EMPTY");
        addStatic(m, "java.lang.Throwable", "SUPPRESSED_SENTINEL");
        addStatic(m, "java.lang.Throwable", "UNASSIGNED_STACK");
        addStatic(m, "java.lang.Throwable", "EMPTY_THROWABLE_ARRAY");
        // The predefined formatters (ISO_LOCAL_DATE_TIME, ...), mostly held in static final fields: their
        // printer-parser internals differ between JDK 17 and 21+ (a class one lacks, fields the other
        // computes in a constructor), so a field-by-field copy fails between them; the reading JVM's own
        // are the same formatters.
        for (java.lang.reflect.Field f : java.time.format.DateTimeFormatter.class.getFields()) {
            if (f.getType() == java.time.format.DateTimeFormatter.class && java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                addStatic(m, "java.time.format.DateTimeFormatter", f.getName());
            }
        }
        addStatic(m, "java.time.format.DecimalStyle", "STANDARD");
        addStatic(m, "java.time.chrono.IsoChronology", "INSTANCE");
        return Collections.unmodifiableMap(m);
    }

    private static void addStatic(Map<String, Object> m, String className, String field) {
        try {
            java.lang.reflect.Field f = Class.forName(className).getDeclaredField(field);
            f.setAccessible(true);
            Object value = f.get(null);
            if (value != null) {
                m.put(className + "." + field, value);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // not in this JDK, or not open to Ferry: then it is copied like any other object
        }
    }

    private static Map<Object, String> names() {
        Map<Object, String> names = new IdentityHashMap<>();
        BY_NAME.forEach((name, o) -> names.put(o, name));
        return names;
    }

    private static Set<Class<?>> classes() {
        Set<Class<?>> classes = Collections.newSetFromMap(new IdentityHashMap<>());
        BY_NAME.values().forEach(o -> classes.add(o.getClass()));
        return classes;
    }

    /** The object of this name in this JVM, or null. */
    public static Object byName(String name) {
        return BY_NAME.get(name);
    }

    /** The name of {@code o} if it is one of these objects, else null. */
    public static String nameOf(Object o) {
        return NAMES.get(o);
    }

    /** Whether objects of {@code c} can be well-known at all (a cheap test before the identity lookup). */
    public static boolean mayBe(Class<?> c) {
        return CLASSES.contains(c);
    }
}
