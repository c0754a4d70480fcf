package dev.ferry.corpus;

import java.util.ArrayList;
import java.util.List;

/**
 * Entered as JDK 25's launcher enters a compact source file: an instance {@code void main()}, not
 * public, on an instance made for it; its state lives in the instance's fields as well as locals.
 */
class InstanceMain {
    private final List<Long> primes = new ArrayList<>();
    private long candidate = 2;

    boolean isPrime(long n) {
        for (long p : primes) {
            if (p * p > n) {
                return true;
            }
            if (n % p == 0) {
                return false;
            }
        }
        return true;
    }

    void main() {
        int printed = 0;
        while (primes.size() < 4_000) {
            if (isPrime(candidate)) {
                primes.add(candidate);
                if (primes.size() % 250 == 0) {
                    System.out.println(primes.size() + " primes, the last " + candidate + " (" + ++printed + ")");
                }
            }
            candidate++;
        }
    }
}
