package dev.ferry.samples;

/**
 * {@code Primes N}: counts the primes below N with a segmented sieve of Eratosthenes, printing the
 * running count after each tenth of the range, then the largest prime found. CPU-bound: a move
 * lands in the middle of crossing off multiples, with the sieve's arrays on the heap.
 */
public final class Primes {
    private Primes() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: Primes N");
            System.exit(2);
        }
        int n = Integer.parseInt(args[0]);
        int[] base = basePrimes((int) Math.sqrt(n) + 1);
        int segment = Math.max(1, (n + 9) / 10);
        boolean[] composite = new boolean[segment];
        long count = 0;
        int largest = -1;
        for (int low = 0; low < n; low += segment) {
            int high = Math.min(n, low + segment);
            java.util.Arrays.fill(composite, false);
            for (int p : base) {
                long start = Math.max((long) p * p, (low + p - 1) / p * (long) p);
                for (long m = start; m < high; m += p) {
                    composite[(int) (m - low)] = true;
                }
            }
            for (int i = Math.max(low, 2); i < high; i++) {
                if (!composite[i - low]) {
                    count++;
                    largest = i;
                }
            }
            System.out.println("primes below " + high + ": " + count);
        }
        System.out.println("largest: " + largest);
    }

    /** The primes below {@code limit}, by a plain sieve. */
    static int[] basePrimes(int limit) {
        boolean[] composite = new boolean[limit + 1];
        int[] primes = new int[limit + 1];
        int found = 0;
        for (int i = 2; i <= limit; i++) {
            if (!composite[i]) {
                primes[found++] = i;
                for (long m = (long) i * i; m <= limit; m += i) {
                    composite[(int) m] = true;
                }
            }
        }
        return java.util.Arrays.copyOf(primes, found);
    }
}
