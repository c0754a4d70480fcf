package dev.ferry.corpus;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Loops over {@code Set.of} and {@code Map.of} collections (entries, keys, values, a two-element
 * set) with the work, and so the captures, inside the loop body. Each JVM walks these collections
 * from a start and in a direction it picks at random; the output depends only on which elements
 * each pass saw, so it is the same in every JVM — unless a loop resumed in a JVM walking the other
 * way went back over elements it had seen (it then fails, naming them). It says on stderr when it
 * ends in a JVM that walks the other way from the one it started in.
 */
public class SaltedIteration {
    static final Set<String> WORDS = Set.of("ant", "bee", "cat", "dog", "eel", "fox", "gnu", "hen", "ibis", "jay", "koi", "lynx");
    static final Map<String, Integer> WEIGHTS = Map.of("a", 1, "b", 2, "c", 3, "d", 4, "e", 5, "f", 6, "g", 7, "h", 8);
    static final Set<Integer> PAIR = Set.of(10, 20);

    static long spin(long x, int n) {
        for (int i = 0; i < n; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x >>> 40;
    }

    public static void main(String[] args) {
        int passes = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int startedWalking = PAIR.iterator().next(); // 10 or 20: which way this JVM walks
        long check = 0;
        for (int pass = 0; pass < passes; pass++) {
            Set<String> seen = new TreeSet<>();
            int visits = 0;
            long sum = 0;
            for (String w : WORDS) {
                visits++;
                seen.add(w);
                sum += spin(w.hashCode(), 2000);
            }
            for (Map.Entry<String, Integer> e : WEIGHTS.entrySet()) {
                visits++;
                seen.add(e.getKey() + "=" + e.getValue());
                sum += spin(e.getValue(), 2000);
            }
            for (String k : WEIGHTS.keySet()) {
                visits++;
                seen.add("key " + k);
                sum += spin(k.hashCode(), 1000);
            }
            for (int v : WEIGHTS.values()) {
                visits++;
                seen.add("value " + v);
                sum += spin(v, 1000);
            }
            for (int p : PAIR) {
                visits++;
                seen.add("pair " + p);
                sum += spin(p, 3000);
            }
            if (visits != 38 || seen.size() != 38) {
                throw new IllegalStateException("pass " + pass + " made " + visits + " visits to " + seen.size()
                        + " distinct elements: " + seen);
            }
            check = check * 31 + sum + seen.hashCode();
            if (pass % 50 == 0) {
                System.out.println("pass " + pass + " sum=" + sum + " seen=" + seen.size());
            }
        }
        System.out.println("check=" + check);
        if (PAIR.iterator().next() != startedWalking) {
            System.err.println("this JVM walks Set.of the other way from the one the task started in");
        }
    }
}
