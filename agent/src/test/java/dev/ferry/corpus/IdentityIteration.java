package dev.ferry.corpus;

import java.util.HashSet;
import java.util.Set;

/**
 * Spends its time iterating a HashSet of objects that hash by identity: a move then is refused
 * (the iteration order would change) and the task runs on where it was, printing the same.
 */
public class IdentityIteration {
    static final class Item {
        final int id;

        Item(int id) {
            this.id = id;
        }
    }

    public static void main(String[] args) {
        Set<Item> items = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            items.add(new Item(i));
        }
        long total = 0;
        for (int round = 0; round < 16; round++) { // long enough for several hops even when a slow start takes the first
            for (Item item : items) {
                total += spin(item.id);
            }
            System.out.println(round + " " + total);
        }
    }

    static long spin(int seed) {
        long x = seed;
        for (int i = 0; i < 40_000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x >>> 60;
    }
}
