package dev.ferry.runtime;

/**
 * For task objects that hold what cannot move — an open file, a socket, a cache — in
 * {@code transient} fields: Ferry leaves those fields behind (null, zero) when the task moves (unless
 * the class declares its own {@code readObject}, see {@code Tasks.fieldMoves}), and
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
