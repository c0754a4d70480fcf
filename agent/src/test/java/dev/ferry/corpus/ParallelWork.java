package dev.ferry.corpus;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A task that hands work to the JVM's common ForkJoinPool — parallel streams, a parallel sort, an
 * async future it joins — between sequential stretches. Captures wait while the pool works for it;
 * the pool's worker threads, which outlive the work by a minute, must not make the task unmovable.
 */
public class ParallelWork {
    static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        return x ^ (x >>> 29);
    }

    public static void main(String[] args) {
        long carried = 1;
        for (int round = 0; round < 24; round++) {
            final long seed = carried;
            long parallelSum = IntStream.range(0, 20_000).parallel().mapToLong(i -> mix(seed + i) & 0xffff).sum();
            long[] values = new long[5_000];
            for (int i = 0; i < values.length; i++) {
                values[i] = mix(seed * 31 + i);
            }
            Arrays.parallelSort(values);
            List<String> words = IntStream.range(0, 300).parallel().mapToObj(i -> Long.toString(mix(seed + i) & 0xfff, 36))
                    .sorted().distinct().limit(5).collect(Collectors.toList());
            long async = CompletableFuture.supplyAsync(() -> mix(seed) & 0xffffff).thenApply(v -> v * 3).join();
            long sequential = 0;
            for (int i = 0; i < 200_000; i++) { // a stretch where a capture can happen anywhere
                sequential += mix(i ^ seed) & 7;
            }
            carried = parallelSum ^ values[values.length / 2] ^ async ^ sequential;
            System.out.println(round + " sum=" + parallelSum + " median=" + values[values.length / 2] + " words=" + words
                    + " async=" + async + " seq=" + sequential);
        }
    }
}
