package dev.ferry.runtime.snapshot;

import dev.ferry.runtime.continuation.Continuation;
import java.time.Instant;
import java.util.Objects;

/**
 * A captured task with what a resuming host needs to know about it.
 *
 * @param taskId         the task's id
 * @param epoch          how many times the task has been captured before (a fence: a host resumes
 *                       only the newest epoch it has seen)
 * @param engineVersion  the rewriter's engine version the frames were taken with
 * @param capturedOn     where it was captured (host name)
 * @param capturedAt     when
 * @param stdoutBytes    how many bytes the task had written to stdout, for its output stream's position
 * @param stderrBytes    the same for stderr
 * @param continuation   the captured stack, statics and class fingerprints
 */
public record Snapshot(String taskId, long epoch, String engineVersion, String capturedOn, Instant capturedAt,
                       long stdoutBytes, long stderrBytes, Continuation continuation) {
    public Snapshot {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(engineVersion, "engineVersion");
        Objects.requireNonNull(capturedOn, "capturedOn");
        Objects.requireNonNull(capturedAt, "capturedAt");
        Objects.requireNonNull(continuation, "continuation");
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must not be negative: " + epoch);
        }
    }
}
