package dev.ferry.runtime.snapshot;

/**
 * Object → id by identity, for the writer's object table: open addressing over parallel arrays,
 * no boxing of ids and no per-entry allocation. ({@code IdentityHashMap} boxed every id and spent a
 * third of a million-object snapshot's time resizing.) Each slot keeps its key's identity hash, so
 * growing the table reads only these arrays, in order, and never the keys themselves: re-hashing
 * a million objects scattered over the heap was a cache miss each.
 */
final class IdentityIds {
    private Object[] keys = new Object[1 << 12];
    private int[] hashes = new int[1 << 12];
    private int[] ids = new int[1 << 12];
    private int size;

    /**
     * The id of {@code o} if it has one; otherwise records {@code id} as its id and returns -1.
     * One probe serves both, since a snapshot's objects are nearly all seen for the first time.
     */
    int idOrAdd(Object o, int id) {
        int hash = System.identityHashCode(o);
        int mask = keys.length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            Object k = keys[i];
            if (k == o) {
                return ids[i];
            }
            if (k == null) {
                keys[i] = o;
                hashes[i] = hash;
                ids[i] = id;
                if (++size * 2 > keys.length) {
                    grow();
                }
                return -1;
            }
        }
    }

    private void grow() {
        Object[] oldKeys = keys;
        int[] oldHashes = hashes;
        int[] oldIds = ids;
        int capacity = oldKeys.length * 2;
        keys = new Object[capacity];
        hashes = new int[capacity];
        ids = new int[capacity];
        int mask = capacity - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != null) {
                int i = oldHashes[j] & mask;
                while (keys[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                hashes[i] = oldHashes[j];
                ids[i] = oldIds[j];
            }
        }
    }
}
