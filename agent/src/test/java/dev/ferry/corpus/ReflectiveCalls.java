package dev.ferry.corpus;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;

/**
 * A dispatcher that caches reflective members, as interpreters and frameworks do: methods (a
 * private one made accessible), a field, a constructor, of task classes and of the JDK, kept in a
 * map and a field across the loop. After a move they must name the resumed task's classes.
 */
public class ReflectiveCalls {
    static final class Target {
        private long total;

        Target(long start) {
            total = start;
        }

        private long add(int x) {
            total += x;
            return total;
        }

        public static int square(int x) {
            return x * x;
        }
    }

    private final Map<String, Method> methods = new HashMap<>();
    private Field totalField;
    private Constructor<Target> make;
    private final Method lengthOfString;
    /** Type variables, as a generic-aware library caches them: of a task class, of a method, of a JDK class. */
    private final Map<java.lang.reflect.TypeVariable<?>, String> typeNames = new java.util.concurrent.ConcurrentHashMap<>();

    static final class Box<T extends Number> {
        <R> R map(java.util.function.Function<T, R> f) {
            return null;
        }
    }

    ReflectiveCalls() throws ReflectiveOperationException {
        Method add = Target.class.getDeclaredMethod("add", int.class);
        add.setAccessible(true);
        methods.put("add", add);
        methods.put("square", Target.class.getMethod("square", int.class));
        methods.put("same", add); // two references to one member
        totalField = Target.class.getDeclaredField("total");
        totalField.setAccessible(true);
        make = Target.class.getDeclaredConstructor(long.class);
        lengthOfString = String.class.getMethod("length");
        typeNames.put(Box.class.getTypeParameters()[0], "T");
        typeNames.put(Box.class.getDeclaredMethod("map", java.util.function.Function.class).getTypeParameters()[0], "R");
        typeNames.put(Map.class.getTypeParameters()[1], "V");
    }

    public static void main(String[] args) throws Exception {
        ReflectiveCalls calls = new ReflectiveCalls();
        Target target = calls.make.newInstance(5L);
        long sum = 0;
        for (int i = 0; i < 60; i++) {
            int sq = (Integer) calls.methods.get("square").invoke(null, i % 9);
            long total = (Long) calls.methods.get("add").invoke(target, sq);
            sum += total + (Integer) calls.lengthOfString.invoke("step" + i) + spin(i);
            if (calls.methods.get("same") != calls.methods.get("add")) {
                throw new AssertionError("a member kept twice became two");
            }
            if (calls.methods.get("add").getDeclaringClass() != Target.class) {
                throw new AssertionError("the member names another loader's class");
            }
            if (!"T".equals(calls.typeNames.get(Box.class.getTypeParameters()[0]))
                    || !"V".equals(calls.typeNames.get(Map.class.getTypeParameters()[1]))
                    || calls.typeNames.keySet().stream().noneMatch(v -> v.getGenericDeclaration() instanceof Method)) {
                throw new AssertionError("type variables not found again: " + calls.typeNames);
            }
            if (i % 10 == 0) {
                System.out.println(i + " total=" + calls.totalField.getLong(target) + " sum=" + sum);
            }
        }
        System.out.println("done " + sum);
    }

    static long spin(int seed) {
        long x = seed;
        for (int i = 0; i < 300_000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x >>> 60;
    }
}
