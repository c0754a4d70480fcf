package dev.ferry.samples.bench.javaflow;

import org.apache.commons.javaflow.api.Continuation;

/**
 * Runs a javaflow kernel inside {@code Continuation.startWith} (it never suspends), {@code warmup}
 * untimed then {@code reps} timed times. Called reflectively by {@code EngineBenchmark}, in a fresh
 * class loader per round, over either the plain or the javaflow-enhanced copy of this package.
 * (No string concatenation with {@code +} here: this class goes through the javaflow enhancer too.)
 */
public final class JfDriver {
    private JfDriver() {
    }

    /** Nanoseconds of each timed repetition, then the checksum (XOR of all results) as the last element. */
    public static long[] run(String kernel, int size, int warmup, int reps) {
        boolean fib = kernel.equals("fib");
        if (!fib && !kernel.equals("nbody")) {
            throw new IllegalArgumentException(kernel);
        }
        long[] out = new long[reps + 1];
        long checksum = 0;
        for (int r = -warmup; r < reps; r++) {
            long start = System.nanoTime();
            JfKernel task = fib ? new JfFib(size) : new JfNBody(size);
            Continuation suspended = Continuation.startWith(task);
            long elapsed = System.nanoTime() - start;
            if (suspended != null) {
                throw new IllegalStateException("kernel suspended");
            }
            checksum ^= task.result();
            if (r >= 0) {
                out[r] = elapsed;
            }
        }
        out[reps] = checksum;
        return out;
    }

    /**
     * Whether this copy of the package is javaflow-instrumented: "suspended and resumed" if
     * {@link JfProbe} was captured at its suspend and then ran to its end, else what happened.
     */
    public static String probe() {
        JfProbe probe = new JfProbe();
        try {
            Continuation c = Continuation.startWith(probe);
            if (c == null) {
                return "not captured: startWith ran it to the end, steps=".concat(String.valueOf(probe.steps));
            }
            if (probe.steps != 1) {
                return "captured with steps=".concat(String.valueOf(probe.steps));
            }
            Continuation after = c.resume();
            if (after != null || probe.steps != 2) {
                return "resume did not finish it, steps=".concat(String.valueOf(probe.steps));
            }
            return "suspended and resumed";
        } catch (RuntimeException | Error e) {
            return "failed: ".concat(String.valueOf(e));
        }
    }
}
