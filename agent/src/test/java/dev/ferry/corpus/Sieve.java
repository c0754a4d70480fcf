package dev.ferry.corpus;

/** A sieve over a large boolean[], printing progress. */
public class Sieve {
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000_000;
        boolean[] composite = new boolean[n + 1];
        int count = 0;
        for (int i = 2; i <= n; i++) {
            if (!composite[i]) {
                count++;
                for (long j = (long) i * i; j <= n; j += i) {
                    composite[(int) j] = true;
                }
            }
            if (i % (n / 10) == 0) {
                System.out.println("up to " + i + ": " + count + " primes");
            }
        }
        System.out.println(count);
    }
}
