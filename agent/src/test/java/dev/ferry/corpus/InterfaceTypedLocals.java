package dev.ferry.corpus;

import java.util.ArrayList;
import java.util.List;

/**
 * A local that holds a {@code StringBuilder} most of the time and a {@code List} now and then: the
 * bytecode analysis, like the JVM's verifier, calls the merge of the two "a List" (any reference
 * may stand for an interface), so a restore that cast the local back to {@code List} failed with a
 * ClassCastException whenever the capture came while it held the StringBuilder.
 */
public class InterfaceTypedLocals {
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
        List<Integer> items = new ArrayList<>(List.of(1, 2, 3));
        Object cursor = new StringBuilder("sb");
        Object[] cells = new StringBuilder[] {new StringBuilder("cell")};
        long acc = 0;
        for (int i = 0; i < rounds; i++) {
            cursor = i % 40 == 0 ? items : cursor instanceof List ? new StringBuilder("sb" + i) : cursor;
            cells = i % 50 == 0 ? new List<?>[] {items} : cells instanceof List<?>[] ? new StringBuilder[] {new StringBuilder()} : cells;
            acc += work(i) + cursor.toString().length() + cells.length;
            if (i % 500 == 0) {
                System.out.println(i + " " + cursor.getClass().getSimpleName() + " " + acc);
            }
        }
        System.out.println("end " + acc);
    }

    static long work(int seed) {
        long x = seed;
        for (int k = 0; k < 2_000; k++) {
            x = x * 6364136223846793005L + k;
        }
        return x >>> 50;
    }
}
