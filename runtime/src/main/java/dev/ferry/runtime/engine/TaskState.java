package dev.ferry.runtime.engine;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The lifecycle of a task inside one JVM.
 *
 * <pre>
 *   NEW ──► RUNNING ◄──────► CAPTURING ──► CAPTURED
 *              │   (capture failed)  │
 *              ├──► FINISHED ◄───────┤
 *              ├──► FAILED   ◄───────┤
 *              └──► KILLED   ◄───────┘
 * </pre>
 * CAPTURED, FINISHED, FAILED and KILLED are final: the task's thread has ended. A captured task
 * lives on only as its continuation.
 */
public enum TaskState {
    NEW, RUNNING, CAPTURING, CAPTURED, FINISHED, FAILED, KILLED;

    private static final Map<TaskState, Set<TaskState>> NEXT = Map.of(
            NEW, EnumSet.of(RUNNING, FAILED),
            RUNNING, EnumSet.of(CAPTURING, FINISHED, FAILED, KILLED),
            CAPTURING, EnumSet.of(RUNNING, CAPTURED, FINISHED, FAILED, KILLED),
            CAPTURED, EnumSet.noneOf(TaskState.class),
            FINISHED, EnumSet.noneOf(TaskState.class),
            FAILED, EnumSet.noneOf(TaskState.class),
            KILLED, EnumSet.noneOf(TaskState.class));

    /** Whether a task in this state can move to {@code next}. */
    public boolean canMoveTo(TaskState next) {
        return NEXT.get(this).contains(next);
    }

    /** Whether the task's thread has ended. */
    public boolean isFinal() {
        return NEXT.get(this).isEmpty();
    }

    /** Checks a transition, naming both states if it is illegal. */
    TaskState checkMoveTo(TaskState next) {
        if (!canMoveTo(next)) {
            throw new IllegalStateException("a task cannot go from " + this + " to " + next);
        }
        return next;
    }
}
