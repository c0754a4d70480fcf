package dev.ferry.runtime.engine;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A captured task rebuilt in its new class loader, not yet running ({@link Tasks#prepareResume}).
 * Start it once, or {@link #discard()} it: nothing of it runs until {@link #start()}.
 */
public final class PreparedResume {
    private final Supplier<RunningTask> starter;
    private final Runnable discarder;
    /** Set by the first of start and discard: each happens at most once, and never both. */
    private final AtomicBoolean used = new AtomicBoolean();

    PreparedResume(Supplier<RunningTask> starter, Runnable discarder) {
        this.starter = starter;
        this.discarder = discarder;
    }

    /**
     * Starts the task's thread.
     *
     * @throws IllegalStateException if it was started or discarded before
     */
    public RunningTask start() {
        if (!used.compareAndSet(false, true)) {
            throw new IllegalStateException("this task was already started or discarded");
        }
        return starter.get();
    }

    /**
     * Gives up this resume: the task will never run here. Lets go of its unstarted thread, which
     * on JDK 17 and 18 would otherwise keep the task's values reachable for as long as the JVM
     * runs. Does nothing once started; safe to call more than once.
     */
    public void discard() {
        if (used.compareAndSet(false, true)) {
            discarder.run();
        }
    }
}
