package dev.ferry.corpus;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** For-each loops over hash and tree collections with captures inside the loop body (live iterators in locals). */
public class CollectionLoops {
    public static void main(String[] args) {
        Map<String, Integer> hash = new HashMap<>();
        Set<Integer> set = new HashSet<>();
        TreeMap<String, Long> tree = new TreeMap<>();
        Map<Integer, String> linked = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            hash.put("k" + i, i * i);
            set.add(i * 7 % 41);
            tree.put("t" + (i * 13 % 40), (long) i);
            linked.put(i * 3, "v" + i);
        }
        for (int round = 0; round < 3; round++) {
            long sum = 0;
            for (Map.Entry<String, Integer> e : hash.entrySet()) {
                sum += work(e.getValue()) ^ e.getKey().hashCode();
            }
            for (int v : set) {
                sum = sum * 31 + work(v);
            }
            StringBuilder order = new StringBuilder();
            for (Map.Entry<String, Long> e : tree.entrySet()) {
                sum += work(e.getValue().intValue());
                order.append(e.getKey()).append(' ');
            }
            for (Integer k : linked.keySet()) {
                sum ^= work(k) + linked.get(k).length();
            }
            System.out.println("round " + round + " sum " + sum + " order " + order);
        }
    }

    static long work(int seed) {
        long x = seed;
        for (int i = 0; i < 30_000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x >>> 50;
    }
}
