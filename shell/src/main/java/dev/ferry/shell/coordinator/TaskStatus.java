package dev.ferry.shell.coordinator;

import java.util.EnumSet;
import java.util.Set;

/**
 * A task's lifecycle across the cluster.
 *
 * <pre>
 * LAUNCHING ──▶ RUNNING ⇄ MIGRATING          (a move ends RUNNING, on the new host or the old one)
 *     │            │          │
 *     ▼            ▼          ▼
 *   FAILED    FINISHED / FAILED / KILLED / LOST ──(its host comes back with it)──▶ RUNNING
 * </pre>
 */
public enum TaskStatus {
    LAUNCHING, RUNNING, MIGRATING, FINISHED, FAILED, KILLED, LOST;

    private Set<TaskStatus> next() {
        return switch (this) {
            case LAUNCHING -> EnumSet.of(RUNNING, FAILED, LOST);
            case RUNNING -> EnumSet.of(MIGRATING, FINISHED, FAILED, KILLED, LOST);
            case MIGRATING -> EnumSet.of(RUNNING, FINISHED, FAILED, KILLED, LOST);
            case LOST -> EnumSet.of(RUNNING, FINISHED, FAILED, KILLED);
            case FINISHED, FAILED, KILLED -> EnumSet.noneOf(TaskStatus.class);
        };
    }

    /** Whether the task can never run again. */
    public boolean isFinal() {
        return this == FINISHED || this == FAILED || this == KILLED;
    }

    /**
     * Checks a transition.
     *
     * @throws IllegalStateException naming both states if it is not allowed
     */
    public TaskStatus checkMoveTo(TaskStatus to) {
        if (!next().contains(to)) {
            throw new IllegalStateException("a task cannot go from " + this + " to " + to);
        }
        return to;
    }
}
