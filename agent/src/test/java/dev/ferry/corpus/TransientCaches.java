package dev.ferry.corpus;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * Library-style code, as an interpreter's runtime writes it: a serializable class keeps caches in
 * transient fields and rebuilds them in its own {@code readObject}, so its methods never expect
 * them to be null (Rhino's type factory does this). A move keeps transient fields, because nothing
 * runs that readObject; what stands for the old JVM — a class loader, a thread two steps down —
 * stays behind and is looked up again. The cache is shared with a plain field, so a copy that lost
 * it would also lose sharing.
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

    /**
     * Stands for a connection: it holds its reader thread, which cannot move to another JVM (only
     * the task's own thread can: it becomes the thread the task resumes on).
     */
    static final class Connection {
        final Thread owner = new Thread(() -> { }, "connection-reader");
    }

    /** Without a readObject: its buffer moves too; the connection, holding a thread, stays behind. */
    static final class Scratch {
        transient int[] buffer = new int[8];
        private transient Connection connection;

        Connection connection() {
            if (connection == null) {
                connection = new Connection(); // reopened where the task runs now
            }
            return connection;
        }
    }

    /** A weak cache, as libraries keep by the objects they describe: its entries move with their keys. */
    static final Map<Object, String> NAMES = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /** Hashes by identity, so a moved map must file it anew. */
    static final class Marker {
        final int at;

        Marker(int at) {
            this.at = at;
        }
    }

    public static void main(String[] args) {
        java.util.List<Marker> kept = new java.util.ArrayList<>();
        TypeCache cache = new TypeCache();
        Map<String, Integer> seen = cache.byName;
        Scratch scratch = new Scratch();
        long sum = 0;
        for (int i = 0; i < 60; i++) {
            sum += cache.lookup("type" + (i % 7)) + spin(i);
            scratch.buffer[i % 8] += i; // a NullPointerException if the buffer did not move
            if (scratch.connection().owner == null) {
                throw new AssertionError("a connection without its thread");
            }
            if (cache.loader() != TransientCaches.class.getClassLoader()) {
                throw new AssertionError("the cache's loader is not the task's");
            }
            if (i % 10 == 0) {
                Marker m = new Marker(i);
                kept.add(m);
                NAMES.put(m, "marker" + i);
                if (!("marker" + kept.get(0).at).equals(NAMES.get(kept.get(0)))) {
                    throw new AssertionError("the weak cache lost its first entry: " + NAMES);
                }
                System.out.println(i + " weak=" + NAMES.size() + " sum=" + sum + " cached=" + cache.byName.size() + " hits=" + cache.hits
                        + " shared=" + (seen == cache.byName) + " buffer=" + java.util.Arrays.toString(scratch.buffer));
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
