package dev.ferry.runtime.engine;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A captured task rebuilt in its new class loader, not yet running ({@link Tasks#prepareResume}).
 * Start it once, or drop it: nothing of it runs until {@link #start()}.
 */
public final class PreparedResume {
    private final Supplier<RunningTask> starter;
    private final AtomicBoolean started = new AtomicBoolean();

    PreparedResume(Supplier<RunningTask> starter) {
        this.starter = starter;
    }

    /**
     * Starts the task's thread.
     *
     * @throws IllegalStateException if it was started before
     */
    public RunningTask start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("this task was already started");
        }
        return starter.get();
    }
}
