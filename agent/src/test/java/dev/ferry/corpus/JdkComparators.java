package dev.ferry.corpus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * Collections ordered by comparators that JDK code builds ({@code Comparator.comparing},
 * {@code thenComparing}, {@code comparingInt(...).reversed()}, {@code Map.Entry.comparingByValue()}):
 * lambdas whose capturing class is the JDK's, kept in fields of a TreeMap, a PriorityQueue and a
 * local, and moved with them.
 */
public class JdkComparators {
    record Job(String name, int priority) {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        TreeMap<String, Integer> words = new TreeMap<>(
                Comparator.comparing(String::length).thenComparing(Comparator.reverseOrder()));
        PriorityQueue<Job> jobs = new PriorityQueue<>(
                Comparator.comparingInt(Job::priority).reversed().thenComparing(Job::name));
        Comparator<Map.Entry<String, Integer>> byCount = Map.Entry.comparingByValue();
        long seed = 17;
        long acc = 0;
        for (int r = 0; r < rounds; r++) {
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            String w = Long.toString(seed >>> 40, 26);
            words.merge(w.substring(0, Math.min(w.length(), 1 + (int) (seed >>> 62))), 1, Integer::sum);
            jobs.add(new Job("j" + r, (int) ((seed >>> 33) % 10)));
            if (jobs.size() > 50) {
                acc += jobs.poll().priority();
            }
            long work = 0;
            for (int i = 0; i < 2_000; i++) {
                work += i ^ r;
            }
            acc += work & 1;
            if (r % (rounds / 10) == 0) {
                List<Map.Entry<String, Integer>> entries = new ArrayList<>(words.entrySet());
                entries.sort(byCount.reversed());
                System.out.println(r + " " + words.firstKey() + " " + words.lastKey() + " " + jobs.peek() + " "
                        + entries.get(0).getValue() + " " + acc);
            }
        }
        System.out.println("end " + words.size() + " " + jobs.size() + " " + acc);
    }
}
