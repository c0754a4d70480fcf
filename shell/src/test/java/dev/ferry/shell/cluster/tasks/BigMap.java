package dev.ferry.shell.cluster.tasks;

import java.util.HashMap;
import java.util.Map;

/**
 * {@code BigMap N}: a memo table of N entries ({@code HashMap<Long, Integer>}, Collatz step counts:
 * a heap of N small objects, as programs keep them), then keeps reading and updating it, until
 * killed. The object-graph counterpart of {@link BigState}'s one big array.
 */
public final class BigMap {
    private BigMap() {
    }

    public static void main(String[] args) throws InterruptedException {
        int n = Integer.parseInt(args[0]);
        Map<Long, Integer> steps = new HashMap<>();
        for (long k = 1; k <= n; k++) {
            long x = k;
            int s = 0;
            while (x != 1) {
                x = (x & 1) == 0 ? x >> 1 : 3 * x + 1;
                s++;
            }
            steps.put(k, s);
        }
        System.out.println("ready");
        long k = 1;
        while (true) {
            steps.merge(k, 1, Integer::sum);
            k = k % n + 1;
            if (k % 10_000 == 0) {
                Thread.sleep(1);
            }
        }
    }
}
