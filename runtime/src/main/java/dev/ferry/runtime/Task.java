package dev.ferry.runtime;

/**
 * A task entry point, for code written with Ferry in mind. Ferry also launches plain
 * {@code static void main(String[])} classes and {@link Runnable}s; this interface adds the
 * launch arguments to a {@code Runnable}-style object.
 *
 * <p>The implementing class needs a public no-argument constructor. Its {@code run} method, and
 * everything it calls in task classes, can be captured at a safepoint and resumed elsewhere.
 */
public interface Task {
    /**
     * Runs the task.
     *
     * @param args the launch arguments
     * @throws Exception whatever the task throws; it ends the task as FAILED
     */
    void run(String[] args) throws Exception;
}
