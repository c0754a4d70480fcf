package dev.ferry.samples.bench;

/** Call-heavy work: naive recursive Fibonacci. */
final class FibKernel {
    private FibKernel() {
    }

    static long run(int n) {
        return fib(n);
    }

    static int fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }
}
