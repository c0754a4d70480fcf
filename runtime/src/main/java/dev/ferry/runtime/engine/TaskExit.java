package dev.ferry.runtime.engine;

import dev.ferry.runtime.continuation.Continuation;

/**
 * How a task's thread ended.
 *
 * @param state        CAPTURED, FINISHED, FAILED or KILLED
 * @param failure      what the task threw, for FAILED; otherwise null
 * @param continuation the captured task, for CAPTURED; otherwise null
 * @param exitStatus   for FINISHED: 0, or the status the task passed to {@code System.exit}
 */
public record TaskExit(TaskState state, Throwable failure, Continuation continuation, int exitStatus) {
    public TaskExit {
        if (!state.isFinal()) {
            throw new IllegalArgumentException("not a final state: " + state);
        }
    }
}
