package dev.ferry.corpus;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * Library-style code, as an interpreter's runtime writes it: a serializable class keeps caches in
 * transient fields and rebuilds them in its own {@code readObject}, so its methods never expect
 * them to be null (Rhino's type factory does this). A move must keep them, because nothing runs
 * that readObject; the class loader it keeps beside them stands for the JVM it runs in and stays
 * behind. The cache is shared with a plain field, so a copy that lost it would also lose sharing.
 */
public class TransientCaches {
    static final class TypeCache implements Serializable {
        private static final long serialVersionUID = 1L;
        private transient Map<String, Integer> byName = new HashMap<>();
        private transient ClassLoader loader = TypeCache.class.getClassLoader();
        private transient int hits;

        int lookup(String name) {
            Integer known = byName.get(name); // a NullPointerException if a move dropped the cache
            if (known != null) {
                hits++;
                return known;
            }
            int computed = name.chars().reduce(17, (a, b) -> a * 31 + b) & 0xFFFF;
            byName.put(name, computed);
            return computed;
        }

        ClassLoader loader() {
            if (loader == null) {
                loader = TypeCache.class.getClassLoader(); // what a move leaves behind is looked up again
            }
            return loader;
        }

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            byName = new HashMap<>();
            loader = TypeCache.class.getClassLoader();
        }
    }

    /** A class without readObject: its transient field stays behind, as Java serialization leaves it. */
    static final class Scratch {
        transient int[] buffer;

        int[] buffer() {
            if (buffer == null) {
                buffer = new int[8];
            }
            return buffer;
        }
    }

    public static void main(String[] args) {
        TypeCache cache = new TypeCache();
        Map<String, Integer> seen = cache.byName;
        Scratch scratch = new Scratch();
        long sum = 0;
        for (int i = 0; i < 60; i++) {
            sum += cache.lookup("type" + (i % 7)) + spin(i);
            scratch.buffer()[i % 8] = i;
            if (cache.loader() != TransientCaches.class.getClassLoader()) {
                throw new AssertionError("the cache's loader is not the task's");
            }
            if (i % 10 == 0) {
                System.out.println(i + " sum=" + sum + " cached=" + cache.byName.size() + " hits=" + cache.hits
                        + " shared=" + (seen == cache.byName));
            }
        }
        System.out.println("done " + sum + " " + cache.hits);
    }

    static long spin(int seed) {
        long x = seed;
        for (int i = 0; i < 300_000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x >>> 60;
    }
}
