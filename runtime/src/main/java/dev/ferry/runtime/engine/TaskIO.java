package dev.ferry.runtime.engine;

import java.io.InputStream;
import java.io.PrintStream;

/**
 * The standard streams as task code sees them. The rewriter replaces task code's reads of
 * {@code System.out}, {@code System.err} and {@code System.in} with these calls, so that each task
 * writes to its own streams — which follow it when it moves — and a captured frame never holds the
 * host's {@code System.out}. <strong>Internal:</strong> called by rewritten code only.
 */
public final class TaskIO {
    private TaskIO() {
    }

    public static PrintStream out(Class<?> caller) {
        return caller.getClassLoader() instanceof TaskClassLoader loader ? loader.out() : System.out;
    }

    public static PrintStream err(Class<?> caller) {
        return caller.getClassLoader() instanceof TaskClassLoader loader ? loader.err() : System.err;
    }

    public static InputStream in(Class<?> caller) {
        return System.in;
    }
}
