package dev.ferry.runtime.snapshot;

import java.util.List;

/**
 * Object → id by identity, for the writer's object table: open addressing over one {@code long[]}
 * per table, each slot a key's hash (high half) and its id + 1 (low half, 0 for an empty slot). The
 * keys themselves are not in the table but in the writer's list of objects, consulted only when a
 * hash matches: a million-object snapshot is nearly all first sightings, and each then costs one
 * cache miss in one array, not one per array of keys, hashes and ids — and the garbage collector has
 * no table of references to scan. ({@code IdentityHashMap} boxed every id and spent a third of a
 * million-object snapshot's time resizing.)
 *
 * <p>Strings, the most numerous objects of most heaps, are filed by their own {@code hashCode}
 * instead: an object's first {@code System.identityHashCode} is a call into the JVM that writes the
 * hash into the object's header, and cost more than the rest of writing a short string. Identity
 * still decides: a string is found only as the very same instance. Only one instance of each text is
 * filed there — a second instance with the same text, and texts beyond the eighth of one hash
 * (crafted to collide), go to the identity-hashed table — so equal hashes never pile up in one
 * probe sequence.
 */
final class IdentityIds {
    /** How many different texts of one hash the string table files; more go to the identity table. */
    private static final int SAME_HASH_LIMIT = 8;

    private final List<Object> objects;
    private final Table byIdentity = new Table();
    private final Table byText = new Table();

    /** @param objects the objects by id, to which the writer adds each object {@link #idOrAdd} gives a new id */
    IdentityIds(List<Object> objects) {
        this.objects = objects;
    }

    /**
     * The id of {@code o} if it has one; otherwise records {@code id} (the next, {@code objects.size()})
     * as its id and returns -1. One probe serves both, since a snapshot's objects are nearly all seen
     * for the first time.
     */
    int idOrAdd(Object o, int id) {
        if (o.getClass() == String.class) {
            int found = stringIdOrAdd((String) o, id);
            if (found != ELSEWHERE) {
                return found;
            }
        }
        Table t = byIdentity;
        int hash = System.identityHashCode(o);
        int mask = t.slots.length - 1;
        for (int i = t.slot(hash); ; i = (i + 1) & mask) {
            long e = t.slots[i];
            if (e == 0) {
                t.add(i, hash, id);
                return -1;
            }
            if ((int) (e >>> 32) == hash && objects.get((int) e - 1) == o) {
                return (int) e - 1;
            }
        }
    }

    private static final int ELSEWHERE = -2;

    /**
     * Like {@link #idOrAdd} for a string, or {@link #ELSEWHERE} if it belongs in the identity table.
     * The answer for a given string never changes: entries are never removed, and every entry of a
     * hash lies on that hash's probe path before its first empty slot, before and after growing.
     */
    private int stringIdOrAdd(String s, int id) {
        Table t = byText;
        int hash = s.hashCode();
        int mask = t.slots.length - 1;
        int sameHash = 0;
        for (int i = t.slot(hash); ; i = (i + 1) & mask) {
            long e = t.slots[i];
            if (e == 0) {
                if (sameHash >= SAME_HASH_LIMIT) {
                    return ELSEWHERE;
                }
                t.add(i, hash, id);
                return -1;
            }
            if ((int) (e >>> 32) == hash) {
                Object k = objects.get((int) e - 1);
                if (k == s) {
                    return (int) e - 1;
                }
                if (s.equals(k)) {
                    return ELSEWHERE; // another instance of this text is filed here: this one is filed by identity
                }
                sameHash++;
            }
        }
    }

    /** One open-addressing table of (hash, id + 1) slots. */
    private static final class Table {
        long[] slots = new long[1 << 10];
        private int size;

        /** Fibonacci hashing: texts' hashes are far from uniform in their low bits. */
        int slot(int hash) {
            return (hash * 0x9E3779B9) >>> Integer.numberOfLeadingZeros(slots.length - 1);
        }

        void add(int i, int hash, int id) {
            slots[i] = (long) hash << 32 | (id + 1L);
            if (++size * 2 > slots.length) {
                grow();
            }
        }

        private void grow() {
            long[] old = slots;
            slots = new long[old.length * 2];
            int mask = slots.length - 1;
            for (long e : old) {
                if (e != 0) {
                    int i = slot((int) (e >>> 32));
                    while (slots[i] != 0) {
                        i = (i + 1) & mask;
                    }
                    slots[i] = e;
                }
            }
        }
    }
}
