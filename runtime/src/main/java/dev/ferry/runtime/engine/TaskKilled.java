package dev.ferry.runtime.engine;

/**
 * Thrown at a task's safepoint when the task is killed. An {@link Error}, so that task code's
 * {@code catch (Exception e)} does not swallow it; {@code finally} blocks still run. A task that
 * catches it anyway meets it again at its next safepoint.
 */
public final class TaskKilled extends Error {
    private static final long serialVersionUID = 1L;

    TaskKilled(String taskName) {
        super("task " + taskName + " was killed");
    }
}
