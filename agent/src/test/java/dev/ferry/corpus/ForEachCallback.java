package dev.ferry.corpus;

import java.util.ArrayList;
import java.util.List;

/**
 * Work inside a lambda called by JDK code (List.forEach): never captured through the JDK frame;
 * the capture waits for the loop outside, where it succeeds.
 */
public class ForEachCallback {
    public static void main(String[] args) {
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            items.add(i);
        }
        long[] acc = {0};
        for (int round = 0; round < 40; round++) {
            items.forEach(i -> acc[0] = acc[0] * 31 + work(i));
            long outside = work(round);
            System.out.println(round + " " + acc[0] + " " + outside);
        }
    }

    static long work(int seed) {
        long x = seed;
        for (int i = 0; i < 8_000; i++) {
            x = x * 6364136223846793005L + 1;
        }
        return x >>> 40;
    }
}
