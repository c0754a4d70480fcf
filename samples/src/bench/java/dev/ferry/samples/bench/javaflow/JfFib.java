package dev.ferry.samples.bench.javaflow;

import org.apache.commons.javaflow.api.continuable;

/** {@code FibKernel} for javaflow: the same naive recursive Fibonacci, every method continuable. */
public final class JfFib implements JfKernel {
    private final int n;
    private long result;

    public JfFib(int n) {
        this.n = n;
    }

    @Override
    public @continuable void run() {
        result = fib(n);
    }

    static @continuable int fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }

    @Override
    public long result() {
        return result;
    }
}
