package dev.ferry.runtime.heap;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hash tables after a move. A {@code HashMap} keeps each key's hash in its nodes and files the
 * nodes by it; keys that use {@code Object.hashCode} (identity) get new hashes in another JVM, or
 * in a copy, so the table must be filed again or lookups miss. This relinks the very same node
 * objects into the right buckets — a {@code LinkedHashMap}'s order, and iterators holding nodes,
 * stay valid — and leaves tables whose keys hash by value (strings, numbers, records) untouched.
 *
 * <p>A {@code Hashtable} (whose entries' hashes are final) is rebuilt through its own API when a
 * key's hash changed; one whose keys hash by value is left as it is.
 *
 * <p>One case cannot be made right: a live {@code HashMap} iterator walks buckets by index, and
 * after refiling it would skip or repeat entries (a {@code Hashtable}'s, after the rebuild, would
 * throw {@code ConcurrentModificationException}). {@link #unmovableIteration} finds it before a
 * snapshot is written, so that the capture is refused (and retried later) instead.
 */
public final class HashTables {
    private static final Field TABLE = field(HashMap.class, "table");
    private static final Class<?> NODE = nested(HashMap.class, "Node");
    private static final Class<?> TREE_NODE = nested(HashMap.class, "TreeNode");
    private static final Field NODE_HASH = field(NODE, "hash");
    private static final Field NODE_KEY = field(NODE, "key");
    private static final Field NODE_NEXT = field(NODE, "next");
    private static final Class<?> HASH_ITERATOR = nested(HashMap.class, "HashIterator");
    private static final Field ITERATOR_MAP = HASH_ITERATOR == null ? null : outer(HASH_ITERATOR);
    private static final Class<?> TABLE_ITERATOR = nested(Hashtable.class, "Enumerator");
    private static final Field TABLE_ITERATOR_MAP = TABLE_ITERATOR == null ? null : outer(TABLE_ITERATOR);
    private static final Field HASHTABLE_TABLE = field(Hashtable.class, "table");
    private static final Class<?> HASHTABLE_ENTRY = nested(Hashtable.class, "Entry");
    private static final Field HASHTABLE_ENTRY_HASH = field(HASHTABLE_ENTRY, "hash");
    private static final Field HASHTABLE_ENTRY_KEY = field(HASHTABLE_ENTRY, "key");
    private static final Field HASHTABLE_ENTRY_NEXT = field(HASHTABLE_ENTRY, "next");

    private HashTables() {
    }

    /** Refiles every hash table among {@code objects} whose keys' hashes changed. */
    public static void rehash(Collection<Object> objects) {
        for (Object o : objects) {
            if (o instanceof HashMap<?, ?> map) {
                refile(map);
            } else if (o instanceof IdentityHashMap<?, ?> map) {
                rebuild(map);
            } else if (o instanceof ConcurrentHashMap<?, ?> map) {
                rebuild(map);
            } else if (o instanceof Hashtable<?, ?> table && o.getClass() != java.util.Properties.class
                    && hashesChanged(table)) {
                rebuild(table); // Properties keeps its entries in a ConcurrentHashMap, refiled on its own
            }
        }
    }

    /**
     * Whether objects of {@code c} are iterators over a {@code HashMap} or {@code HashSet}: the only
     * objects {@link #unmovableIteration} needs to see.
     */
    public static boolean isHashIterator(Class<?> c) {
        return ITERATOR_MAP != null && HASH_ITERATOR.isAssignableFrom(c)
                || TABLE_ITERATOR_MAP != null && TABLE_ITERATOR.isAssignableFrom(c);
    }

    /**
     * Null, or why the graph cannot move now: it holds an iterator in the middle of a
     * {@code HashMap} (or {@code HashSet}) whose keys hash by identity.
     */
    public static String unmovableIteration(Collection<Object> objects) {
        if (ITERATOR_MAP == null) {
            return null;
        }
        for (Object o : objects) {
            Map<?, ?> map = HASH_ITERATOR.isInstance(o) ? (Map<?, ?>) get(ITERATOR_MAP, o)
                    : TABLE_ITERATOR_MAP != null && TABLE_ITERATOR.isInstance(o) ? (Map<?, ?>) get(TABLE_ITERATOR_MAP, o)
                    : null;
            if (map == null) {
                continue;
            }
            for (Object key : map.keySet()) {
                if (key != null && hashesByIdentity(key.getClass())) {
                    return "it is iterating over a " + (map instanceof Hashtable ? "Hashtable" : "HashMap or HashSet")
                            + " keyed by " + key.getClass().getName()
                            + ", which hashes by identity (no hashCode of its own): its order would change on the"
                            + " other side; capture it outside that loop, or give the key class hashCode/equals";
                }
            }
        }
        return null;
    }

    private static boolean hashesByIdentity(Class<?> c) {
        try {
            Class<?> declaring = c.getMethod("hashCode").getDeclaringClass();
            return declaring == Object.class || declaring == Enum.class; // Enum's final hashCode is the identity hash
        } catch (NoSuchMethodException e) {
            return true;
        }
    }

    private static void refile(HashMap<?, ?> map) {
        Object[] table = (Object[]) get(TABLE, map);
        if (table == null) {
            return;
        }
        List<Object> nodes = new ArrayList<>();
        boolean changed = false;
        boolean trees = false;
        for (Object head : table) {
            for (Object n = head; n != null; n = get(NODE_NEXT, n)) {
                trees |= TREE_NODE != null && TREE_NODE.isInstance(n);
                nodes.add(n);
                changed |= (int) get(NODE_HASH, n) != hash(get(NODE_KEY, n));
            }
        }
        if (!changed) {
            return; // untouched, even with tree bins: a rebuild would fail a live iterator (its modCount)
        }
        if (trees) {
            rebuild(map); // a tree bin: rebuild through the public API instead
            return;
        }
        Object[] fresh = (Object[]) java.lang.reflect.Array.newInstance(table.getClass().getComponentType(), table.length);
        Object[] tails = new Object[table.length];
        for (Object n : nodes) {
            int h = hash(get(NODE_KEY, n));
            set(NODE_HASH, n, h);
            set(NODE_NEXT, n, null);
            int index = (table.length - 1) & h;
            if (tails[index] == null) {
                fresh[index] = n;
            } else {
                set(NODE_NEXT, tails[index], n);
            }
            tails[index] = n;
        }
        set(TABLE, map, fresh);
    }

    /** Whether a key of {@code table} now hashes otherwise than its entry remembers. */
    private static boolean hashesChanged(Hashtable<?, ?> table) {
        Object[] buckets = (Object[]) get(HASHTABLE_TABLE, table);
        if (buckets == null) {
            return false;
        }
        for (Object head : buckets) {
            for (Object e = head; e != null; e = get(HASHTABLE_ENTRY_NEXT, e)) {
                if ((int) get(HASHTABLE_ENTRY_HASH, e) != get(HASHTABLE_ENTRY_KEY, e).hashCode()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Re-inserts every entry (new nodes): for tables that must be rebuilt whole. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void rebuild(Map map) {
        Map copy = map instanceof IdentityHashMap ? new IdentityHashMap(map) : new LinkedHashMap(map);
        map.clear();
        map.putAll(copy);
    }

    private static int hash(Object key) {
        int h;
        return key == null ? 0 : (h = key.hashCode()) ^ (h >>> 16);
    }

    private static Object get(Field f, Object o) {
        try {
            return f.get(o);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void set(Field f, Object o, Object v) {
        try {
            f.set(o, v);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Field field(Class<?> c, String name) {
        try {
            Field f = c.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException | RuntimeException e) {
            throw new IllegalStateException("this JDK's " + c.getName() + " has no field " + name
                    + " (or java.base/java.util is not open to Ferry)", e);
        }
    }

    private static Class<?> nested(Class<?> outer, String simpleName) {
        for (Class<?> c : outer.getDeclaredClasses()) {
            if (c.getSimpleName().equals(simpleName)) {
                return c;
            }
        }
        return null;
    }

    private static Field outer(Class<?> inner) {
        for (Field f : inner.getDeclaredFields()) {
            if (f.getName().startsWith("this$")) {
                f.setAccessible(true);
                return f;
            }
        }
        return null;
    }
}
