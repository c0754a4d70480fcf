package dev.ferry.runtime;

/**
 * For task objects that hold what cannot move — an open file, a socket, a thread — in
 * {@code transient} fields: when the task moves, Ferry leaves such a value behind (the field is
 * null where the task resumes; transient fields holding what can move move like any other), and
 * calls {@link #resumed()} on every such object the task can reach, on the task's thread, after
 * the move and before the task runs on, so that it can reopen them.
 */
public interface Resumable {
    /**
     * Called once after each move, before the task continues. Throwing ends the task as FAILED.
     *
     * @throws Exception whatever reopening threw
     */
    void resumed() throws Exception;
}
