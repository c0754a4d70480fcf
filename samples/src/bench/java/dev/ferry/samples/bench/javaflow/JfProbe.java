package dev.ferry.samples.bench.javaflow;

import org.apache.commons.javaflow.api.Continuation;
import org.apache.commons.javaflow.api.continuable;

/** Suspends once: only an instrumented copy can be captured by {@code Continuation.startWith} and resumed. */
public final class JfProbe implements Runnable {
    int steps;

    @Override
    public @continuable void run() {
        steps++;
        Continuation.suspend();
        steps++;
    }
}
