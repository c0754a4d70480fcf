package dev.ferry.samples.bench;

import java.io.PrintStream;

/**
 * Runs a kernel repeatedly and prints each repetition's nanoseconds, one a line, then the
 * checksum. {@code Driver KERNEL SIZE WARMUP REPS}; KERNEL is fib, nbody or spin (which runs until killed).
 */
public final class Driver {
    private Driver() {
    }

    public static void main(String[] args) {
        run(args, System.out);
    }

    public static void run(String[] args, PrintStream out) {
        String kernel = args[0];
        int size = Integer.parseInt(args[1]);
        int warmup = Integer.parseInt(args[2]);
        int reps = Integer.parseInt(args[3]);
        long checksum = 0;
        for (int r = -warmup; r < reps || kernel.equals("spin"); r++) {
            long start = System.nanoTime();
            checksum ^= kernel.equals("fib") ? FibKernel.run(size) : NBodyKernel.run(size);
            long elapsed = System.nanoTime() - start;
            if (r >= 0 && !kernel.equals("spin")) {
                out.println(elapsed);
            }
        }
        out.println("checksum " + checksum);
    }
}
