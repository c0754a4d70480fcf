package dev.ferry.runtime.engine;

/**
 * The thread group of one task: its thread, and every thread the task starts (they inherit it).
 * It knows its task, so that task code on any of those threads — not only the task's own thread —
 * is recognised as that task's ({@link Engine#exit}).
 */
final class TaskThreadGroup extends ThreadGroup {
    final RunningTask task;

    TaskThreadGroup(RunningTask task, String name) {
        super(name);
        this.task = task;
        // A daemon group is destroyed when its last thread ends. Before JDK 19 a parent group holds
        // its subgroups strongly until then, and through this one the task and everything its
        // frames held: every capture leaked the captured heap (a sieve's 20 MB array per hop).
        setDaemon(true);
    }

    /** The task whose group (or a group inside it) {@code thread} belongs to, or null. */
    static RunningTask taskOf(Thread thread) {
        TaskThreadGroup group = groupOf(thread);
        return group == null ? null : group.task;
    }

    /** The task group {@code thread} belongs to (directly or through a group inside it), or null. */
    static TaskThreadGroup groupOf(Thread thread) {
        for (ThreadGroup g = thread.getThreadGroup(); g != null; g = g.getParent()) {
            if (g instanceof TaskThreadGroup t) {
                return t;
            }
        }
        return null;
    }

    @Override
    public void uncaughtException(Thread t, Throwable e) {
        if (!(e instanceof TaskExitRequest)) { // a helper thread ending the task: not an error to print
            super.uncaughtException(t, e);
        }
    }
}
