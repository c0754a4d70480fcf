package dev.ferry.runtime.snapshot;

/**
 * Object → id by identity, for the writer's object table: open addressing over two arrays, no
 * boxing of ids and no per-entry allocation. ({@code IdentityHashMap} boxed every id and spent a
 * third of a million-object snapshot's time resizing.)
 */
final class IdentityIds {
    private Object[] keys = new Object[1 << 12];
    private int[] ids = new int[1 << 12];
    private int size;

    /** The id of {@code o}, or -1. */
    int get(Object o) {
        int mask = keys.length - 1;
        for (int i = System.identityHashCode(o) & mask; ; i = (i + 1) & mask) {
            Object k = keys[i];
            if (k == o) {
                return ids[i];
            }
            if (k == null) {
                return -1;
            }
        }
    }

    /** Records {@code o} (not yet present) under {@code id}. */
    void put(Object o, int id) {
        if (++size * 2 > keys.length) {
            grow();
        }
        insert(keys, ids, o, id);
    }

    private static void insert(Object[] keys, int[] ids, Object o, int id) {
        int mask = keys.length - 1;
        int i = System.identityHashCode(o) & mask;
        while (keys[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = o;
        ids[i] = id;
    }

    private void grow() {
        Object[] oldKeys = keys;
        int[] oldIds = ids;
        keys = new Object[oldKeys.length * 2];
        ids = new int[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                insert(keys, ids, oldKeys[i], oldIds[i]);
            }
        }
    }
}
