package dev.ferry.runtime.engine;

/**
 * What {@code System.exit(status)} in task code throws instead of ending the JVM, which hosts
 * other tasks: it ends the task, as FINISHED with that status. {@code finally} blocks on the way
 * out still run (unlike a real exit).
 */
final class TaskExitRequest extends Error {
    private static final long serialVersionUID = 1L;

    final int status;

    TaskExitRequest(int status) {
        super("task called System.exit(" + status + ")", null, false, false);
        this.status = status;
    }
}
